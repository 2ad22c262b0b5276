// Airflow REST API task-instance exports read for calibration: pages of
// {"task_instances": [...], "total_entries": N} from
// GET/POST .../dags/~/dagRuns/~/taskInstances[/list], in the v1 (Airflow 2,
// execution_date, "+00:00" datetimes) or v2 (Airflow 3, logical_date /
// run_after, "Z" datetimes) shape. Only the timing and placement fields are
// read: dag_id, task_id, dag_run_id, map_index, try_number, state, queued_when,
// start_date, end_date, duration, hostname.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/calibration/cloudwatch_input.hpp"

namespace mwaa::calibration {

struct ObservedTry {
  std::string dag_id, task_id, dag_run_id, state, hostname;
  int map_index = -1;
  int try_number = 1;
  // Epoch microseconds; nullopt when the export has null.
  std::optional<std::int64_t> queued_us, start_us, end_us;
  std::optional<double> duration;  // seconds, as the API reports it
};

struct TaskInstanceData {
  std::vector<ObservedTry> tries;
  int api_version = 0;                // 1 (Airflow 2), 2 (Airflow 3), 0 when no record tells
  std::vector<std::string> warnings;  // missing pages, duplicates, mixed shapes
};

// Pages in any order; a record repeated across pages (same dag, run, task,
// map index, try) is kept once. Throws InputError for malformed records and
// unparsable datetimes.
TaskInstanceData parse_task_instances(const std::vector<NamedJson>& pages);
TaskInstanceData read_task_instances(const std::vector<std::string>& files);

}  // namespace mwaa::calibration
