// Every task-instance try of a run, as Airflow's REST API lists them:
// {"task_instances": [...], "total_entries": N}, so tools written for real
// exports (replay, calibration, dashboards) read simulated ones unchanged.
//
// Shape follows the scenario's Airflow version:
//  - Airflow 3 (API v2, TaskInstanceResponse): task_id, dag_id, dag_run_id,
//    map_index, logical_date, run_after, start_date, end_date, duration, state,
//    try_number, max_tries, task_display_name, hostname, pool, pool_slots,
//    queue, priority_weight, operator, queued_when, scheduled_when, executor.
//    Datetimes "2025-05-01T10:00:03.250000Z" (pydantic), or null.
//  - Airflow 2 (API v1, TaskInstanceSchema): execution_date instead of
//    logical_date/run_after, no scheduled_when and no executor (neither is in
//    the v1 schema). Datetimes as marshmallow prints them: Python isoformat,
//    "2025-05-01T10:00:03.250000+00:00" (no fraction when it is zero).
// Fields the simulation has no notion of (id, unixname, pid, note, rendered
// fields, trigger, dag_version) are left out rather than invented.
//
// Values:
//  - dag_run_id: "manual__<created>" for manual/triggered runs,
//    "scheduled__<logical date>" for scheduled ones, in Python isoformat as
//    Airflow builds run ids (Airflow 3 adds a random suffix to manual run ids
//    without a logical date; it is omitted to keep exports deterministic).
//  - logical_date null for runs without one (Airflow 3 manual runs);
//    execution_date (2.x) falls back to the creation time. run_after is the
//    run's creation time.
//  - state: Airflow's lowercase names; a try never scheduled (TiState::None) is null.
//  - start_date as the simulation recorded it, which already follows the
//    version (3.x: before the DAG file parse; 2.x: after).
//  - duration: end - start in seconds, null unless both exist.
//  - priority_weight: the effective weight (weight_rule applied, compile_dag).
//  - operator: PythonOperator / EmptyOperator / TriggerDagRunOperator.
//  - hostname: the worker's name, "" when the try never reached a worker.
//  - queue "default", executor "CeleryExecutor", map_index -1, max_tries = retries.
// Records keep the simulation's order (deterministic).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/result.hpp"
#include "models/scenario.hpp"

namespace mwaa {

// Effective priority weights, by DAG index then task index.
using PriorityTable = std::vector<std::vector<std::int64_t>>;

// Compiles every DAG of the workload (models/dag_graph.hpp) for its weights.
// Throws InputError for a cyclic DAG (a loaded scenario has none).
PriorityTable effective_priorities(const Scenario& scenario);

nlohmann::ordered_json task_instances_json(const Scenario& scenario, const RunResult& result);
// With weights computed elsewhere (tests; callers that compiled the DAGs already).
// A missing entry falls back to the task's own priority_weight.
nlohmann::ordered_json task_instances_json(const Scenario& scenario, const RunResult& result,
                                           const PriorityTable& priorities);

// Airflow's run id of a recorded DAG run (see above).
std::string dag_run_id(const Scenario& scenario, const DagRunRecord& run);

}  // namespace mwaa
