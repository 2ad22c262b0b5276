#include "models/scenario.hpp"

#include <cmath>

#include "models/environment_class.hpp"

namespace mwaa {

std::vector<CompiledDag> compile_workload(const Workload& workload, const std::string& file) {
  std::vector<CompiledDag> out;
  out.reserve(workload.dags.size());
  for (std::size_t i = 0; i < workload.dags.size(); ++i)
    out.push_back(compile_dag(workload.dags[i], file, "workload.dags[" + std::to_string(i) + "]"));
  return out;
}

void Scenario::prepare() {
  compiled_dags = std::make_shared<const std::vector<CompiledDag>>(compile_workload(workload, source_file));
}

int Scenario::tasks_per_worker() const {
  if (environment.airflow.worker_autoscale_max) return *environment.airflow.worker_autoscale_max;
  const EnvironmentClass* c = find_environment_class(environment.environment_class);
  return c ? c->tasks_per_worker : 5;
}

int Scenario::parallelism() const {
  if (environment.airflow.parallelism) return *environment.airflow.parallelism;
  const double v = static_cast<double>(environment.max_workers) * tasks_per_worker() /
                   std::max(1, environment.schedulers) * model.parallelism_factor;
  return std::max(1, static_cast<int>(std::ceil(v)));
}

}  // namespace mwaa
