// Round trip: a scenario is simulated, its run written out as the Airflow 3
// REST API would list it (the task instances by the project's own exporter;
// DAGs, tasks and DAG runs in the same v2 shapes), imported back, and the
// import must have the same DAGs, tasks, dependencies and arrivals, and
// simulate to the same structure again.
#include <catch2/catch.hpp>

#include "import_test_util.hpp"
#include "models/import/airflow_rest.hpp"
#include "models/report/iso_time.hpp"
#include "models/report/task_instance_export.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"

using namespace import_test;
using namespace mwaa::imports;

namespace {

const char* kScenario = R"({
  "start": "2025-05-01T10:00:00Z",
  "environment": {"AirflowVersion": "3.0.6", "MinWorkers": 2, "MaxWorkers": 2},
  "workload": {"dags": [
    {"dag_id": "diamond", "trigger_at": ["0s", "90s", "4m"], "tasks": [
      {"task_id": "a", "duration": "10s"},
      {"task_id": "b", "duration": "20s", "upstream": "a"},
      {"task_id": "c", "duration": {"uniform": ["5s", "15s"]}, "upstream": "a"},
      {"task_id": "d", "operator": "empty", "upstream": ["b", "c"]},
      {"task_id": "e", "duration": "5s", "upstream": "d"}]},
    {"dag_id": "solo", "trigger_at": "30s", "tasks": [
      {"task_id": "x", "duration": "7s"}, {"task_id": "y", "duration": "3s", "upstream": "x"}]}
  ]}
})";

Json v2_time(const mwaa::Scenario& s, sim::Time t) {
  return t.us < 0 ? Json(nullptr) : Json(mwaa::iso_utc_micros_z(s.start_epoch_seconds, t.us));
}

// The recording of one simulated run, page by page.
AirflowRecording record(const mwaa::Scenario& s, const mwaa::RunResult& r) {
  AirflowRecording rec;
  Json dags = Json::array();
  for (const auto& d : s.workload.dags) {
    dags.push_back({{"dag_id", d.id}, {"is_paused", false}, {"bundle_name", "dags-folder"}, {"max_active_runs", 16},
                    {"max_active_tasks", 16}});
    Json tasks = Json::array();
    for (const auto& t : d.tasks) {
      Json down = Json::array();
      for (const auto& o : d.tasks)
        if (std::find(o.upstream.begin(), o.upstream.end(), t.id) != o.upstream.end()) down.push_back(o.id);
      const char* cls = t.op == mwaa::OperatorKind::Empty ? "EmptyOperator" : "PythonOperator";
      tasks.push_back({{"task_id", t.id}, {"downstream_task_ids", down}, {"operator_name", cls},
                       {"class_ref", {{"module_path", "airflow.providers.standard.operators"}, {"class_name", cls}}},
                       {"pool", "default_pool"}, {"pool_slots", 1}, {"priority_weight", 1}, {"weight_rule", "downstream"},
                       {"retries", 0}, {"retry_delay", {{"__type", "TimeDelta"}, {"days", 0}, {"seconds", 300}, {"microseconds", 0}}},
                       {"trigger_rule", "all_success"}, {"is_mapped", false}, {"params", Json::object()}});
    }
    add_tasks_page(rec, d.id, {{"tasks", tasks}, {"total_entries", tasks.size()}}, "tasks/" + d.id + ".json");
  }
  add_dags_page(rec, {{"dags", dags}, {"total_entries", dags.size()}}, "dags.json");
  Json runs = Json::array();
  for (const auto& run : r.dag_runs)
    runs.push_back({{"dag_id", s.workload.dags[run.dag].id}, {"dag_run_id", mwaa::dag_run_id(s, run)}, {"run_type", "manual"},
                    {"triggered_by", "rest_api"}, {"state", "success"}, {"logical_date", nullptr},
                    {"queued_at", v2_time(s, run.created)}, {"run_after", v2_time(s, run.created)},
                    {"start_date", v2_time(s, run.started)}, {"end_date", v2_time(s, run.ended)}});
  // Two pages, as a limit/offset loop would fetch them.
  const auto half = static_cast<std::ptrdiff_t>(runs.size() / 2);
  add_dag_runs_page(rec, {{"dag_runs", Json(runs.begin(), runs.begin() + half)}, {"total_entries", runs.size()}}, "runs-0.json");
  add_dag_runs_page(rec, {{"dag_runs", Json(runs.begin() + half, runs.end())}, {"total_entries", runs.size()}}, "runs-1.json");
  add_task_instances_page(rec, Json::parse(mwaa::task_instances_json(s, r).dump()), "task_instances.json");
  finish_recording(rec);
  return rec;
}

}  // namespace

TEST_CASE("simulate -> API v2 export -> import -> the same DAGs, tasks, dependencies and arrivals",
          "[import][airflow][round-trip]") {
  const mwaa::Scenario original = mwaa::load_scenario(Json::parse(kScenario), "original.json");
  const mwaa::RunResult first = mwaa::simulate(original);
  require_complete_and_ordered(original, first);

  const AirflowRecording rec = record(original, first);
  CHECK(rec.api == AirflowApi::V2);
  CHECK(rec.log.warnings.empty());
  const ImportResult imported = build_airflow_scenario(rec, {});
  INFO(imported.scenario.dump(2));
  const mwaa::Scenario copy = check_scenario(imported.scenario, "imported.json");

  CHECK(structure(copy) == structure(original));
  CHECK(copy.start == original.start);
  for (const auto& d : original.workload.dags) {
    const auto it = std::find_if(copy.workload.dags.begin(), copy.workload.dags.end(),
                                 [&](const mwaa::DagSpec& c) { return c.id == d.id; });
    REQUIRE(it != copy.workload.dags.end());
    CHECK(it->trigger_times == d.trigger_times);
    for (std::size_t t = 0; t < d.tasks.size(); ++t) {
      CHECK(it->tasks[t].op == d.tasks[t].op);
      // Recorded durations are end - start of each try: the task's code plus what the model adds around it.
      if (d.tasks[t].op != mwaa::OperatorKind::Empty) CHECK(it->tasks[t].duration.mean() >= d.tasks[t].duration.mean());
    }
  }
  // The recorded makespan is the first run's completion as the summary measures it.
  REQUIRE(copy.reference.has_value());
  CHECK(copy.reference->makespan == first.last_task_end - first.first_trigger);

  const mwaa::RunResult second = mwaa::simulate(copy);
  require_complete_and_ordered(copy, second);
  REQUIRE(second.dag_runs.size() == first.dag_runs.size());
  for (std::size_t i = 0; i < first.dag_runs.size(); ++i) {
    CHECK(copy.workload.dags[second.dag_runs[i].dag].id == original.workload.dags[first.dag_runs[i].dag].id);
    CHECK(second.dag_runs[i].created == first.dag_runs[i].created);
  }
  std::set<std::pair<std::string, std::string>> tasks_first, tasks_second;
  for (const auto& ti : first.task_instances)
    tasks_first.insert({original.workload.dags[ti.dag].id, original.workload.dags[ti.dag].tasks[ti.task].id});
  for (const auto& ti : second.task_instances)
    tasks_second.insert({copy.workload.dags[ti.dag].id, copy.workload.dags[ti.dag].tasks[ti.task].id});
  CHECK(tasks_first == tasks_second);
}
