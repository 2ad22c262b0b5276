// The scenario loader's parts, one file each: environment
// (scenario_loader_environment.cpp), pools and model block
// (scenario_loader_settings.cpp), workload (scenario_loader_workload.cpp,
// scenario_loader_tasks.cpp), families (scenario_loader_families.cpp) and
// generators (scenario_loader_generators.cpp). Internal to the loader.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "models/scenario.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::input {

// "environment": the `aws mwaa get-environment` Environment object, the CLI's
// whole output {"Environment": {...}}, or {"file": "path"} holding either.
EnvironmentSettings parse_environment(const Json& v, const Where& w, const std::string& base_dir,
                                      std::vector<std::string>& warnings);

// "pools" (absent: only default_pool). default_pool first.
std::vector<PoolSpec> parse_pools(const Json* v, const Where& w, const AirflowConfig& airflow,
                                  std::vector<std::string>& warnings);

// "model": keys of model_parameters().
ModelParams parse_model(const Json& v, const Where& w);

// A DAG as JSON before parsing, with where each part came from: families and
// generators make DAGs that are not written out in the file, so their errors
// point at the template or generator that made them.
struct DagSource {
  Json dag;        // the DAG object without "tasks"
  Where where;     // DAG-level keys are at where.key(k)
  Where id_where;  // where the dag_id came from
  std::vector<std::pair<Json, Where>> tasks;
};

// The DAGs of workload.dags, each with its tasks' locations.
std::vector<DagSource> dag_sources(const Json& dags, const Where& w);
// A family's DAGs; its "trigger" appends a TriggerDagRun task per member to
// the DAG of `existing` it names.
std::vector<DagSource> expand_family(const Json& family, const Where& w, std::vector<DagSource>& existing);
// A generator's DAGs (kind "soak").
std::vector<DagSource> expand_generator(const Json& generator, const Where& w, std::vector<std::string>& warnings);

// A task's "repeat": at most this many copies.
inline constexpr int kMaxRepeat = 1'000'000;

// Defaults a task takes from the Airflow configuration.
struct TaskDefaults {
  int retries = 0;
  sim::Time retry_delay = sim::Time::seconds(300);
  WeightRule weight_rule = WeightRule::Downstream;
};

// One DAG: fields, tasks (repeat expanded, upstream patterns and downstream
// lists resolved) and an acyclicity check. Trigger targets and pools are
// checked across the workload afterwards. `task_where` gets each task's location.
DagSpec parse_dag(const DagSource& source, const TaskDefaults& defaults, std::vector<Where>& task_where);

// "workload": dags, families and generators, validated across DAGs.
Workload parse_workload(const Json& v, const Where& w, const AirflowConfig& airflow, const std::vector<PoolSpec>& pools,
                        std::vector<std::string>& warnings);

}  // namespace mwaa::input
