// Task-instance life cycle: retries, failures, EmptyOperator, TriggerDagRun,
// stuck-in-queued handling.
#include <catch2/catch.hpp>

#include "builders.hpp"

using namespace mwaa;

TEST_CASE("a failing task retries after its delay, then fails its downstream", "[model][lifecycle]") {
  Scenario s = test::zero_overhead_scenario();
  DagSpec d;
  d.id = "d";
  d.tasks = {test::task("a", 10), test::task("b", 10, {"a"})};
  d.tasks[0].failure_probability = 1.0;
  d.tasks[0].retries = 2;
  d.tasks[0].retry_delay = sim::Time::seconds(60);
  d.trigger_times = {sim::Time::zero()};
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  std::vector<TaskInstanceRecord> a;
  for (const auto& ti : r.task_instances)
    if (ti.task == 0) a.push_back(ti);
  REQUIRE(a.size() == 3);
  CHECK(a[0].try_number == 1);
  CHECK(a[2].try_number == 3);
  CHECK(a[0].start.to_seconds() == Approx(0));
  CHECK(a[1].start.to_seconds() == Approx(70));   // ended 10, retry after 60 s
  CHECK(a[2].start.to_seconds() == Approx(140));
  for (const auto& t : a) CHECK(t.state == TiState::Failed);
  CHECK(test::count_state(r, TiState::UpstreamFailed) == 1);
  CHECK(r.dag_runs[0].state == RunState::Failed);
  CHECK(r.tasks_failed.total() == 3);
}

TEST_CASE("EmptyOperator tasks succeed without a worker", "[model][lifecycle]") {
  Scenario s = test::zero_overhead_scenario();
  DagSpec d;
  d.id = "d";
  d.tasks = {test::task("start", 0), test::task("work", 5, {"start"}), test::task("end", 0, {"work"})};
  d.tasks[0].op = OperatorKind::Empty;
  d.tasks[2].op = OperatorKind::Empty;
  d.trigger_times = {sim::Time::zero()};
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(test::count_state(r, TiState::Success) == 3);
  for (const auto& ti : r.task_instances) {
    if (ti.task != 1) {
      CHECK(ti.worker == -1);
      CHECK(ti.queued.us == -1);
    }
  }
  CHECK(r.tasks_executing.peak() == 1);
}

TEST_CASE("TriggerDagRunOperator creates a queued run of its target when it ends", "[model][lifecycle]") {
  Scenario s = test::zero_overhead_scenario();
  DagSpec master;
  master.id = "master";
  master.tasks = {test::task("trigger", 2)};
  master.tasks[0].op = OperatorKind::TriggerDagRun;
  master.tasks[0].trigger_dag_ids = {"child"};
  master.trigger_times = {sim::Time::seconds(1)};
  DagSpec child = test::parallel_dag("child", 3, 4);
  child.trigger_times.clear();
  s.workload.dags = {master, child};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  REQUIRE(r.dag_runs.size() == 2);
  CHECK(r.dag_runs[1].dag == 1);
  CHECK(r.dag_runs[1].created.to_seconds() == Approx(3));
  CHECK(r.dag_runs[1].logical_date.us == -1);  // Airflow 3: no logical date for triggered runs
  CHECK(test::seconds(r.last_task_end) == Approx(7));
}

TEST_CASE("a task stuck in queued is requeued, then failed after num_stuck_in_queued_retries", "[model][lifecycle]") {
  Scenario s = test::zero_overhead_scenario();
  s.environment.airflow.worker_autoscale_max = 1;  // one slot: the second task waits in SQS
  s.environment.airflow.scheduler_idle_sleep_time = sim::Time::seconds(1);
  s.environment.airflow.task_queued_timeout = sim::Time::seconds(600);
  s.environment.airflow.task_queued_timeout_check_interval = sim::Time::seconds(120);
  DagSpec d = test::parallel_dag("d", 2, 5000);
  d.tasks[0].priority_weight = 10;
  d.tasks[0].weight_rule = WeightRule::Absolute;
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  INFO(r.stuck_report);
  REQUIRE(r.finished);
  CHECK(r.tasks_requeued.total() == 3);  // two resets, then failed
  int failed = 0;
  for (const auto& ti : r.task_instances)
    if (ti.task == 1) {
      CHECK(ti.state == TiState::Failed);
      CHECK(ti.start.us == -1);  // never ran
      ++failed;
    }
  CHECK(failed == 1);
  CHECK(r.dag_runs[0].state == RunState::Failed);
}

TEST_CASE("an interval schedule creates runs through the create-runs step", "[model][lifecycle]") {
  Scenario s = test::zero_overhead_scenario();
  DagSpec d = test::parallel_dag("d", 1, 5);
  d.trigger_times.clear();
  d.schedule = IntervalSchedule{sim::Time::seconds(10), sim::Time::seconds(60), 3};
  s.workload.dags = {d};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  REQUIRE(r.dag_runs.size() == 3);
  CHECK(r.dag_runs[0].created.to_seconds() == Approx(10));
  CHECK(r.dag_runs[2].created.to_seconds() == Approx(130));
  CHECK(r.dag_runs[0].manual == false);
  CHECK(r.dag_runs[1].logical_date.to_seconds() == Approx(10));  // data interval start
}
