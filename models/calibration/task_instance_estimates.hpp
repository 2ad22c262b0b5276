// What a task-instance export shows directly, before any simulation: queue
// waits, task durations against the scenario's, the start-up overhead where
// the Airflow version makes it visible, worker placement and the completion
// time. Calibration reports these first and starts the start-up overhead's
// search from the estimate.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/calibration/task_instance_input.hpp"
#include "models/scenario.hpp"

namespace mwaa::calibration {

// Observed task durations (code only) differing from the scenario's mean by
// more than this fraction, and by more than the tries' scatter explains, are
// warned about.
inline constexpr double kDurationTolerance = 0.20;

struct DurationStats {
  std::size_t count = 0;
  double mean = 0, p50 = 0, p95 = 0, max = 0;  // seconds
};
DurationStats duration_stats(std::vector<double> seconds);

struct TaskDurationCheck {
  std::string dag_id, task_id;
  std::size_t tries = 0;
  double observed_code_mean = 0;  // seconds of task code, overheads taken out
  double scenario_mean = 0;
};

struct TaskInstanceEstimates {
  std::size_t tries = 0;
  DurationStats queue_wait;  // start_date - queued_when
  DurationStats duration;    // the API's duration of finished tries
  // Airflow 3 sets start_date when the supervisor starts the task, before the
  // DAG file is parsed, so duration = start-up + code + state write: the mean
  // of (duration - scenario mean - state write) over the tasks whose
  // durations match the scenario estimates the start-up mean (the median
  // residual judges which match). Airflow 2 sets it after the parse: the
  // start-up then hides in the queue wait and is not estimated.
  std::optional<double> startup_overhead_mean;
  std::string startup_note;
  std::size_t tasks_compared = 0;            // (dag, task) pairs the scenario has
  std::vector<TaskDurationCheck> differing;  // beyond kDurationTolerance and the scatter, largest first
  std::size_t unmatched_tries = 0;           // tries of tasks the scenario lacks
  std::size_t workers = 0;                   // distinct hostnames
  double tries_per_worker_mean = 0, tries_per_worker_max = 0;
  std::optional<double> first_start;  // seconds after the scenario start
  std::optional<double> completion;   // last end_date, seconds after the scenario start
  std::vector<std::string> warnings;
};

TaskInstanceEstimates estimate_from_task_instances(const Scenario& scenario, const TaskInstanceData& data);
nlohmann::ordered_json estimates_json(const TaskInstanceEstimates& e);

}  // namespace mwaa::calibration
