// `import airflow` on recordings in the real API shapes: Airflow 3 (/api/v2,
// paginated directories) and Airflow 2 (/api/v1, single files); replay of the
// recorded arrivals through the simulator; fitted durations; rate arrivals.
#include <catch2/catch.hpp>

#include "import_test_util.hpp"
#include "models/import/airflow_rest.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"

using namespace import_test;
using namespace mwaa::imports;

namespace {

AirflowRecording v2_recording() { return read_airflow_recording(airflow_files_in(fixture("airflow_v2"))); }

AirflowRecording v1_recording() {
  AirflowFiles f;
  f.dags = {fixture("airflow_v1/dags.json")};
  f.tasks_dir = fixture("airflow_v1/tasks");
  f.dag_runs = {fixture("airflow_v1/dag_runs.json")};
  f.task_instances = {fixture("airflow_v1/task_instances-1.json"), fixture("airflow_v1/task_instances-2.json")};
  return read_airflow_recording(f);
}

}  // namespace

TEST_CASE("v2 pages are merged: duplicates dropped, totals checked, version detected", "[import][airflow]") {
  const AirflowRecording rec = v2_recording();
  CHECK(rec.api == AirflowApi::V2);
  CHECK(rec.dags.size() == 4);
  CHECK(rec.runs.size() == 5);  // 6 records on two pages, one repeated
  CHECK(rec.task_instances.size() == 16);
  CHECK(rec.pools.size() == 2);
  CHECK(rec.tasks.size() == 3);
  CHECK(rec.environment.has_value());
  CHECK(contains(rec.log.skipped, "1 duplicate DAG run(s)"));
  CHECK(contains(rec.log.read, "dag_runs: 5 record(s) from 2 page(s), total_entries 5"));
  CHECK(rec.log.warnings.empty());
  const auto& extract = rec.tasks.at("etl")[1];
  CHECK(extract.id == "extract");
  CHECK(extract.operator_class == "PythonOperator");
  CHECK(extract.retry_delay == sim::Time::seconds(300));
  CHECK(rec.tasks.at("etl")[2].retry_delay == sim::Time::seconds(90));  // "PT1M30S"
  CHECK(rec.tasks.at("etl")[3].retry_delay == sim::Time::seconds(60));  // 60.0
  CHECK(rec.tasks.at("controller")[0].trigger_dag_id == std::optional<std::string>("report"));
}

TEST_CASE("v2 replay: DAGs, tasks, operators, arrivals, durations, pools, environment", "[import][airflow]") {
  const ImportResult r = build_airflow_scenario(v2_recording(), {});
  const OJson& sc = r.scenario;
  INFO(sc.dump(2));
  CHECK(sc.at("start") == "2025-05-01T10:00:00Z");
  CHECK(sc.at("environment").at("Environment").at("Name") == "recorded-env");
  CHECK(sc.at("pools") == OJson::parse(R"([{"name": "default_pool", "slots": 128}, {"name": "etl_pool", "slots": 4}])"));
  REQUIRE(sc.at("workload").at("dags").size() == 3);  // "unused" has no tasks file

  const OJson& etl = dag(sc, "etl");
  CHECK(etl.at("max_active_runs") == 2);
  CHECK(etl.at("max_active_tasks") == 8);
  CHECK(etl.at("trigger_at") == OJson::parse(R"(["0s", "5m30.5s", "10m0.25s"])"));
  CHECK(task(etl, "start").at("operator") == "empty");
  CHECK_FALSE(task(etl, "start").contains("duration"));
  const OJson& extract = task(etl, "extract");
  CHECK(extract.at("operator") == "PythonOperator");
  CHECK(extract.at("duration") == OJson::parse(R"({"empirical": ["1m", "1m2s", "1m10s"]})"));
  CHECK(extract.at("pool") == "etl_pool");
  CHECK(extract.at("pool_slots") == 2);
  CHECK(extract.at("priority_weight") == 5);
  CHECK(extract.at("retries") == 2);
  CHECK(extract.at("retry_delay") == "5m");
  CHECK(extract.at("upstream") == OJson::parse(R"(["start"])"));
  CHECK(task(etl, "transform").at("weight_rule") == "upstream");
  CHECK(task(etl, "transform").at("retry_delay") == "1m30s");
  CHECK(task(etl, "load").at("operator") == "_PythonDecoratedOperator");

  // The report run was made by the controller's TriggerDagRun task: left to it.
  const OJson& controller = dag(sc, "controller");
  CHECK(controller.at("trigger_at") == OJson::parse(R"(["1m"])"));
  CHECK(task(controller, "trigger_report").at("operator") == "trigger_dagrun");
  CHECK(task(controller, "trigger_report").at("trigger_dag_ids") == OJson::parse(R"(["report"])"));
  CHECK_FALSE(dag(sc, "report").contains("trigger_at"));
  CHECK(contains(r.log.read, "DAG \"report\": 1 recorded run(s) made by TriggerDagRun task(s) controller.trigger_report"));

  // Recorded makespan: first arrival (10:00:00) to the last task end (10:12:55).
  CHECK(sc.at("reference").at("makespan") == "12m55s");
  // Reported, not dropped.
  CHECK(contains(r.log.skipped, "1 DAG(s) listed by /dags without a tasks file: unused"));
  CHECK(contains(r.log.skipped, "1 task instance(s) of DAG \"unknown_dag\""));
  CHECK(contains(r.log.warnings, "name task(s) not in its tasks file (removed from the DAG since?): old_task"));
  CHECK(contains(r.log.warnings, "replay: each task's duration is drawn from all of its recorded durations"));
}

TEST_CASE("replay reproduces the recorded arrivals in the simulation", "[import][airflow][replay]") {
  const ImportResult r = build_airflow_scenario(v2_recording(), {});
  const mwaa::Scenario s = check_scenario(r.scenario, "v2.json");
  CHECK(s.reference.has_value());
  const mwaa::RunResult res = mwaa::simulate(s);
  require_complete_and_ordered(s, res);
  // Run creation times of the replayed (manual) runs equal the recorded offsets.
  std::map<std::string, std::vector<sim::Time>> created;
  for (const auto& run : res.dag_runs) created[s.workload.dags[run.dag].id].push_back(run.created);
  CHECK(created["etl"] == std::vector<sim::Time>{sim::Time::zero(), sim::Time::from_seconds(330.5),
                                                 sim::Time::from_seconds(600.25)});
  CHECK(created["controller"] == std::vector<sim::Time>{sim::Time::seconds(60)});
  // The report run is created by the simulated trigger task, after it ran.
  REQUIRE(created["report"].size() == 1);
  CHECK(created["report"][0] > sim::Time::seconds(60));
  // The same DAGs and tasks as recorded.
  const auto st = structure(s);
  CHECK(st.at("etl").at("transform") == std::set<std::string>{"extract"});
  CHECK(st.at("etl").at("load") == std::set<std::string>{"transform"});
  CHECK(st.at("etl").at("start").empty());
}

TEST_CASE("v1 (Airflow 2): no queued_at, TimeDelta objects, unknown trigger target, bad edge", "[import][airflow]") {
  const AirflowRecording rec = v1_recording();
  CHECK(rec.api == AirflowApi::V1);
  CHECK(rec.task_instances.size() == 8);
  const ImportResult r = build_airflow_scenario(rec, {});
  const OJson& sc = r.scenario;
  INFO(sc.dump(2));
  // Airflow 2 assumed, and said so.
  CHECK(sc.at("environment") == OJson::parse(R"({"AirflowVersion": "2.10.3"})"));
  CHECK(contains(r.log.warnings, "assumed AirflowVersion 2.10.3"));
  const OJson& nightly = dag(sc, "nightly");
  CHECK(nightly.at("max_active_runs") == 1);
  // Manual run: its logical date (the trigger time); scheduled run: its start_date.
  CHECK(nightly.at("trigger_at") == OJson::parse(R"(["0s", "24h5s"])"));
  CHECK(contains(r.log.warnings, "arrival taken from logical_date"));
  CHECK(contains(r.log.warnings, "arrival taken from start_date"));
  CHECK(task(nightly, "a").at("retry_delay") == "1m30.5s");
  CHECK(task(nightly, "a").at("retries") == 1);
  CHECK(task(nightly, "a").at("duration") == OJson::parse(R"({"empirical": ["1m40s", "1m50s"]})"));
  // TriggerDagRunOperator without a known target: a plain worker task, with a warning.
  CHECK_FALSE(task(nightly, "c").contains("trigger_dag_ids"));
  CHECK(task(nightly, "c").at("operator") == "worker");
  CHECK(contains(r.log.warnings, "TriggerDagRunOperator task(s) with no known target"));
  CHECK(contains(r.log.warnings, "nightly.d -> ghost"));
  CHECK(contains(r.log.warnings, "nightly.b (one_success)"));
  CHECK(task(nightly, "d").at("operator") == "empty");
  CHECK(task(nightly, "d").at("upstream") == OJson::parse(R"(["b", "c"])"));

  const mwaa::Scenario s = check_scenario(sc, "v1.json");
  CHECK(s.environment.airflow_version.major == 2);
  const mwaa::RunResult res = mwaa::simulate(s);
  require_complete_and_ordered(s, res);
  REQUIRE(res.dag_runs.size() == 2);
  CHECK(res.dag_runs[0].created == sim::Time::zero());
  CHECK(res.dag_runs[1].created == sim::Time::seconds(86405));
  // Last task end 24h2m49s after the first arrival: 2 x that + 1h, rounded up to hours.
  CHECK(sc.at("time_limit") == "50h");
}

TEST_CASE("fitted mode: lognormal from median and p95 above 4 samples, empirical below", "[import][airflow][fitted]") {
  AirflowRecording rec;
  add_tasks_page(rec, "d", Json::parse(R"({"tasks": [{"task_id": "many"}, {"task_id": "few"}, {"task_id": "same"}]})"), "t.json");
  Json runs = Json::array(), tis = Json::array();
  const double many[] = {10, 20, 30, 40, 50, 60};
  for (int i = 0; i < 6; ++i) {
    const std::string id = "r" + std::to_string(i);
    runs.push_back({{"dag_id", "d"}, {"dag_run_id", id}, {"run_type", "manual"},
                    {"queued_at", "2025-01-01T00:0" + std::to_string(i) + ":00Z"}});
    tis.push_back({{"dag_id", "d"}, {"dag_run_id", id}, {"task_id", "many"}, {"state", "success"}, {"duration", many[i]}});
    if (i < 3) tis.push_back({{"dag_id", "d"}, {"dag_run_id", id}, {"task_id", "few"}, {"state", "success"}, {"duration", i + 1}});
    tis.push_back({{"dag_id", "d"}, {"dag_run_id", id}, {"task_id", "same"}, {"state", "failed"}, {"duration", 7}});
  }
  add_dag_runs_page(rec, {{"dag_runs", runs}}, "runs.json");
  add_task_instances_page(rec, {{"task_instances", tis}}, "tis.json");
  finish_recording(rec);

  AirflowImportOptions opt;
  opt.durations = DurationMode::Fitted;
  const ImportResult fitted = build_airflow_scenario(rec, opt);
  const OJson& d = dag(fitted.scenario, "d");
  // numpy percentiles of 10..60: median 35, p95 = 50 + 0.75 x 10 = 57.5.
  CHECK(task(d, "many").at("duration") == OJson::parse(R"({"lognormal": {"median": "35s", "p95": "57.5s"}})"));
  CHECK(task(d, "few").at("duration") == OJson::parse(R"({"empirical": ["1s", "2s", "3s"]})"));
  CHECK(task(d, "same").at("duration") == "7s");
  check_scenario(fitted.scenario, "fitted.json");

  SECTION("rate arrivals: one evenly spaced schedule per DAG") {
    opt.arrivals = ArrivalMode::Rate;
    const ImportResult rate = build_airflow_scenario(rec, opt);
    CHECK(dag(rate.scenario, "d").at("schedule") == OJson::parse(R"({"first": "0s", "interval": "1m", "count": 6})"));
    const mwaa::Scenario s = check_scenario(rate.scenario, "rate.json");
    const mwaa::RunResult res = mwaa::simulate(s);
    CHECK(res.dag_runs.size() == 6);
    CHECK_FALSE(res.dag_runs[0].manual);
  }
}

TEST_CASE("percentile interpolates as numpy does", "[import][airflow]") {
  CHECK(percentile({1, 2, 3, 4}, 50) == Approx(2.5));
  CHECK(percentile({5}, 95) == Approx(5));
  CHECK(percentile({3, 1, 2}, 0) == Approx(1));
  CHECK(percentile({3, 1, 2}, 100) == Approx(3));
}

TEST_CASE("total_entries above what the pages hold is a warning", "[import][airflow]") {
  AirflowRecording rec;
  add_tasks_page(rec, "d", Json::parse(R"({"tasks": [{"task_id": "t"}]})"), "t.json");
  add_dag_runs_page(rec, Json::parse(R"({"dag_runs": [{"dag_id": "d", "dag_run_id": "r", "queued_at": "2025-01-01T00:00:00Z"}],
                                        "total_entries": 250})"), "page-0.json");
  finish_recording(rec);
  CHECK(contains(rec.log.warnings, "dag_runs: the pages hold 1 of 250 entries"));
}

TEST_CASE("the `aws mwaa invoke-rest-api` output around a page is accepted", "[import][airflow]") {
  AirflowRecording rec;
  add_dags_page(rec, Json::parse(R"({"RestApiStatusCode": 200, "RestApiResponse": {"dags": [{"dag_id": "x"}], "total_entries": 1}})"),
                "p.json");
  CHECK(rec.dags.size() == 1);
  const Caught c = catch_input_error([&] {
    add_dags_page(rec, Json::parse(R"({"RestApiStatusCode": 404, "RestApiResponse": {"detail": "not found"}})"), "e.json");
  });
  CHECK(c.thrown);
  CHECK(c.message.find("status 404") != std::string::npos);
}
