#include "models/report/task_instance_export.hpp"

#include <algorithm>

#include "models/report/iso_time.hpp"

namespace mwaa {

namespace {

const char* operator_name(OperatorKind op) {
  switch (op) {
    case OperatorKind::Worker: return "PythonOperator";
    case OperatorKind::Empty: return "EmptyOperator";
    case OperatorKind::TriggerDagRun: return "TriggerDagRunOperator";
  }
  return "PythonOperator";
}

// Datetime fields in the version's API style; null when it never happened.
struct DateFormat {
  std::int64_t epoch;
  bool v2;
  nlohmann::ordered_json operator()(sim::Time t) const {
    if (t.us < 0) return nullptr;
    return v2 ? iso_utc_micros_z(epoch, t.us) : iso_utc_python(epoch, t.us);
  }
};

}  // namespace

std::string dag_run_id(const Scenario& scenario, const DagRunRecord& run) {
  if (!run.manual && run.logical_date.us >= 0)
    return "scheduled__" + iso_utc_python(scenario.start_epoch_seconds, run.logical_date.us);
  const sim::Time when = run.created.us >= 0 ? run.created : run.logical_date;
  return std::string(run.manual ? "manual__" : "scheduled__") +
         iso_utc_python(scenario.start_epoch_seconds, std::max<std::int64_t>(when.us, 0));
}

nlohmann::ordered_json task_instances_json(const Scenario& scenario, const RunResult& result,
                                           const PriorityTable& priorities) {
  const bool v2 = scenario.environment.airflow_version.major >= 3;
  const DateFormat date{scenario.start_epoch_seconds, v2};
  const auto& dags = scenario.workload.dags;

  // Run ids once per run, not once per task instance.
  std::vector<std::string> run_ids;
  run_ids.reserve(result.dag_runs.size());
  for (const auto& run : result.dag_runs) run_ids.push_back(dag_run_id(scenario, run));

  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& ti : result.task_instances) {
    const DagSpec& dag = dags.at(ti.dag);
    const TaskSpec& task = dag.tasks.at(ti.task);
    const DagRunRecord& run = result.dag_runs.at(ti.run);
    std::int64_t weight = task.priority_weight;
    if (ti.dag < priorities.size() && ti.task < priorities[ti.dag].size()) weight = priorities[ti.dag][ti.task];

    nlohmann::ordered_json j;
    j["task_id"] = task.id;
    j["dag_id"] = dag.id;
    j["dag_run_id"] = run_ids[ti.run];
    j["map_index"] = -1;
    if (v2) {
      j["logical_date"] = date(run.logical_date);
      j["run_after"] = date(run.created);
    } else {
      j["execution_date"] = date(run.logical_date.us >= 0 ? run.logical_date : run.created);
    }
    j["start_date"] = date(ti.start);
    j["end_date"] = date(ti.end);
    if (ti.start.us >= 0 && ti.end.us >= 0)
      j["duration"] = (ti.end - ti.start).to_seconds();
    else
      j["duration"] = nullptr;
    if (ti.state == TiState::None)
      j["state"] = nullptr;
    else
      j["state"] = to_string(ti.state);
    j["try_number"] = ti.try_number;
    j["max_tries"] = task.retries;
    if (v2) j["task_display_name"] = task.id;
    j["hostname"] = ti.worker >= 0 && static_cast<std::size_t>(ti.worker) < result.worker_names.size()
                        ? result.worker_names[static_cast<std::size_t>(ti.worker)]
                        : std::string();
    j["pool"] = task.pool;
    j["pool_slots"] = task.pool_slots;
    j["queue"] = "default";
    j["priority_weight"] = weight;
    j["operator"] = operator_name(task.op);
    j["queued_when"] = date(ti.queued);
    if (v2) {
      j["scheduled_when"] = date(ti.scheduled);
      j["executor"] = "CeleryExecutor";
    }
    list.push_back(std::move(j));
  }
  nlohmann::ordered_json doc;
  doc["task_instances"] = std::move(list);
  doc["total_entries"] = result.task_instances.size();
  return doc;
}

}  // namespace mwaa
