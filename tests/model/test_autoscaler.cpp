// MWAA worker autoscaling: the documented rule, provisioning delay, scale-in.
#include <catch2/catch.hpp>

#include "builders.hpp"
#include "models/mwaa/autoscaler.hpp"

using namespace mwaa;

TEST_CASE("required workers = ceil(demand / tasks per worker), clamped", "[model][autoscaler]") {
  CHECK(Autoscaler::required_workers(0, 80, 15, 25) == 15);
  CHECK(Autoscaler::required_workers(1200, 80, 15, 25) == 15);
  CHECK(Autoscaler::required_workers(1201, 80, 15, 25) == 16);
  CHECK(Autoscaler::required_workers(2600, 80, 15, 25) == 25);
  CHECK(Autoscaler::required_workers(5, 2, 1, 10) == 3);
  CHECK(Autoscaler::required_workers(6, 2, 1, 10) == 3);
}

namespace {
Scenario scaling_scenario() {
  Scenario s = test::zero_overhead_scenario();
  s.environment.min_workers = 1;
  s.environment.max_workers = 5;
  s.environment.airflow.worker_autoscale_max = 2;
  s.model.worker_provisioning_delay = sim::Distribution::constant(100);
  s.model.autoscaler_evaluation_period = sim::Time::seconds(60);
  s.model.worker_idle_check_grace = sim::Time::zero();
  return s;
}
}  // namespace

TEST_CASE("new workers take tasks only after the provisioning delay", "[model][autoscaler]") {
  Scenario s = scaling_scenario();
  s.workload.dags = {test::parallel_dag("d", 10, 1000)};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  // t=60: demand 10 -> 5 workers wanted; 4 launched, active at 160.
  CHECK(r.workers.value_at(sim::Time::seconds(159)) == 1);
  CHECK(r.workers.value_at(sim::Time::seconds(160)) == 5);
  CHECK(r.workers_desired.value_at(sim::Time::seconds(60)) == 5);
  const auto starts = test::start_times(r);
  CHECK(std::count(starts.begin(), starts.end(), 0.0) == 2);
  CHECK(std::count(starts.begin(), starts.end(), 160.0) == 8);
  // Until they were ready (detection + provisioning) the waiting tasks were
  // held by autoscaling lag; at MaxWorkers they are held by worker slots.
  CHECK(r.held[static_cast<std::size_t>(HoldReason::AutoscalingLag)].value_at(sim::Time::seconds(30)) == 8);
  CHECK(r.held[static_cast<std::size_t>(HoldReason::AutoscalingLag)].value_at(sim::Time::seconds(100)) == 8);
  CHECK(r.held[static_cast<std::size_t>(HoldReason::WorkerSlots)].peak() == 0);
  s.environment.max_workers = 1;
  const RunResult capped = simulate(s);
  CHECK(capped.held[static_cast<std::size_t>(HoldReason::WorkerSlots)].value_at(sim::Time::seconds(100)) == 8);
  CHECK(capped.held[static_cast<std::size_t>(HoldReason::AutoscalingLag)].peak() == 0);
}

TEST_CASE("drain scale-in never kills a running task", "[model][autoscaler]") {
  Scenario s = scaling_scenario();
  DagSpec a = test::parallel_dag("a", 10, 200);
  DagSpec b = test::parallel_dag("b", 1, 2000);  // keeps one worker busy long after
  s.workload.dags = {a, b};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(r.tasks_killed.total() == 0);
  CHECK(test::count_state(r, TiState::Success) == 11);
  CHECK(r.workers.peak() == 5);
  CHECK(r.workers.value() <= 2);  // scaled back in
  CHECK(r.workers.value_at(r.end_time) >= 1);
}

TEST_CASE("legacy-2023 scale-in kills tasks that doomed workers picked up", "[model][autoscaler]") {
  Scenario s = scaling_scenario();
  s.model.scale_in_policy = ScaleInPolicy::Legacy2023;
  DagSpec first = test::parallel_dag("first", 10, 100);
  DagSpec second = test::parallel_dag("second", 10, 1000);
  second.trigger_times = {sim::Time::seconds(450)};  // arrives while workers are being stopped
  s.workload.dags = {first, second};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(r.tasks_killed.total() > 0);
  CHECK(test::count_state(r, TiState::Failed) == r.tasks_killed.total());

  s.model.scale_in_policy = ScaleInPolicy::Drain;
  const RunResult drained = simulate(s);
  REQUIRE(drained.finished);
  CHECK(drained.tasks_killed.total() == 0);
  CHECK(test::count_state(drained, TiState::Success) == 20);
}

TEST_CASE("the autoscaler never leaves [MinWorkers, MaxWorkers]", "[model][autoscaler]") {
  Scenario s = scaling_scenario();
  s.environment.min_workers = 2;
  s.environment.max_workers = 3;
  s.workload.dags = {test::parallel_dag("d", 40, 300)};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  for (const auto& p : r.workers_desired.points())
    if (p.time.us > 0) {
      CHECK(p.value >= 2);
      CHECK(p.value <= 3);
    }
  CHECK(r.workers.peak() == 3);
}
