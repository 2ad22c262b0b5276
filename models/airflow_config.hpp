// The Airflow configuration options the model uses, with MWAA's defaults.
//
// Values come from the environment's AirflowConfigurationOptions (dotted keys,
// string values as `aws mwaa get-environment` prints them). Where MWAA
// overrides Airflow's upstream default, the MWAA value is the default here.
// Each field names its Airflow key; docs/model.md gives the sources.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/time.hpp"

namespace mwaa {

struct AirflowVersion {
  int major = 3;
  int minor = 0;
  int patch = 6;
  std::string text = "3.0.6";
  // Accepts "3.0.6", "2.10.3", "v2.7.2"; throws std::invalid_argument.
  static AirflowVersion parse(std::string_view text);
  // max_active_tasks counts per DAG run in 3.x, per DAG (all runs) in 2.x.
  bool max_active_tasks_per_run() const { return major >= 3; }
  // 3.x sets start_date before the DAG file is parsed on the worker.
  bool start_date_before_parse() const { return major >= 3; }
  // 3.x: manually triggered runs may have no logical date.
  bool manual_runs_have_no_logical_date() const { return major >= 3; }
};

struct AirflowConfig {
  // core.parallelism, per scheduler. Unset: MWAA's dynamic default (assumption,
  // see ModelParams::parallelism_factor).
  std::optional<int> parallelism;
  int default_pool_task_slot_count = 10000;   // core.default_pool_task_slot_count (MWAA local runner; upstream 128)
  int max_active_tasks_per_dag = 16;          // core.max_active_tasks_per_dag
  int max_active_runs_per_dag = 16;           // core.max_active_runs_per_dag
  int max_tis_per_query = 16;                 // scheduler.max_tis_per_query (0 = parallelism)
  int max_dagruns_to_create_per_loop = 10;    // scheduler.max_dagruns_to_create_per_loop
  int max_dagruns_per_loop_to_schedule = 20;  // scheduler.max_dagruns_per_loop_to_schedule
  sim::Time scheduler_idle_sleep_time = sim::Time::seconds(1);        // scheduler.scheduler_idle_sleep_time
  sim::Time task_queued_timeout = sim::Time::seconds(1800);           // scheduler.task_queued_timeout (MWAA 1800)
  sim::Time task_queued_timeout_check_interval = sim::Time::seconds(120);  // scheduler.task_queued_timeout_check_interval
  int num_stuck_in_queued_retries = 2;        // scheduler.num_stuck_in_queued_retries
  int sync_parallelism = 1;                   // celery.sync_parallelism (MWAA 1)
  std::optional<int> worker_autoscale_max;    // celery.worker_autoscale "max,min"
  std::optional<int> worker_autoscale_min;
  int default_task_retries = 0;               // core.default_task_retries
  sim::Time default_task_retry_delay = sim::Time::seconds(300);  // core.default_task_retry_delay
  std::string default_task_weight_rule = "downstream";          // core.default_task_weight_rule
};

}  // namespace mwaa
