// Kept apart from task_instance_export.cpp so code that passes its own
// weights does not pull compile_dag (and Boost Graph) into its link.
#include "models/dag_graph.hpp"
#include "models/report/task_instance_export.hpp"

namespace mwaa {

PriorityTable effective_priorities(const Scenario& scenario) {
  PriorityTable table;
  table.reserve(scenario.workload.dags.size());
  // Reuse the weights compiled for the simulation (a 10^6-task DAG is not
  // compiled twice).
  if (scenario.compiled_dags && scenario.compiled_dags->size() == scenario.workload.dags.size()) {
    for (const CompiledDag& dag : *scenario.compiled_dags) table.push_back(dag.priority);
    return table;
  }
  for (std::size_t i = 0; i < scenario.workload.dags.size(); ++i)
    table.push_back(compile_dag(scenario.workload.dags[i], scenario.source_file,
                                "workload.dags[" + std::to_string(i) + "]")
                        .priority);
  return table;
}

nlohmann::ordered_json task_instances_json(const Scenario& scenario, const RunResult& result) {
  return task_instances_json(scenario, result, effective_priorities(scenario));
}

}  // namespace mwaa
