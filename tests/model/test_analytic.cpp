// Analytic cases: with every overhead at zero, the model must reproduce
// closed-form results exactly (n identical tasks on C slots take ceil(n/C)*d,
// whichever limit supplies the C slots).
#include <catch2/catch.hpp>

#include "builders.hpp"

using namespace mwaa;

TEST_CASE("n equal tasks on C pool slots take ceil(n/C)*d", "[model][analytic]") {
  for (auto [n, c, d] : {std::tuple{10, 3, 10.0}, std::tuple{7, 7, 5.0}, std::tuple{25, 4, 2.5}, std::tuple{1, 1, 60.0}}) {
    Scenario s = test::zero_overhead_scenario();
    s.pools = {PoolSpec{"default_pool", c, false}};
    s.workload.dags = {test::parallel_dag("d", n, d)};
    const RunResult r = simulate(s);
    INFO("n=" << n << " C=" << c << " d=" << d);
    REQUIRE(r.finished);
    CHECK(test::seconds(r.last_task_end) == Approx(std::ceil(double(n) / c) * d).margin(1e-9));
    CHECK(r.pools[0].running_slots.peak() == std::min(n, c));
  }
}

TEST_CASE("worker slots bound concurrency like a pool", "[model][analytic]") {
  Scenario s = test::zero_overhead_scenario();
  s.environment.airflow.worker_autoscale_max = 4;  // one worker, 4 slots
  s.workload.dags = {test::parallel_dag("d", 10, 30)};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(test::seconds(r.last_task_end) == Approx(90));
  CHECK(r.tasks_executing.peak() == 4);
  CHECK(r.sqs_visible.peak() == 6);  // the rest waited in SQS
}

TEST_CASE("core.parallelism is per scheduler", "[model][analytic]") {
  Scenario s = test::zero_overhead_scenario();
  s.environment.schedulers = 2;
  s.environment.airflow.parallelism = 3;
  s.workload.dags = {test::parallel_dag("d", 20, 10)};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(r.tasks_executing.peak() == 6);  // 2 schedulers x 3
  CHECK(test::seconds(r.last_task_end) == Approx(40));  // ceil(20/6) * 10
  for (const auto& sch : r.schedulers) CHECK(sch.executor_running.peak() <= 3);
}

TEST_CASE("a chain runs its tasks one after another", "[model][analytic]") {
  Scenario s = test::zero_overhead_scenario();
  DagSpec d;
  d.id = "chain";
  for (int i = 0; i < 5; ++i)
    d.tasks.push_back(test::task("c" + std::to_string(i), 7, i ? std::vector<std::string>{"c" + std::to_string(i - 1)}
                                                               : std::vector<std::string>{}));
  d.trigger_times = {sim::Time::seconds(3)};
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(test::start_times(r) == std::vector<double>{3, 10, 17, 24, 31});
  CHECK(test::seconds(r.last_task_end) == Approx(38));
  REQUIRE(r.dag_runs.size() == 1);
  CHECK(r.dag_runs[0].state == RunState::Success);
}
