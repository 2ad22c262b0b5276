// The workload: DAGs, their tasks and dependencies, and what triggers runs.
//
// This is the validated, expanded form (families already generated); the
// scenario loader builds it from JSON. Invariant after load: every id is
// unique within its scope, every upstream and trigger target exists, every
// pool exists, and each DAG's graph is acyclic (compile_dag checks it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace mwaa {

enum class WeightRule { Downstream, Upstream, Absolute };

enum class OperatorKind {
  Worker,          // runs on a Celery worker (PythonOperator, BashOperator, ...)
  Empty,           // EmptyOperator: SUCCESS at scheduling time, never reaches a worker
  TriggerDagRun,   // runs on a worker, then creates a QUEUED run of each target DAG
};

struct TaskSpec {
  std::string id;
  OperatorKind op = OperatorKind::Worker;
  sim::Distribution duration;                    // seconds of the task's own code
  std::string pool = "default_pool";
  int pool_slots = 1;
  int priority_weight = 1;
  WeightRule weight_rule = WeightRule::Downstream;
  std::optional<int> max_active_tis_per_dag;
  std::optional<int> max_active_tis_per_dagrun;
  int retries = 0;
  sim::Time retry_delay = sim::Time::seconds(300);
  double failure_probability = 0;                // per try
  std::vector<std::string> upstream;             // task ids in the same DAG
  std::vector<std::string> trigger_dag_ids;      // TriggerDagRun targets
};

// Runs created on a schedule go through the scheduler's create-runs step.
struct IntervalSchedule {
  sim::Time first;             // offset of the first run's creation from the scenario start
  sim::Time interval;          // > 0
  std::optional<int> count;    // number of runs; unset: until the time limit
};

struct DagSpec {
  std::string id;
  std::vector<TaskSpec> tasks;
  int max_active_runs = -1;    // -1: core.max_active_runs_per_dag
  int max_active_tasks = -1;   // -1: core.max_active_tasks_per_dag
  // Manual/API triggers: a QUEUED run is created at each offset.
  std::vector<sim::Time> trigger_times;
  std::optional<IntervalSchedule> schedule;
  // Reporting: the group (e.g. "wave 1") and when its work was planned to start
  // (offset from the scenario start). A group's actual start is the first start
  // of a non-root task of its runs (the work after e.g. a wave-delay task).
  std::string group;
  std::optional<sim::Time> planned_start;
};

struct Workload {
  std::vector<DagSpec> dags;
};

}  // namespace mwaa
