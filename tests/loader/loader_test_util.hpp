// Helpers for the loader tests: load a scenario from JSON text, expect an
// InputError with a given file, path and message fragments.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/errors.hpp"
#include "models/scenario.hpp"
#include "models/scenario_loader.hpp"

namespace loader_test {

using nlohmann::json;

inline std::string scenario_path(const std::string& name) {
  return std::string(MWAA_SIM_SOURCE_DIR) + "/scenarios/" + name;
}

inline mwaa::Scenario load(const json& doc, const std::string& base_dir = ".") {
  return mwaa::load_scenario(doc, "test.json", base_dir);
}

// The smallest valid scenario: one DAG, one task, triggered at T+0.
inline json minimal() {
  return json::parse(R"({
    "workload": {"dags": [{"dag_id": "d", "trigger_at": ["0s"], "tasks": [{"task_id": "t", "duration": "1s"}]}]}
  })");
}

struct Caught {
  bool thrown = false;
  std::string file, path, message, what;
};

inline Caught catch_input_error(const std::function<void()>& f) {
  Caught c;
  try {
    f();
  } catch (const mwaa::InputError& e) {
    c = {true, e.file(), e.path(), e.message(), e.what()};
  }
  return c;
}

// Loading `doc` fails with an InputError at `path` whose message contains every fragment.
inline void require_error(const json& doc, const std::string& path, const std::vector<std::string>& fragments) {
  const Caught c = catch_input_error([&] { load(doc); });
  INFO("doc: " << doc.dump());
  REQUIRE(c.thrown);
  INFO("what(): " << c.what);
  CHECK(c.file == "test.json");
  CHECK(c.path == path);
  for (const auto& f : fragments) CHECK(c.message.find(f) != std::string::npos);
  // what() = "file: path: message"
  CHECK(c.what.find("test.json: " + (path.empty() ? std::string() : path + ": ")) == 0);
}

inline bool has_warning(const mwaa::Scenario& s, const std::string& fragment) {
  return std::any_of(s.warnings.begin(), s.warnings.end(),
                     [&](const std::string& w) { return w.find(fragment) != std::string::npos; });
}

}  // namespace loader_test
