// MWAA environment classes (mw1.micro ... mw1.2xlarge).
// Source: MWAA User Guide, "Configuring the Amazon MWAA environment class"
// (environment-class.html); triggerer capacities from "Using Apache Airflow
// configuration options on Amazon MWAA". See docs/model.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mwaa {

struct EnvironmentClass {
  std::string name;
  int dag_capacity;          // DAG definitions, not runs
  int tasks_per_worker;      // default celery.worker_autoscale max
  double worker_vcpu;
  double worker_memory_gb;
  double scheduler_vcpu;
  bool autoscales;           // mw1.micro does not
  int max_schedulers;        // mw1.micro: 1; others 5
};

const std::vector<EnvironmentClass>& environment_classes();
// nullptr when unknown.
const EnvironmentClass* find_environment_class(std::string_view name);

}  // namespace mwaa
