// ModelParams: every tunable number of the model that real Airflow
// configuration does not show, in one place, each with its default and source.
//
// The scenario's `model` block sets them by key (the keys below); calibration
// fits them by the same keys. model_parameters() describes each one (default,
// unit, source); docs/model.md is generated from the same facts.
// Overheads are distributions (seconds) so noise can be modelled; the defaults
// are assumptions [INF] unless a source says otherwise, and are meant to be
// calibrated against recorded runs.
#pragma once

#include <string>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace mwaa {

enum class ScaleInPolicy {
  Drain,       // today's MWAA: chosen workers stop intake, leave when idle
  Legacy2023,  // 2023 docs: after 2 min of zero demand go to MinWorkers; kill after 120 s
};
enum class DemandAggregation { Sum, Mean };  // how per-scheduler executor gauges combine

struct ModelParams {
  // Scheduler loop (SchedulerLoopDuration = base + per examined run + critical section + sends).
  sim::Distribution scheduler_loop_base = sim::Distribution::constant(0.1);
  sim::Distribution scheduler_per_dagrun_examined = sim::Distribution::constant(0.005);
  sim::Distribution critical_section_base = sim::Distribution::constant(0.02);
  sim::Distribution critical_section_per_ti = sim::Distribution::constant(0.004);
  sim::Distribution scheduler_start_jitter = sim::Distribution::uniform(0, 1);
  // Executor -> SQS: one SendMessage after another (celery.sync_parallelism = 1).
  sim::Distribution broker_send_latency = sim::Distribution::constant(0.02);
  // Worker side.
  sim::Distribution worker_pickup_latency = sim::Distribution::uniform(0.05, 0.5);
  sim::Distribution task_startup_overhead = sim::Distribution::lognormal_median_p95(4, 8);
  sim::Distribution task_state_write_latency = sim::Distribution::constant(0.2);
  // Autoscaler.
  sim::Distribution worker_provisioning_delay = sim::Distribution::uniform(90, 180);
  sim::Time autoscaler_evaluation_period = sim::Time::seconds(60);
  DemandAggregation demand_aggregation = DemandAggregation::Sum;
  ScaleInPolicy scale_in_policy = ScaleInPolicy::Drain;
  sim::Time drain_exit_delay = sim::Time::seconds(20);
  sim::Time worker_idle_check_grace = sim::Time::seconds(180);
  sim::Time legacy_zero_demand_window = sim::Time::seconds(120);
  sim::Time legacy_stop_timeout = sim::Time::seconds(120);
  // MWAA's dynamic core.parallelism default (assumption):
  // ceil(MaxWorkers x tasks per worker / Schedulers x factor).
  double parallelism_factor = 1.5;
  // Metrics as CloudWatch would record them.
  sim::Time metrics_period = sim::Time::seconds(60);
  sim::Time metrics_sample_interval = sim::Time::seconds(5);
};

struct ParamDescriptor {
  std::string key;
  std::string kind;          // "distribution" | "duration" | "number" | "enum"
  std::string default_text;  // as it would be written in the scenario
  std::string source;        // where the default comes from
  std::string meaning;
};

const std::vector<ParamDescriptor>& model_parameters();

// Access by key, for the scenario loader and calibration. nullptr when the key
// is not of that kind.
sim::Distribution* find_distribution_param(ModelParams& p, const std::string& key);
sim::Time* find_duration_param(ModelParams& p, const std::string& key);

std::string to_string(ScaleInPolicy p);
std::string to_string(DemandAggregation a);

}  // namespace mwaa
