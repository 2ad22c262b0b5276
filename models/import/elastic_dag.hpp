// Airflow's scheduler benchmark DAGs: dev/perf/dags/elastic_dag.py of
// apache/airflow (scripts/perf/dags/ in 2.x), configured there by PERF_*
// environment variables. Shared by the loader's "elastic_dag" generator
// (models/scenario_loader_elastic.cpp) and `mwaa-sim import elastic-dag`.
//
// Exactly as the Python file builds them:
//  - DAG ids: safe_dag_id("__".join([PERF_DAG_PREFIX, "SHAPE=<shape>",
//    "DAGS_COUNT=<n>_of_<count>", "TASKS_COUNT=$<tasks>",
//    "START_DATE=$<PERF_START_AGO>", "SCHEDULE=$<PERF_SCHEDULE_INTERVAL>"]))
//    where safe_dag_id replaces every run of characters outside [0-9a-zA-Z_]
//    by one '_'; DAG numbers 1..count.
//  - Tasks: BashOperator "tasks__<i>_of_<tasks>", i = 1..tasks, in order.
//  - Edges (a -> b: a is upstream of b; t0 is the first task):
//      no_structure: none;
//      linear:       chain(): t0 -> t1 -> ... ;
//      binary_tree:  t[i] -> t[(i - 1) // 2] for i >= 1 (the code's
//                    set_downstream makes each child run *before* its parent,
//                    the reverse of the function's docstring drawing);
//      star:         t[i] -> t0 for i >= 1 (t0.set_upstream(rest));
//      grid:         with n the smallest size such that n(n+1)/2 >= tasks and
//                    index(i, j) = n*i - i*(i-1)/2 + j: t[index(i+1, j)] ->
//                    t[index(i, j)] and t[index(i, j+1)] -> t[index(i, j)]
//                    where both exist; at most 4950 tasks.
//  - PERF_MAX_RUNS with "@once" or "None" is an error, as there.
//
// Runs (the Python file sets start_date = now - PERF_START_AGO and, with
// PERF_MAX_RUNS, end_date = start_date + interval x (runs - 1); catchup is
// assumed on, Airflow 2's default and what the benchmark relies on):
//  - "@once": one scheduled run, due at T+0.
//  - "None": no scheduled run (give trigger_at for manual runs).
//  - an interval I with start_ago S: run k (0-based) is due at (k+1)I - S.
//    * none due yet (S < I): schedule first = I - S, every I: exact.
//    * every run due (max_runs N and N intervals have ended by T+0): all N
//      are due at once; the scenario format cannot start a schedule in the
//      past, so the schedule is first = 0, interval = 1us: every run is due
//      at the first scheduler loop, as in Airflow (their logical dates differ
//      from Airflow's by construction; run ids show it).
//    * otherwise (a backlog and later runs): approximated by first = 0,
//      every I, with a warning saying so.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/time.hpp"

namespace mwaa::imports {

enum class ElasticShape { NoStructure, Linear, BinaryTree, Star, Grid };

std::optional<ElasticShape> parse_elastic_shape(std::string_view name);
std::string elastic_shape_name(ElasticShape shape);  // "no_structure", ...
const std::vector<std::string>& elastic_shape_names();

struct ElasticDagParams {
  int dags_count = 1;                         // PERF_DAGS_COUNT, >= 1
  int tasks_count = 1;                        // PERF_TASKS_COUNT, >= 1
  ElasticShape shape = ElasticShape::NoStructure;  // PERF_SHAPE
  std::string schedule_interval = "@once";    // PERF_SCHEDULE_INTERVAL: "@once", "None" or e.g. "5m", "1h30m"
  std::optional<int> max_runs;                // PERF_MAX_RUNS, >= 1
  std::string start_ago = "1h";               // PERF_START_AGO
  std::string dag_prefix = "perf_scheduler";  // PERF_DAG_PREFIX
  nlohmann::json task_duration = 0;           // a scenario distribution; "echo test" takes ~0 s
  std::vector<sim::Time> trigger_at;          // extra manual runs of every DAG (not in the benchmark)
};

// Airflow's parse_time_delta: "2d8h5m20s", parts optional and in that order,
// decimals allowed ("1.5h"). nullopt when the text does not match.
std::optional<sim::Time> parse_perf_time_delta(std::string_view text);

// Dependency edges (upstream index, downstream index) over task indices
// 0..tasks_count-1, in the order the Python code adds them. Throws
// std::invalid_argument for a grid of more than 4950 tasks.
std::vector<std::pair<int, int>> elastic_edges(ElasticShape shape, int tasks_count);

std::string elastic_dag_id(const ElasticDagParams& p, int dag_no);  // dag_no 1-based
std::string elastic_task_id(int i, int tasks_count);                 // i 1-based

// The scenario "schedule" object of every DAG (absent for "None"); `notes`
// gets the approximation warning when one is made. Throws
// std::invalid_argument for invalid parameters (the message names the key).
std::optional<nlohmann::ordered_json> elastic_schedule(const ElasticDagParams& p, std::vector<std::string>& notes);

// Every DAG as a scenario "workload.dags" entry. Throws std::invalid_argument
// for invalid parameters.
std::vector<nlohmann::ordered_json> elastic_dags(const ElasticDagParams& p, std::vector<std::string>& notes);

// The same parameters as a workload "generators" entry ({"kind": "elastic_dag", ...}).
nlohmann::ordered_json elastic_generator_json(const ElasticDagParams& p);

}  // namespace mwaa::imports
