// The gradual load test's own claim: with zero overhead and unlimited
// capacity the last wave starts at T+150 s and ends at T+270 s.
#include <catch2/catch.hpp>

#include "builders.hpp"
#include "models/scenario_loader.hpp"

using namespace mwaa;

namespace {
Scenario idealised(const std::string& file) {
  Scenario s = load_scenario_file(std::string(MWAA_SIM_SOURCE_DIR) + "/scenarios/" + file);
  const Scenario zero = test::zero_overhead_scenario();
  s.model = zero.model;
  s.environment.airflow = zero.environment.airflow;
  s.environment.min_workers = s.environment.max_workers = 1;
  for (auto& p : s.pools) p.slots = -1;
  for (auto& dag : s.workload.dags) {
    dag.max_active_tasks = 100000;
    for (auto& t : dag.tasks)
      if (t.op == OperatorKind::TriggerDagRun) t.duration = sim::Distribution::constant(0);
  }
  return s;
}
}  // namespace

TEST_CASE("gradual load 2600 ends at exactly 270 s with zero overhead and unlimited capacity", "[model][seed]") {
  const RunResult r = simulate(idealised("gradual-load-2600.json"));
  REQUIRE(r.finished);
  CHECK(r.last_task_end == sim::Time::seconds(270));
  // t=125: waves 1-4 load tasks (75 DAGs x 26) + wave 5's 25 delay tasks;
  // t=155: waves 2-5 load tasks.
  CHECK(r.tasks_executing.value_at(sim::Time::seconds(125)) == 75 * 26 + 25);
  CHECK(r.tasks_executing.value_at(sim::Time::seconds(155)) == 75 * 26);
  std::size_t load = 0;
  for (const auto& ti : r.task_instances) load += ti.state == TiState::Success;
  CHECK(load == 2800);
}

TEST_CASE("5K load test ends at exactly 270 s with zero overhead and unlimited capacity", "[model][seed]") {
  const RunResult r = simulate(idealised("load-5k.json"));
  INFO(r.stuck_report);
  REQUIRE(r.finished);
  CHECK(r.last_task_end == sim::Time::seconds(270));
  // t=155: waves 2-5 (150 DAGs) x 25 load tasks.
  CHECK(r.tasks_executing.value_at(sim::Time::seconds(155)) == 150 * 25);
}
