// MWAA worker autoscaling (fact sheet 2; model-notes 8).
//
// Every autoscaler_evaluation_period: demand = the executor gauges
// RunningTasks + QueuedTasks, combined over schedulers by demand_aggregation
// (sum by default); required = ceil(demand / tasks per worker) clamped to
// [MinWorkers, MaxWorkers]. More required than live-and-coming workers:
// resume draining ones first, then launch new ones (active after
// worker_provisioning_delay). Fewer: the scale-in policy decides
//  - drain (today): the excess workers, idlest and newest first, stop intake
//    and leave once idle (never killing a task);
//  - legacy-2023: after legacy_zero_demand_window of zero demand, go to
//    MinWorkers; stopped workers' tasks are killed after legacy_stop_timeout.
// Policy only: the mechanism (launch, drain, stop) is WorkerFleet's.
#pragma once

#include <cstdint>

#include "sim/engine.hpp"

namespace mwaa {

class Environment;

class Autoscaler final : public sim::EventHandler {
 public:
  explicit Autoscaler(Environment& env);
  void start(sim::Time first);
  void stop() { stopped_ = true; }
  void on_event(sim::Engine& engine, std::uint32_t kind, std::uint64_t arg) override;
  // ceil(demand / per_worker) clamped to [min, max]: the documented rule.
  static int required_workers(double demand, int per_worker, int min_workers, int max_workers);

 private:
  void evaluate(sim::Time now);
  void scale_in_drain(int excess, sim::Time now);
  void scale_in_legacy(double demand, sim::Time now);

  Environment& env_;
  bool stopped_ = false;
  sim::Time zero_demand_since{-1};
};

}  // namespace mwaa
