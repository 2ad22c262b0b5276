// Critical-section admission rules, each on its own (fact sheet 3.2).
#include <catch2/catch.hpp>

#include "builders.hpp"

using namespace mwaa;

TEST_CASE("pool_slots count against the pool", "[model][admission]") {
  Scenario s = test::zero_overhead_scenario();
  s.pools = {PoolSpec{"default_pool", 4, false}};
  DagSpec d = test::parallel_dag("d", 6, 10);
  for (auto& t : d.tasks) t.pool_slots = 2;
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(r.tasks_executing.peak() == 2);  // 4 slots / 2 per task
  CHECK(r.pools[0].running_slots.peak() == 4);
  CHECK(test::seconds(r.last_task_end) == Approx(30));
}

TEST_CASE("a task needing more slots than its pool never runs and is reported, not hung", "[model][admission]") {
  Scenario s = test::zero_overhead_scenario();
  s.environment.airflow.scheduler_idle_sleep_time = sim::Time::seconds(1);  // real polling
  s.time_limit = sim::Time::seconds(3600);
  s.pools = {PoolSpec{"default_pool", 128, false}, PoolSpec{"small", 2, false}};
  DagSpec d = test::parallel_dag("d", 2, 10);
  d.tasks[1].pool = "small";
  d.tasks[1].pool_slots = 3;
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  CHECK_FALSE(r.finished);
  CHECK(r.end_time < sim::Time::seconds(60));  // deadlock detected, not run to the time limit
  CHECK(test::count_state(r, TiState::Success) == 1);
  CHECK(r.stuck_report.find("needs 3 slot(s) of pool \"small\" which has 2") != std::string::npos);
}

TEST_CASE("candidates are queued by priority weight, highest first", "[model][admission]") {
  Scenario s = test::zero_overhead_scenario();
  s.pools = {PoolSpec{"default_pool", 1, false}};
  DagSpec d = test::parallel_dag("d", 4, 10);
  const int weights[] = {1, 5, 3, 4};
  for (int i = 0; i < 4; ++i) {
    d.tasks[static_cast<std::size_t>(i)].priority_weight = weights[i];
    d.tasks[static_cast<std::size_t>(i)].weight_rule = WeightRule::Absolute;
  }
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  std::vector<std::pair<double, std::uint32_t>> order;
  for (const auto& ti : r.task_instances) order.push_back({ti.start.to_seconds(), ti.task});
  std::sort(order.begin(), order.end());
  CHECK(order[0].second == 1);  // weight 5
  CHECK(order[1].second == 3);  // weight 4
  CHECK(order[2].second == 2);  // weight 3
  CHECK(order[3].second == 0);  // weight 1
}

TEST_CASE("equal priority: earlier logical date first (Airflow 2 dated manual runs)", "[model][admission]") {
  Scenario s = test::zero_overhead_scenario();
  s.environment.airflow_version = AirflowVersion::parse("2.10.3");
  s.pools = {PoolSpec{"default_pool", 1, false}};
  DagSpec late = test::parallel_dag("late", 1, 10);
  late.trigger_times = {sim::Time::seconds(2)};
  DagSpec early = test::parallel_dag("early", 1, 10);
  early.trigger_times = {sim::Time::seconds(1)};
  DagSpec blocker = test::parallel_dag("blocker", 1, 5);
  s.workload.dags = {late, early, blocker};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  // blocker holds the only slot 0..5; then "early" (logical date 1) beats "late" (2).
  double start_early = -1, start_late = -1;
  for (const auto& ti : r.task_instances) (ti.dag == 1 ? start_early : ti.dag == 0 ? start_late : start_early) =
      ti.dag == 2 ? start_early : ti.start.to_seconds();
  CHECK(start_early == Approx(5));
  CHECK(start_late == Approx(15));
}

TEST_CASE("max_active_tasks is per DAG run in Airflow 3 and per DAG in Airflow 2", "[model][admission]") {
  auto build = [](const char* version) {
    Scenario s = test::zero_overhead_scenario();
    s.environment.airflow_version = AirflowVersion::parse(version);
    DagSpec d = test::parallel_dag("d", 4, 10);
    d.max_active_tasks = 2;
    d.max_active_runs = 2;
    d.trigger_times = {sim::Time::zero(), sim::Time::zero()};  // two runs
    s.workload.dags = {d};
    return s;
  };
  const RunResult v3 = simulate(build("3.0.6"));
  const RunResult v2 = simulate(build("2.10.3"));
  REQUIRE(v3.finished);
  REQUIRE(v2.finished);
  CHECK(v3.tasks_executing.peak() == 4);  // 2 per run x 2 runs
  CHECK(test::seconds(v3.last_task_end) == Approx(20));
  CHECK(v2.tasks_executing.peak() == 2);  // 2 for the whole DAG
  CHECK(test::seconds(v2.last_task_end) == Approx(40));
}

TEST_CASE("max_active_tis_per_dag caps one task across runs", "[model][admission]") {
  Scenario s = test::zero_overhead_scenario();
  DagSpec d = test::parallel_dag("d", 1, 10);
  d.tasks[0].max_active_tis_per_dag = 1;
  d.max_active_runs = 3;
  d.trigger_times = {sim::Time::zero(), sim::Time::zero(), sim::Time::zero()};
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(r.tasks_executing.peak() == 1);
  CHECK(test::start_times(r) == std::vector<double>{0, 10, 20});
}

TEST_CASE("max_active_runs keeps further runs QUEUED", "[model][admission]") {
  Scenario s = test::zero_overhead_scenario();
  DagSpec d = test::parallel_dag("d", 2, 10);
  d.max_active_runs = 1;
  d.trigger_times = {sim::Time::zero(), sim::Time::zero(), sim::Time::zero()};
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  REQUIRE(r.dag_runs.size() == 3);
  CHECK(r.dag_runs[0].started.to_seconds() == Approx(0));
  CHECK(r.dag_runs[1].started.to_seconds() == Approx(10));
  CHECK(r.dag_runs[2].started.to_seconds() == Approx(20));
}

TEST_CASE("max_tis_per_query bounds how many TIs one critical section queues", "[model][admission]") {
  Scenario s = test::zero_overhead_scenario();
  s.environment.airflow.max_tis_per_query = 2;
  s.model.scheduler_loop_base = sim::Distribution::constant(1);  // each loop takes 1 s before its critical section
  s.workload.dags = {test::parallel_dag("d", 10, 100)};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  std::vector<double> queued;
  for (const auto& ti : r.task_instances) queued.push_back(ti.queued.to_seconds());
  std::sort(queued.begin(), queued.end());
  CHECK(queued == std::vector<double>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5});
}

TEST_CASE("two schedulers are never in the critical section together", "[model][admission]") {
  Scenario s = test::zero_overhead_scenario();
  s.environment.schedulers = 2;
  s.environment.airflow.max_tis_per_query = 3;
  s.environment.airflow.scheduler_idle_sleep_time = sim::Time::seconds(1);
  s.model.critical_section_base = sim::Distribution::constant(0.5);
  s.model.scheduler_loop_base = sim::Distribution::constant(0.1);
  s.model.scheduler_start_jitter = sim::Distribution::uniform(0, 1);
  s.workload.dags = {test::parallel_dag("d", 60, 1000)};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  // Group TIs by (queue time, scheduler): each group is one critical section
  // holding the lock for 0.5 s from its queue time.
  std::vector<std::pair<double, int>> sections;
  for (const auto& ti : r.task_instances) sections.push_back({ti.queued.to_seconds(), ti.queued_by});
  std::sort(sections.begin(), sections.end());
  sections.erase(std::unique(sections.begin(), sections.end()), sections.end());
  REQUIRE(sections.size() >= 20);
  bool both = false;
  for (std::size_t i = 1; i < sections.size(); ++i) {
    CHECK(sections[i].first - sections[i - 1].first >= 0.5 - 1e-9);
    both |= sections[i].second != sections[i - 1].second;
  }
  CHECK(both);  // both schedulers queued work
  const double busy = r.schedulers[0].critical_section_busy.total() + r.schedulers[1].critical_section_busy.total();
  CHECK(busy > 0);
}
