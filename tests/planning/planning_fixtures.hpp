// Small scenarios for the planning tests, loaded from inline JSON so the tests
// do not depend on the shipped scenario files. Each runs in milliseconds.
#pragma once

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"
#include "models/scenario_loader.hpp"

namespace planning_test {

// Three DAGs of a 4-task chain with random durations: replications differ.
inline mwaa::Scenario small_scenario(const std::string& time_limit = "1h") {
  const nlohmann::json doc = nlohmann::json::parse(R"({
    "name": "planning-small",
    "environment": {"EnvironmentClass": "mw1.small", "MinWorkers": 1, "MaxWorkers": 3, "Schedulers": 2},
    "seed": 11,
    "targets": {"completion": "2m", "max_queue_age": "30s"},
    "workload": {"dags": [
      {"dag_id": "a", "trigger_at": ["0s"], "tasks": [
        {"task_id": "t1", "duration": {"uniform": ["5s", "15s"]}},
        {"task_id": "t2", "duration": {"uniform": ["5s", "15s"]}, "upstream": ["t1"]},
        {"task_id": "t3", "duration": {"uniform": ["5s", "15s"]}, "upstream": ["t2"]},
        {"task_id": "t4", "duration": {"uniform": ["5s", "15s"]}, "upstream": ["t3"]}]},
      {"dag_id": "b", "trigger_at": ["5s"], "tasks": [
        {"task_id": "t1", "duration": {"uniform": ["5s", "15s"]}},
        {"task_id": "t2", "duration": {"uniform": ["5s", "15s"]}, "upstream": ["t1"]}]},
      {"dag_id": "c", "trigger_at": ["10s"], "tasks": [
        {"task_id": "t1", "duration": {"uniform": ["5s", "15s"]}}]}
    ]}
  })");
  nlohmann::json d = doc;
  d["time_limit"] = time_limit;
  return mwaa::load_scenario(d, "planning-small.json");
}

}  // namespace planning_test
