// `mwaa-sim import airflow`: Airflow REST API responses (2.x /api/v1 and 3.x
// /api/v2 shapes) -> a scenario. Two steps, so tests can feed either:
//
//  1. read_airflow_recording(): pages of /dags, /dags/{id}/tasks,
//     /dags/~/dagRuns, /dags/~/dagRuns/~/taskInstances and /pools, merged
//     (duplicates across pages dropped, total_entries checked) and parsed into
//     typed records. Bad values are InputErrors naming the file and JSON path.
//  2. build_airflow_scenario(): the scenario. Everything left out or assumed
//     is in the result's log.
//
// Field sources (v1 = Airflow 2 marshmallow schemas, v2 = Airflow 3 pydantic):
//  - DAG: dag_id, max_active_runs, max_active_tasks, is_paused.
//  - Task (no dag_id in either version: the DAG is the tasks file's name):
//    task_id, downstream_task_ids, operator_name, class_ref.class_name, pool,
//    pool_slots, priority_weight, weight_rule, retries, retry_delay (v1
//    {"__type": "TimeDelta", "days", "seconds", "microseconds"}; v2 the same
//    object, seconds, or an ISO-8601 duration "PT5M"), trigger_rule,
//    is_mapped, params (trigger_dag_id, raw or as a Param {"value": ...}).
//  - DAG run: dag_id, dag_run_id, run_type, state, queued_at (v2; absent in
//    v1), start_date, end_date, logical_date / execution_date,
//    data_interval_end, triggered_by (v2).
//  - Task instance: dag_id, dag_run_id, task_id, map_index, state, duration,
//    start_date, end_date, try_number.
//  - Pool: name, slots, include_deferred.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/import/import_common.hpp"

namespace mwaa::imports {

enum class AirflowApi { Unknown, V1, V2 };

struct AirflowDag {
  std::string id;
  std::optional<int> max_active_runs, max_active_tasks;
  bool paused = false;
};

struct AirflowTask {
  std::string id;
  std::vector<std::string> downstream;
  std::string operator_class;  // class_ref.class_name, else operator_name ("" if neither)
  std::optional<std::string> pool;
  std::optional<int> pool_slots, priority_weight, retries;
  std::optional<std::string> weight_rule, trigger_rule;
  std::optional<sim::Time> retry_delay;
  std::optional<std::string> trigger_dag_id;  // from params
  bool mapped = false;
  std::string where;  // "file: tasks[3]" for messages
};

struct AirflowRun {
  std::string dag_id, run_id, run_type, triggered_by, state;
  // Epoch microseconds.
  std::optional<std::int64_t> queued_at, start, end, logical, interval_end;
  std::string where;
};

struct AirflowTaskInstance {
  std::string dag_id, run_id, task_id, state;
  int map_index = -1;
  std::optional<double> duration;  // seconds
  std::optional<std::int64_t> start, end;
};

struct AirflowPool {
  std::string name;
  int slots = 0;  // -1 unlimited
  bool include_deferred = false;
};

struct AirflowRecording {
  AirflowApi api = AirflowApi::Unknown;
  std::vector<AirflowDag> dags;                            // from /dags; may be empty
  std::map<std::string, std::vector<AirflowTask>> tasks;   // by dag_id
  std::vector<AirflowRun> runs;
  std::vector<AirflowTaskInstance> task_instances;
  std::vector<AirflowPool> pools;
  std::optional<Json> environment;                         // `aws mwaa get-environment` output, as is
  ImportLog log;                                           // what reading did

  // Bookkeeping of the pages for finish_recording(): per collection ("dags",
  // "dag_runs", ...) the pages read and the largest total_entries seen, and
  // fields only one API version has.
  struct Collection {
    int pages = 0;
    std::int64_t total_entries = -1;
  };
  std::map<std::string, Collection> collections;
  int v1_markers = 0, v2_markers = 0;
};

// Where the responses are. Each list entry is a file or a directory of page
// files. tasks_dir holds one /dags/{dag_id}/tasks response per DAG, named
// "<dag_id>.json" (or a directory "<dag_id>/" of pages).
struct AirflowFiles {
  std::vector<std::string> dags, dag_runs, task_instances, pools;
  std::string tasks_dir;
  std::string environment;  // "" = none
};

// The layout tools/collect-airflow.sh writes: DIR/dags, DIR/tasks,
// DIR/dag_runs, DIR/task_instances, DIR/pools, DIR/environment.json (each
// used when present).
AirflowFiles airflow_files_in(const std::string& dir);

AirflowRecording read_airflow_recording(const AirflowFiles& files);

// The pieces of read_airflow_recording, for callers holding responses in
// memory. Each takes one response page ({"dags": [...], "total_entries": N},
// the `aws mwaa invoke-rest-api` output around it, or a bare array).
void add_dags_page(AirflowRecording& rec, const Json& page, const std::string& source);
void add_tasks_page(AirflowRecording& rec, const std::string& dag_id, const Json& page, const std::string& source);
void add_dag_runs_page(AirflowRecording& rec, const Json& page, const std::string& source);
void add_task_instances_page(AirflowRecording& rec, const Json& page, const std::string& source);
void add_pools_page(AirflowRecording& rec, const Json& page, const std::string& source);
// After the pages: drops duplicates (overlapping pages), checks total_entries,
// detects the API version, logs what was read.
void finish_recording(AirflowRecording& rec);

enum class DurationMode { Replay, Fitted };
enum class ArrivalMode { Recorded, Rate };

struct AirflowImportOptions {
  // Replay: each task's duration is the empirical distribution of its
  // recorded durations. Fitted: a lognormal fitted by median and p95
  // (empirical below 5 samples).
  DurationMode durations = DurationMode::Replay;
  // Recorded: each run is a trigger_at at its recorded creation time.
  // Rate: each DAG's runs evenly spaced at its recorded mean rate (a schedule).
  ArrivalMode arrivals = ArrivalMode::Recorded;
  std::string name = "airflow-import";
};

ImportResult build_airflow_scenario(const AirflowRecording& rec, const AirflowImportOptions& options);

// Helpers with their own tests.
// A retry_delay / timedelta in any shape the two API versions print; nullopt
// for null. Throws InputError (at `where`) for anything else.
std::optional<sim::Time> parse_api_timedelta(const Json& v, const std::string& file, const std::string& path);
// Percentile with linear interpolation between order statistics (numpy's default).
double percentile(std::vector<double> samples, double p);

}  // namespace mwaa::imports
