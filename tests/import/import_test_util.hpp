// Helpers for the importer tests: fixture paths, finding DAGs and tasks in an
// imported scenario, catching InputErrors, and checking that a simulated run
// of an imported scenario ran every task after its upstreams.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "models/errors.hpp"
#include "models/import/import_common.hpp"
#include "models/result.hpp"
#include "models/scenario.hpp"

namespace import_test {

using mwaa::imports::Json;
using mwaa::imports::OJson;

inline std::string fixture(const std::string& name) { return std::string(MWAA_SIM_TEST_DIR) + "/import/fixtures/" + name; }

inline const OJson& dag(const OJson& scenario, const std::string& id) {
  for (const auto& d : scenario.at("workload").at("dags"))
    if (d.at("dag_id") == id) return d;
  FAIL("no DAG " << id << " in " << scenario.dump());
  throw std::logic_error("unreachable");
}

inline const OJson& task(const OJson& dag, const std::string& id) {
  for (const auto& t : dag.at("tasks"))
    if (t.at("task_id") == id) return t;
  FAIL("no task " << id << " in " << dag.dump());
  throw std::logic_error("unreachable");
}

inline bool contains(const std::vector<std::string>& lines, const std::string& fragment) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(fragment) != std::string::npos; });
}

struct Caught {
  bool thrown = false;
  std::string file, path, message;
};

inline Caught catch_input_error(const std::function<void()>& f) {
  Caught c;
  try {
    f();
  } catch (const mwaa::InputError& e) {
    c = {true, e.file(), e.path(), e.message()};
  }
  return c;
}

// The upstream ids of each task, by DAG, as the loaded scenario has them.
inline std::map<std::string, std::map<std::string, std::set<std::string>>> structure(const mwaa::Scenario& s) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> out;
  for (const auto& d : s.workload.dags)
    for (const auto& t : d.tasks) out[d.id][t.id] = std::set<std::string>(t.upstream.begin(), t.upstream.end());
  return out;
}

// Every run of the result ran every task of its DAG to success, each after
// all its upstreams had ended.
inline void require_complete_and_ordered(const mwaa::Scenario& s, const mwaa::RunResult& r) {
  REQUIRE(r.finished);
  // (run, task) -> the successful try
  std::map<std::pair<std::uint32_t, std::uint32_t>, const mwaa::TaskInstanceRecord*> done;
  for (const auto& ti : r.task_instances)
    if (ti.state == mwaa::TiState::Success) done[{ti.run, ti.task}] = &ti;
  for (std::uint32_t run = 0; run < r.dag_runs.size(); ++run) {
    const auto& spec = s.workload.dags[r.dag_runs[run].dag];
    for (std::uint32_t t = 0; t < spec.tasks.size(); ++t) {
      INFO("DAG " << spec.id << " run " << run << " task " << spec.tasks[t].id);
      const auto it = done.find({run, t});
      REQUIRE(it != done.end());
      for (const auto& up : spec.tasks[t].upstream) {
        const auto u = std::find_if(spec.tasks.begin(), spec.tasks.end(), [&](const mwaa::TaskSpec& x) { return x.id == up; });
        const auto ut = done.at({run, static_cast<std::uint32_t>(u - spec.tasks.begin())});
        // An EmptyOperator never starts; whatever ran must begin after its upstream ended.
        if (it->second->start.us >= 0) CHECK(ut->end <= it->second->start);
        else CHECK(ut->end <= it->second->end);
      }
    }
  }
}

}  // namespace import_test
