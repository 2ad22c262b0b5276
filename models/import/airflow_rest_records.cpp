// Airflow REST API pages -> typed records: unwraps a page (the collection
// object, the `aws mwaa invoke-rest-api` output around it, or a bare array),
// parses each record, and finish_recording() merges the pages (duplicates
// from overlapping offset pages dropped, total_entries checked).
#include <algorithm>
#include <set>
#include <tuple>

#include "models/import/airflow_rest.hpp"
#include "models/import/airflow_rest_fields.hpp"

namespace mwaa::imports {

namespace {

using api::field;
using api::Where;

struct Page {
  const Json* records = nullptr;
  Where where;  // of the records array
};

// The records array of one response page. `endpoint` names the request in messages.
Page unwrap(AirflowRecording& rec, const Json& page, const std::string& source, const char* key, const char* endpoint) {
  Where w{source, ""};
  const Json* body = &page;
  if (page.is_object() && input::member(page, "RestApiResponse")) {  // saved `aws mwaa invoke-rest-api` output
    if (const Json* code = input::member(page, "RestApiStatusCode"); code && code->is_number() && *code != 200)
      w.key("RestApiStatusCode").fail("the saved response is an error (status " + code->dump() + "), not a page of " +
                                      endpoint);
    body = &page["RestApiResponse"];
    w = w.key("RestApiResponse");
  }
  auto& c = rec.collections[key];
  ++c.pages;
  if (body->is_array()) return {body, w};
  if (!body->is_object())
    w.fail(std::string("expected a response of ") + endpoint + " ({\"" + key + "\": [...]}), got " + input::describe(*body));
  const Json* records = input::member(*body, key);
  if (!records) {
    std::vector<std::string> keys;
    for (auto it = body->begin(); it != body->end(); ++it) keys.push_back(it.key());
    w.fail(std::string("expected a response of ") + endpoint + " with \"" + key + "\"; the object has " +
           (keys.empty() ? std::string("no keys") : "keys " + input::join(keys)));
  }
  input::expect_array(*records, w.key(key));
  if (const Json* total = field(*body, "total_entries"))
    c.total_entries = std::max<std::int64_t>(c.total_entries, input::get_integer(*total, w.key("total_entries"), 0,
                                                                                  std::numeric_limits<std::int64_t>::max()));
  return {records, w.key(key)};
}

void mark_version(AirflowRecording& rec, const Json& record, std::initializer_list<const char*> v1,
                  std::initializer_list<const char*> v2) {
  for (const char* k : v1)
    if (input::member(record, k)) ++rec.v1_markers;
  for (const char* k : v2)
    if (input::member(record, k)) ++rec.v2_markers;
}

// "file: dag_runs[3]" for later messages.
std::string where_text(const Where& w) { return w.file + ": " + w.path; }

// Keeps the first of records with equal keys; returns how many were dropped.
template <typename T, typename Key>
std::size_t drop_duplicates(std::vector<T>& items, Key key) {
  std::set<decltype(key(items.front()))> seen;
  const auto before = items.size();
  items.erase(std::remove_if(items.begin(), items.end(), [&](const T& x) { return !seen.insert(key(x)).second; }),
              items.end());
  return before - items.size();
}

std::string version_text(AirflowApi api) {
  switch (api) {
    case AirflowApi::V1: return "/api/v1 (Airflow 2)";
    case AirflowApi::V2: return "/api/v2 (Airflow 3)";
    case AirflowApi::Unknown: break;
  }
  return "unknown (no version-specific fields seen)";
}

}  // namespace

void add_dags_page(AirflowRecording& rec, const Json& page, const std::string& source) {
  const Page p = unwrap(rec, page, source, "dags", "GET /dags");
  for (std::size_t i = 0; i < p.records->size(); ++i) {
    const Json& r = (*p.records)[i];
    const Where w = p.where.index(i);
    input::expect_object(r, w);
    mark_version(rec, r, {"schedule_interval", "root_dag_id", "is_subdag"}, {"bundle_name", "timetable_summary", "is_stale"});
    AirflowDag d;
    d.id = api::required_string(r, "dag_id", w);
    d.max_active_runs = api::opt_int(r, "max_active_runs", w, 0);
    d.max_active_tasks = api::opt_int(r, "max_active_tasks", w, 0);
    d.paused = api::opt_bool(r, "is_paused", w).value_or(false);
    rec.dags.push_back(std::move(d));
  }
}

void add_tasks_page(AirflowRecording& rec, const std::string& dag_id, const Json& page, const std::string& source) {
  const Page p = unwrap(rec, page, source, "tasks", ("GET /dags/" + dag_id + "/tasks").c_str());
  auto& tasks = rec.tasks[dag_id];
  for (std::size_t i = 0; i < p.records->size(); ++i) {
    const Json& r = (*p.records)[i];
    const Where w = p.where.index(i);
    input::expect_object(r, w);
    AirflowTask t;
    t.where = where_text(w);
    t.id = api::required_string(r, "task_id", w);
    if (const Json* x = field(r, "downstream_task_ids"))
      for (const auto& id : input::get_string_list(*x, w.key("downstream_task_ids"))) t.downstream.push_back(id);
    if (const Json* c = field(r, "class_ref")) {
      input::expect_object(*c, w.key("class_ref"));
      t.operator_class = api::opt_string(*c, "class_name", w.key("class_ref")).value_or("");
    }
    if (t.operator_class.empty()) t.operator_class = api::opt_string(r, "operator_name", w).value_or("");
    t.pool = api::opt_string(r, "pool", w);
    t.pool_slots = api::opt_int(r, "pool_slots", w, 1);
    t.priority_weight = api::opt_int(r, "priority_weight", w, std::numeric_limits<int>::min());
    t.weight_rule = api::opt_string(r, "weight_rule", w);
    t.trigger_rule = api::opt_string(r, "trigger_rule", w);
    t.retries = api::opt_int(r, "retries", w, 0);
    if (const Json* x = field(r, "retry_delay")) t.retry_delay = parse_api_timedelta(*x, w.file, w.key("retry_delay").path);
    t.mapped = api::opt_bool(r, "is_mapped", w).value_or(false);
    if (const Json* params = field(r, "params"); params && params->is_object()) {
      if (const Json* target = field(*params, "trigger_dag_id")) {
        // A raw value, or a serialized Param {"__class": "...Param", "value": "x", ...}.
        const Json* value = target->is_object() ? field(*target, "value") : target;
        if (value && value->is_string() && !value->get<std::string>().empty()) t.trigger_dag_id = value->get<std::string>();
      }
    }
    tasks.push_back(std::move(t));
  }
}

void add_dag_runs_page(AirflowRecording& rec, const Json& page, const std::string& source) {
  const Page p = unwrap(rec, page, source, "dag_runs", "GET /dags/~/dagRuns");
  for (std::size_t i = 0; i < p.records->size(); ++i) {
    const Json& r = (*p.records)[i];
    const Where w = p.where.index(i);
    input::expect_object(r, w);
    mark_version(rec, r, {"execution_date", "external_trigger"}, {"run_after", "triggered_by", "queued_at", "dag_versions"});
    AirflowRun run;
    run.where = where_text(w);
    run.dag_id = api::required_string(r, "dag_id", w);
    run.run_id = field(r, "dag_run_id") ? api::required_string(r, "dag_run_id", w) : api::required_string(r, "run_id", w);
    run.run_type = api::opt_string(r, "run_type", w).value_or("");
    run.state = api::opt_string(r, "state", w).value_or("");
    run.triggered_by = api::opt_string(r, "triggered_by", w).value_or("");
    run.queued_at = api::opt_datetime(r, "queued_at", w);
    run.start = api::opt_datetime(r, "start_date", w);
    run.end = api::opt_datetime(r, "end_date", w);
    run.logical = field(r, "logical_date") ? api::opt_datetime(r, "logical_date", w) : api::opt_datetime(r, "execution_date", w);
    run.interval_end = api::opt_datetime(r, "data_interval_end", w);
    rec.runs.push_back(std::move(run));
  }
}

void add_task_instances_page(AirflowRecording& rec, const Json& page, const std::string& source) {
  const Page p = unwrap(rec, page, source, "task_instances", "GET /dags/~/dagRuns/~/taskInstances");
  for (std::size_t i = 0; i < p.records->size(); ++i) {
    const Json& r = (*p.records)[i];
    const Where w = p.where.index(i);
    input::expect_object(r, w);
    mark_version(rec, r, {"execution_date", "sla_miss"}, {"run_after", "scheduled_when", "dag_version"});
    AirflowTaskInstance ti;
    ti.dag_id = api::required_string(r, "dag_id", w);
    ti.task_id = api::required_string(r, "task_id", w);
    // Runs are named by dag_run_id (2.3+); older records only by their date.
    if (field(r, "dag_run_id")) ti.run_id = api::required_string(r, "dag_run_id", w);
    else if (field(r, "execution_date")) ti.run_id = api::required_string(r, "execution_date", w);
    ti.map_index = api::opt_int(r, "map_index", w, -1).value_or(-1);
    ti.state = api::opt_string(r, "state", w).value_or("");
    ti.duration = api::opt_number(r, "duration", w);
    // At most ~292,000 years: the simulator's clock range (1e12 s is 31,700 years).
    if (ti.duration && (*ti.duration < 0 || *ti.duration > 1e12))
      w.key("duration").fail("expected a duration in seconds from 0 to 1e12, got " + input::describe(r["duration"]));
    ti.start = api::opt_datetime(r, "start_date", w);
    ti.end = api::opt_datetime(r, "end_date", w);
    rec.task_instances.push_back(std::move(ti));
  }
}

void add_pools_page(AirflowRecording& rec, const Json& page, const std::string& source) {
  const Page p = unwrap(rec, page, source, "pools", "GET /pools");
  for (std::size_t i = 0; i < p.records->size(); ++i) {
    const Json& r = (*p.records)[i];
    const Where w = p.where.index(i);
    input::expect_object(r, w);
    AirflowPool pool;
    pool.name = api::required_string(r, "name", w);
    const Json* slots = field(r, "slots");
    if (!slots) w.fail("missing \"slots\"");
    pool.slots = input::get_int(*slots, w.key("slots"), -1);
    pool.include_deferred = api::opt_bool(r, "include_deferred", w).value_or(false);
    rec.pools.push_back(std::move(pool));
  }
}

void finish_recording(AirflowRecording& rec) {
  ImportLog& log = rec.log;
  auto duplicates = [&](std::size_t n, const std::string& what) {
    if (n) log.skipped.push_back(std::to_string(n) + " duplicate " + what + " (the same record on two pages: pages "
                                 "overlap when records change during collection); kept the first");
  };
  if (!rec.dags.empty()) duplicates(drop_duplicates(rec.dags, [](const AirflowDag& d) { return d.id; }), "DAG(s)");
  for (auto& [dag_id, tasks] : rec.tasks)
    if (!tasks.empty())
      duplicates(drop_duplicates(tasks, [](const AirflowTask& t) { return t.id; }), "task(s) of DAG \"" + dag_id + "\"");
  if (!rec.runs.empty())
    duplicates(drop_duplicates(rec.runs, [](const AirflowRun& r) { return std::make_tuple(r.dag_id, r.run_id); }),
               "DAG run(s)");
  if (!rec.task_instances.empty())
    duplicates(drop_duplicates(rec.task_instances,
                               [](const AirflowTaskInstance& t) {
                                 return std::make_tuple(t.dag_id, t.run_id, t.task_id, t.map_index);
                               }),
               "task instance(s)");
  if (!rec.pools.empty()) duplicates(drop_duplicates(rec.pools, [](const AirflowPool& p) { return p.name; }), "pool(s)");

  rec.api = rec.v2_markers > rec.v1_markers ? AirflowApi::V2 : rec.v1_markers > 0 ? AirflowApi::V1 : AirflowApi::Unknown;
  log.read.push_back("API version: " + version_text(rec.api));

  std::size_t task_count = 0;
  for (const auto& [d, tasks] : rec.tasks) task_count += tasks.size();
  const std::vector<std::pair<std::string, std::size_t>> counts = {{"dags", rec.dags.size()},
                                                                   {"tasks", task_count},
                                                                   {"dag_runs", rec.runs.size()},
                                                                   {"task_instances", rec.task_instances.size()},
                                                                   {"pools", rec.pools.size()}};
  for (const auto& [key, n] : counts) {
    const auto it = rec.collections.find(key);
    if (it == rec.collections.end()) continue;
    const auto& c = it->second;
    std::string line = key + ": " + std::to_string(n) + " record(s) from " + std::to_string(c.pages) + " page(s)";
    if (key == "tasks") line += " (" + std::to_string(rec.tasks.size()) + " DAG(s))";
    if (c.total_entries >= 0 && key != "tasks") {
      line += ", total_entries " + std::to_string(c.total_entries);
      if (static_cast<std::int64_t>(n) < c.total_entries)
        log.warnings.push_back(key + ": the pages hold " + std::to_string(n) + " of " + std::to_string(c.total_entries) +
                               " entries (total_entries): pages are missing, or records were added during collection");
    }
    log.read.push_back(line);
  }
  if (rec.environment) log.read.push_back("environment: the `aws mwaa get-environment` output, copied into the scenario");
}

}  // namespace mwaa::imports
