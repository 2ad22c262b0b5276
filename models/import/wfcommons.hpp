// `mwaa-sim import wfcommons`: a WfCommons WfFormat instance -> a scenario
// with one DAG that runs once at T+0, each task taking its recorded runtime,
// and the recorded makespan as the scenario's "reference".
//
// Shapes read (schema of github.com/wfcommons/WfFormat):
//  - 1.5 / 1.6: workflow.specification.tasks [{id, name, parents, children}]
//    (references by id), workflow.execution.tasks [{id, runtimeInSeconds,
//    coreCount}], workflow.execution.makespanInSeconds, executedAt, machines
//    [{nodeName, cpu: {coreCount}}].
//  - 1.4 (and 1.3): workflow.tasks [{name, id, parents, children,
//    runtimeInSeconds (1.3: runtime), cores}] with references by *name*
//    (an id is accepted too), workflow.makespanInSeconds (1.3: makespan),
//    workflow.machines [{cpu: {count}}].
// A dependency may be declared on either end (parents or children); both
// count once. A reference to no task is dropped with a warning; a cycle is
// the loader's error. Task ids that are not Airflow ids (1.6 allows '#', ':'
// and '/') are rewritten with '_' (made unique), and reported.
#pragma once

#include <optional>
#include <string>

#include "models/import/import_common.hpp"

namespace mwaa::imports {

struct WfcommonsOptions {
  std::string dag_id;                    // default: the instance's name (made an Airflow id)
  std::optional<int> max_active_tasks;   // the DAG's; default core.max_active_tasks_per_dag
  std::string name;                      // scenario name; default the instance's name
};

// `source` names the file in messages and in the reference.
ImportResult import_wfcommons(const Json& instance, const std::string& source, const WfcommonsOptions& options);

}  // namespace mwaa::imports
