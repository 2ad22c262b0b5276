// "workload": gathers the DAGs of "dags", "families" and "generators", parses
// each, then checks what spans DAGs: unique dag_ids, trigger targets, pools,
// and that some DAG actually runs.
#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <unordered_map>

#include "models/resource_estimate.hpp"
#include "models/scenario_loader_parts.hpp"

namespace mwaa::input {

namespace {

TaskDefaults task_defaults(const AirflowConfig& a) {
  TaskDefaults d;
  d.retries = a.default_task_retries;
  d.retry_delay = a.default_task_retry_delay;
  d.weight_rule = a.default_task_weight_rule == "upstream"   ? WeightRule::Upstream
                  : a.default_task_weight_rule == "absolute" ? WeightRule::Absolute
                                                             : WeightRule::Downstream;
  return d;
}

std::string some_of(const std::vector<std::string>& items, std::size_t shown = 5) {
  std::vector<std::string> head(items.begin(),
                                items.begin() + static_cast<std::ptrdiff_t>(std::min(shown, items.size())));
  std::string out = join(head);
  if (items.size() > shown) out += " and " + std::to_string(items.size() - shown) + " more";
  return out;
}

void check_pools(const Workload& wl, const std::vector<std::vector<Where>>& where, const std::vector<PoolSpec>& pools,
                 std::vector<std::string>& warnings) {
  std::vector<std::string> names;
  for (const auto& p : pools) names.push_back(p.name);
  struct Starved {
    std::size_t count = 0;
    std::string example;
  };
  std::map<std::string, Starved> starved;  // by pool, for one warning per pool
  for (std::size_t d = 0; d < wl.dags.size(); ++d) {
    for (std::size_t t = 0; t < wl.dags[d].tasks.size(); ++t) {
      const TaskSpec& task = wl.dags[d].tasks[t];
      const auto pool =
          std::find_if(pools.begin(), pools.end(), [&](const PoolSpec& p) { return p.name == task.pool; });
      if (pool == pools.end()) {
        const auto near = nearest(task.pool, names);
        where[d][t].key("pool").fail("task \"" + task.id + "\" of DAG \"" + wl.dags[d].id + "\" uses pool \"" +
                                     task.pool + "\" which does not exist; pools: " + join(names) +
                                     (near ? " (did you mean \"" + *near + "\"?)" : std::string()));
      }
      if (pool->slots >= 0 && task.pool_slots > pool->slots) {
        Starved& s = starved[pool->name];
        if (s.count++ == 0)
          s.example =
              "task \"" + task.id + "\" of DAG \"" + wl.dags[d].id + "\" needs " + std::to_string(task.pool_slots);
      }
    }
  }
  for (const auto& [name, s] : starved) {
    const std::string& pool_name = name;  // clang 14 cannot capture a structured binding
    const auto pool = std::find_if(pools.begin(), pools.end(), [&](const PoolSpec& p) { return p.name == pool_name; });
    warnings.push_back(std::to_string(s.count) + " task(s) need more slots than pool \"" + pool_name + "\" has (" +
                       std::to_string(pool->slots) +
                       "): Airflow never queues them, they stay scheduled forever (e.g. " + s.example + ")");
  }
}

// DAGs that get runs: a trigger_at or a schedule, or a TriggerDagRun task in a
// DAG that itself runs.
std::vector<bool> dags_that_run(const Workload& wl, const std::unordered_map<std::string, std::size_t>& index) {
  std::vector<bool> runs(wl.dags.size(), false);
  std::deque<std::size_t> todo;
  for (std::size_t d = 0; d < wl.dags.size(); ++d) {
    const DagSpec& dag = wl.dags[d];
    if (!dag.trigger_times.empty() || (dag.schedule && (!dag.schedule->count || *dag.schedule->count > 0))) {
      runs[d] = true;
      todo.push_back(d);
    }
  }
  while (!todo.empty()) {
    const std::size_t d = todo.front();
    todo.pop_front();
    for (const TaskSpec& t : wl.dags[d].tasks)
      for (const std::string& target : t.trigger_dag_ids) {
        const std::size_t x = index.at(target);
        if (!runs[x]) {
          runs[x] = true;
          todo.push_back(x);
        }
      }
  }
  return runs;
}

// Before "repeat" multiplies tasks: their count, from the sources alone, must
// fit in memory once loaded (a 2 KB file can ask for 10^7 tasks).
void refuse_if_too_many_tasks(const std::vector<DagSource>& sources, const Where& w) {
  double tasks = 0;
  for (const DagSource& source : sources)
    for (const auto& [task, where] : source.tasks) {
      const Json* repeat = task.is_object() ? member(task, "repeat") : nullptr;
      // Only what parse_dag will accept counts; it reports anything else.
      const double n = repeat && repeat->is_number() ? repeat->get<double>() : 1;
      tasks += n >= 1 && n <= kMaxRepeat && std::floor(n) == n ? n : 1;
    }
  refuse_if_more_than_available(tasks * kMemoryCosts.per_loaded_task, w.file, w.path,
                                "loading " + format_count(tasks) + " tasks (with \"repeat\" expanded)");
}

}  // namespace

Workload parse_workload(const Json& v, const Where& w, const AirflowConfig& airflow, const std::vector<PoolSpec>& pools,
                        std::vector<std::string>& warnings) {
  expect_object(v, w);
  check_keys(v, w, {"dags", "families", "generators"});
  std::vector<DagSource> plain, made;
  if (const Json* x = member(v, "dags")) plain = dag_sources(*x, w.key("dags"));
  if (const Json* x = member(v, "families")) {
    expect_array(*x, w.key("families"));
    for (std::size_t i = 0; i < x->size(); ++i) {
      auto family = expand_family((*x)[i], w.key("families").index(i), plain);
      std::move(family.begin(), family.end(), std::back_inserter(made));
    }
  }
  if (const Json* x = member(v, "generators")) {
    expect_array(*x, w.key("generators"));
    for (std::size_t i = 0; i < x->size(); ++i) {
      auto generated = expand_generator((*x)[i], w.key("generators").index(i), warnings);
      std::move(generated.begin(), generated.end(), std::back_inserter(made));
    }
  }
  std::move(made.begin(), made.end(), std::back_inserter(plain));
  refuse_if_too_many_tasks(plain, w);

  Workload wl;
  const TaskDefaults defaults = task_defaults(airflow);
  std::vector<std::vector<Where>> task_where(plain.size());
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t d = 0; d < plain.size(); ++d) {
    wl.dags.push_back(parse_dag(plain[d], defaults, task_where[d]));
    const auto [it, fresh] = index.emplace(wl.dags.back().id, d);
    if (!fresh)
      plain[d].id_where.fail("duplicate dag_id \"" + wl.dags.back().id + "\" (also defined at " +
                             plain[it->second].id_where.path + ")");
  }

  std::vector<std::string> all_ids;
  for (const auto& dag : wl.dags) all_ids.push_back(dag.id);
  for (std::size_t d = 0; d < wl.dags.size(); ++d)
    for (std::size_t t = 0; t < wl.dags[d].tasks.size(); ++t)
      for (const std::string& target : wl.dags[d].tasks[t].trigger_dag_ids)
        if (!index.count(target))
          task_where[d][t]
              .key("trigger_dag_ids")
              .fail("task \"" + wl.dags[d].tasks[t].id + "\" of DAG \"" + wl.dags[d].id + "\" triggers DAG \"" +
                    target + "\" which does not exist" + suggest(target, all_ids));
  check_pools(wl, task_where, pools, warnings);

  const std::vector<bool> runs = dags_that_run(wl, index);
  std::vector<std::string> idle;
  for (std::size_t d = 0; d < wl.dags.size(); ++d)
    if (!runs[d]) idle.push_back(wl.dags[d].id);
  if (idle.size() == wl.dags.size())
    w.fail(
        "workload has no DAG runs: nothing would ever run (give a DAG \"trigger_at\" or a \"schedule\", or trigger "
        "it from a DAG that runs)");
  if (!idle.empty())
    warnings.push_back(
        std::to_string(idle.size()) +
        " DAG(s) never run: no trigger_at, no schedule and no TriggerDagRun task of a running DAG targets "
        "them: " +
        some_of(idle));
  return wl;
}

}  // namespace mwaa::input
