#include "models/parameters.hpp"

namespace mwaa {

const std::vector<ParamDescriptor>& model_parameters() {
  static const std::vector<ParamDescriptor> params = {
      {"scheduler_loop_base", "distribution", "0.1s",
       "[INF] SchedulerLoopDuration tens to hundreds of ms on a healthy DB (fact sheet 3.2); Omega-style constant term",
       "fixed cost of one scheduler loop (create runs, start queued runs, housekeeping)"},
      {"scheduler_per_dagrun_examined", "distribution", "5ms", "[INF] per-run cost of update_state/task_instance_scheduling_decisions",
       "cost per DAG run examined in a loop"},
      {"critical_section_base", "distribution", "20ms", "[INF] CriticalSectionDuration; calibrate",
       "fixed cost of the critical section (lock, candidate query)"},
      {"critical_section_per_ti", "distribution", "4ms", "[INF] per TI set to QUEUED", "cost per task instance queued"},
      {"scheduler_start_jitter", "distribution", "uniform(0s, 1s)", "[INF] schedulers start unsynchronised",
       "offset of each scheduler's first loop"},
      {"broker_send_latency", "distribution", "20ms",
       "[INF] tens of ms per SQS SendMessage; sent one after another because MWAA sets celery.sync_parallelism=1 (fact sheet 4.1)",
       "time of one apply_async to SQS in the executor heartbeat"},
      {"worker_pickup_latency", "distribution", "uniform(50ms, 500ms)",
       "[INF] SQS long poll (WaitTimeSeconds=10) returns as soon as a message is visible (IMG sqs_broker.py)",
       "from a message being visible and a worker slot free to the worker holding it"},
      {"task_startup_overhead", "distribution", "lognormal(median=4s, p95=8s)",
       "[INF] new Python interpreter + DAG parse, ~2-10 s on MWAA (fact sheet 4.2)",
       "from worker pickup to the task's code running"},
      {"task_state_write_latency", "distribution", "200ms", "[INF] final state write / Execution API PATCH",
       "from the task's code ending to the worker slot being free"},
      {"worker_provisioning_delay", "distribution", "uniform(90s, 180s)",
       "[INF] Fargate launch 45-90 s + bootstrap + activation; with the evaluation period gives the 2-5 min of fact sheet 2.2",
       "from the autoscaler's decision to a new worker taking tasks"},
      {"autoscaler_evaluation_period", "duration", "60s", "[INF] CloudWatch 1-minute datapoints (fact sheet 2.2)",
       "how often MWAA's autoscaler recomputes the desired worker count"},
      {"demand_aggregation", "enum", "sum", "[INF] model-notes 8: per-scheduler gauges; aggregation undocumented",
       "how per-scheduler RunningTasks+QueuedTasks combine into demand: sum or mean"},
      {"scale_in_policy", "enum", "drain", "[DOC] MWAA autoscaling page (current); legacy-2023 from the 2023 page",
       "drain: stop intake, leave when idle; legacy-2023: to MinWorkers after 2 min of zero demand, kill after 120 s"},
      {"drain_exit_delay", "duration", "20s", "[CODE] IMG task_monitor.py: idle for 2 consecutive 10 s checks",
       "a draining worker leaves this long after its last task ends"},
      {"worker_idle_check_grace", "duration", "180s", "[CODE] IMG: idleness checks start 3 min after worker start",
       "a worker cannot leave before this age"},
      {"legacy_zero_demand_window", "duration", "120s", "[DOC] UG-scale-2023", "legacy-2023: zero demand this long triggers scale-in"},
      {"legacy_stop_timeout", "duration", "120s", "[DOC] UG-scale-2023 (ECS stopTimeout)",
       "legacy-2023: a stopped worker's running tasks are killed after this"},
      {"parallelism_factor", "number", "1.5",
       "[UNVERIFIED] recalled MWAA doc: parallelism = MaxWorkers x tasks per worker / Schedulers x 1.5 (model-notes 3)",
       "factor of the dynamic core.parallelism default when the environment does not set it"},
      {"metrics_period", "duration", "60s", "[DOC] CloudWatch 1-minute metrics", "period of the exported metrics"},
      {"metrics_sample_interval", "duration", "5s", "[CODE] scheduler.pool_metrics_interval 5 s",
       "how often gauges are sampled into the exported statistics"},
  };
  return params;
}

sim::Distribution* find_distribution_param(ModelParams& p, const std::string& key) {
  if (key == "scheduler_loop_base") return &p.scheduler_loop_base;
  if (key == "scheduler_per_dagrun_examined") return &p.scheduler_per_dagrun_examined;
  if (key == "critical_section_base") return &p.critical_section_base;
  if (key == "critical_section_per_ti") return &p.critical_section_per_ti;
  if (key == "scheduler_start_jitter") return &p.scheduler_start_jitter;
  if (key == "broker_send_latency") return &p.broker_send_latency;
  if (key == "worker_pickup_latency") return &p.worker_pickup_latency;
  if (key == "task_startup_overhead") return &p.task_startup_overhead;
  if (key == "task_state_write_latency") return &p.task_state_write_latency;
  if (key == "worker_provisioning_delay") return &p.worker_provisioning_delay;
  return nullptr;
}

sim::Time* find_duration_param(ModelParams& p, const std::string& key) {
  if (key == "autoscaler_evaluation_period") return &p.autoscaler_evaluation_period;
  if (key == "drain_exit_delay") return &p.drain_exit_delay;
  if (key == "worker_idle_check_grace") return &p.worker_idle_check_grace;
  if (key == "legacy_zero_demand_window") return &p.legacy_zero_demand_window;
  if (key == "legacy_stop_timeout") return &p.legacy_stop_timeout;
  if (key == "metrics_period") return &p.metrics_period;
  if (key == "metrics_sample_interval") return &p.metrics_sample_interval;
  return nullptr;
}

std::string to_string(ScaleInPolicy p) { return p == ScaleInPolicy::Drain ? "drain" : "legacy-2023"; }
std::string to_string(DemandAggregation a) { return a == DemandAggregation::Sum ? "sum" : "mean"; }

}  // namespace mwaa
