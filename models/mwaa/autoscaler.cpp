#include "models/mwaa/autoscaler.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/environment.hpp"

namespace mwaa {

Autoscaler::Autoscaler(Environment& env) : env_(env) {}

int Autoscaler::required_workers(double demand, int per_worker, int min_workers, int max_workers) {
  const int need = static_cast<int>(std::ceil(demand / std::max(1, per_worker) - 1e-9));
  return std::clamp(need, min_workers, max_workers);
}

void Autoscaler::start(sim::Time first) { env_.engine.schedule_at(first, *this, 0); }

void Autoscaler::on_event(sim::Engine& engine, std::uint32_t, std::uint64_t) {
  if (stopped_ || env_.stopping()) return;
  evaluate(engine.now());
  engine.schedule_in(env_.params.autoscaler_evaluation_period, *this, 0);
}

void Autoscaler::evaluate(sim::Time now) {
  const EnvironmentSettings& e = env_.scenario.environment;
  const double demand = env_.demand();
  const int required = required_workers(demand, env_.tasks_per_worker, e.min_workers, e.max_workers);
  env_.result.workers_desired.set(now, required);
  WorkerFleet& fleet = env_.fleet;
  using S = WorkerFleet::State;
  const int current = fleet.count(S::Active) + fleet.count(S::Provisioning);
  if (required > current) {
    int need = required - current;
    // A draining worker that is asked back keeps its warm slots (RESUME signal).
    for (int w = static_cast<int>(fleet.workers().size()) - 1; w >= 0 && need > 0; --w)
      if (fleet.resume(w, now)) --need;
    for (; need > 0; --need) fleet.launch(now);
  } else if (required < current) {
    if (env_.params.scale_in_policy == ScaleInPolicy::Drain) scale_in_drain(current - required, now);
  }
  if (env_.params.scale_in_policy == ScaleInPolicy::Legacy2023) scale_in_legacy(demand, now);
  env_.update_queue_holds(now);
}

// Excess workers: cancel ones still provisioning first, then drain the idlest
// (fewest busy slots), newest first. The BaseWorker (index 0) always stays.
void Autoscaler::scale_in_drain(int excess, sim::Time now) {
  WorkerFleet& fleet = env_.fleet;
  using S = WorkerFleet::State;
  const auto& ws = fleet.workers();
  for (int w = static_cast<int>(ws.size()) - 1; w > 0 && excess > 0; --w)
    if (ws[static_cast<std::size_t>(w)].state == S::Provisioning) {
      fleet.cancel_provisioning(w, now);
      --excess;
    }
  std::vector<int> order;
  for (int w = 1; w < static_cast<int>(ws.size()); ++w)
    if (ws[static_cast<std::size_t>(w)].state == S::Active) order.push_back(w);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const int ba = ws[static_cast<std::size_t>(a)].busy, bb = ws[static_cast<std::size_t>(b)].busy;
    return ba != bb ? ba < bb : a > b;
  });
  for (int w : order) {
    if (excess-- <= 0) break;
    fleet.drain(w, now);
  }
}

// 2023 behaviour: after legacy_zero_demand_window with running + queued = 0,
// set the count to MinWorkers; the stopped workers' tasks are killed after
// legacy_stop_timeout (ECS stopTimeout).
void Autoscaler::scale_in_legacy(double demand, sim::Time now) {
  if (demand > 0) {
    zero_demand_since = sim::Time{-1};
    return;
  }
  if (zero_demand_since.us < 0) zero_demand_since = now;
  if (now - zero_demand_since < env_.params.legacy_zero_demand_window) return;
  WorkerFleet& fleet = env_.fleet;
  using S = WorkerFleet::State;
  int live = fleet.count(S::Active) + fleet.count(S::Provisioning);
  const auto& ws = fleet.workers();
  for (int w = static_cast<int>(ws.size()) - 1; w > 0 && live > env_.scenario.environment.min_workers; --w) {
    const S s = ws[static_cast<std::size_t>(w)].state;
    if (s == S::Provisioning) {
      fleet.cancel_provisioning(w, now);
      --live;
    } else if (s == S::Active) {
      fleet.stop(w, now, env_.params.legacy_stop_timeout);
      --live;
    }
  }
}

}  // namespace mwaa
