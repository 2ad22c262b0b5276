#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "models/report/task_instance_export.hpp"

using namespace mwaa;
using namespace report_test;

namespace {

Scenario scenario(int airflow_major) {
  Scenario sc = base_scenario();
  sc.environment.airflow_version.major = airflow_major;
  DagSpec dag;
  dag.id = "perf_test_wave1_000";
  dag.tasks = {task("wave_start_delay"), task("task_00", {"wave_start_delay"})};
  dag.tasks[1].retries = 2;
  sc.workload.dags.push_back(dag);
  DagSpec master;
  master.id = "trigger_performance_test";
  master.tasks = {task("trigger_000", {}, OperatorKind::TriggerDagRun), task("done", {"trigger_000"}, OperatorKind::Empty)};
  sc.workload.dags.push_back(master);
  return sc;
}

RunResult run() {
  RunResult r;
  r.worker_names = {"ip-10-0-1-23.ec2.internal"};
  DagRunRecord manual;
  manual.dag = 0;
  manual.number = 1;
  manual.manual = true;
  manual.created = s(0.25);
  manual.started = s(1);
  r.dag_runs.push_back(manual);
  DagRunRecord scheduled;
  scheduled.dag = 1;
  scheduled.number = 1;
  scheduled.manual = false;
  scheduled.logical_date = s(0);
  scheduled.created = s(60);
  r.dag_runs.push_back(scheduled);
  r.task_instances.push_back(ti(0, 0, 0, TiState::Success, 1, 1.5, 3.25, 33.25, 0));
  r.task_instances.push_back(ti(0, 0, 1, TiState::None, -1, -1, -1, -1));
  r.task_instances.push_back(ti(1, 1, 1, TiState::UpstreamFailed, 61, -1, -1, 62));
  r.task_instances.back().try_number = 1;
  return r;
}

}  // namespace

TEST_CASE("Airflow 3 task instances (API v2 shape)", "[report][task-instances]") {
  const Scenario sc = scenario(3);
  const auto doc = task_instances_json(sc, run(), PriorityTable{{3, 1}, {2, 1}});
  CHECK(doc["total_entries"] == 3);
  REQUIRE(doc["task_instances"].size() == 3);
  CHECK(doc["task_instances"][0].dump() ==
        R"({"task_id":"wave_start_delay","dag_id":"perf_test_wave1_000",)"
        R"("dag_run_id":"manual__2025-05-01T10:00:00.250000+00:00","map_index":-1,"logical_date":null,)"
        R"("run_after":"2025-05-01T10:00:00.250000Z","start_date":"2025-05-01T10:00:03.250000Z",)"
        R"("end_date":"2025-05-01T10:00:33.250000Z","duration":30.0,"state":"success","try_number":1,"max_tries":0,)"
        R"("task_display_name":"wave_start_delay","hostname":"ip-10-0-1-23.ec2.internal","pool":"default_pool",)"
        R"("pool_slots":1,"queue":"default","priority_weight":3,"operator":"PythonOperator",)"
        R"("queued_when":"2025-05-01T10:00:01.500000Z","scheduled_when":"2025-05-01T10:00:01.000000Z",)"
        R"("executor":"CeleryExecutor"})");
  // Never scheduled: state and every time null, no host.
  const auto& pending = doc["task_instances"][1];
  CHECK(pending["state"].is_null());
  CHECK(pending["start_date"].is_null());
  CHECK(pending["end_date"].is_null());
  CHECK(pending["duration"].is_null());
  CHECK(pending["queued_when"].is_null());
  CHECK(pending["scheduled_when"].is_null());
  CHECK(pending["hostname"] == "");
  CHECK(pending["max_tries"] == 2);
  CHECK(pending["priority_weight"] == 1);
  // A scheduled run, an EmptyOperator, upstream_failed.
  const auto& failed = doc["task_instances"][2];
  CHECK(failed["dag_run_id"] == "scheduled__2025-05-01T10:00:00+00:00");
  CHECK(failed["logical_date"] == "2025-05-01T10:00:00.000000Z");
  CHECK(failed["state"] == "upstream_failed");
  CHECK(failed["operator"] == "EmptyOperator");
  CHECK(failed["duration"].is_null());
}

TEST_CASE("Airflow 2 task instances (API v1 shape)", "[report][task-instances]") {
  const Scenario sc = scenario(2);
  RunResult r = run();
  r.dag_runs[0].logical_date = s(0.25);  // 2.x manual runs have a logical date
  const auto doc = task_instances_json(sc, r, PriorityTable{{3, 1}, {2, 1}});
  CHECK(doc["task_instances"][0].dump() ==
        R"({"task_id":"wave_start_delay","dag_id":"perf_test_wave1_000",)"
        R"("dag_run_id":"manual__2025-05-01T10:00:00.250000+00:00","map_index":-1,)"
        R"("execution_date":"2025-05-01T10:00:00.250000+00:00","start_date":"2025-05-01T10:00:03.250000+00:00",)"
        R"("end_date":"2025-05-01T10:00:33.250000+00:00","duration":30.0,"state":"success","try_number":1,"max_tries":0,)"
        R"("hostname":"ip-10-0-1-23.ec2.internal","pool":"default_pool","pool_slots":1,"queue":"default",)"
        R"("priority_weight":3,"operator":"PythonOperator","queued_when":"2025-05-01T10:00:01.500000+00:00"})");
  CHECK(doc["task_instances"][2]["execution_date"] == "2025-05-01T10:00:00+00:00");
}

TEST_CASE("effective priority weights come from compile_dag", "[report][task-instances]") {
  const Scenario sc = scenario(3);
  // Downstream rule: the delay task weighs 1 + its one downstream task.
  const auto doc = task_instances_json(sc, run());
  CHECK(doc["task_instances"][0]["priority_weight"] == 2);
  CHECK(doc["task_instances"][1]["priority_weight"] == 1);
  CHECK(doc["task_instances"][2]["operator"] == "EmptyOperator");
}

TEST_CASE("dag run ids", "[report][task-instances]") {
  const Scenario sc = scenario(3);
  DagRunRecord r;
  r.manual = true;
  r.created = s(65);
  CHECK(dag_run_id(sc, r) == "manual__2025-05-01T10:01:05+00:00");
  r.manual = false;
  r.logical_date = s(3600);
  CHECK(dag_run_id(sc, r) == "scheduled__2025-05-01T11:00:00+00:00");
}
