// Scenario builders for model tests: an environment with every overhead at
// zero and effectively unlimited capacity, so that analytic results hold
// exactly; each test then sets the one limit it studies.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "models/dag_graph.hpp"
#include "models/scenario.hpp"
#include "models/simulation.hpp"

namespace test {

inline mwaa::Scenario zero_overhead_scenario() {
  mwaa::Scenario s;
  s.name = "test";
  s.environment.environment_class = "mw1.2xlarge";
  s.environment.min_workers = 1;
  s.environment.max_workers = 1;
  s.environment.schedulers = 1;
  s.environment.airflow.parallelism = 100000;
  s.environment.airflow.worker_autoscale_max = 100000;
  s.environment.airflow.max_tis_per_query = 0;
  s.environment.airflow.max_active_tasks_per_dag = 100000;
  s.environment.airflow.max_dagruns_per_loop_to_schedule = 1000;
  s.environment.airflow.scheduler_idle_sleep_time = sim::Time::zero();  // idealised: wake on change
  s.pools = {mwaa::PoolSpec{"default_pool", -1, false}};
  auto zero = sim::Distribution::constant(0);
  mwaa::ModelParams& m = s.model;
  m.scheduler_loop_base = m.scheduler_per_dagrun_examined = m.critical_section_base = zero;
  m.critical_section_per_ti = m.scheduler_start_jitter = m.broker_send_latency = zero;
  m.worker_pickup_latency = m.task_startup_overhead = m.task_state_write_latency = zero;
  m.worker_provisioning_delay = zero;
  s.time_limit = sim::Time::seconds(100000);
  return s;
}

inline mwaa::TaskSpec task(const std::string& id, double seconds, std::vector<std::string> upstream = {}) {
  mwaa::TaskSpec t;
  t.id = id;
  t.duration = sim::Distribution::constant(seconds);
  t.upstream = std::move(upstream);
  return t;
}

// A DAG of n parallel tasks "t0".."t{n-1}" of `seconds` each, triggered at t=0.
inline mwaa::DagSpec parallel_dag(const std::string& id, int n, double seconds) {
  mwaa::DagSpec d;
  d.id = id;
  for (int i = 0; i < n; ++i) d.tasks.push_back(task("t" + std::to_string(i), seconds));
  d.trigger_times = {sim::Time::zero()};
  return d;
}

inline double seconds(sim::Time t) { return t.to_seconds(); }

// Start times of all task-instance tries, sorted.
inline std::vector<double> start_times(const mwaa::RunResult& r) {
  std::vector<double> v;
  for (const auto& ti : r.task_instances)
    if (ti.start.us >= 0) v.push_back(ti.start.to_seconds());
  std::sort(v.begin(), v.end());
  return v;
}

inline int count_state(const mwaa::RunResult& r, mwaa::TiState s) {
  int n = 0;
  for (const auto& ti : r.task_instances) n += ti.state == s;
  return n;
}

}  // namespace test
