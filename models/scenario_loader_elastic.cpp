// Generator kind "elastic_dag": the DAGs of Airflow's elastic_dag.py
// benchmark, by the PERF_* parameters under their lower-case names
// (dags_count = PERF_DAGS_COUNT, ...). The shapes, ids and run arithmetic live
// in models/import/elastic_dag.cpp, shared with `mwaa-sim import elastic-dag`;
// this file only reads the keys and reports errors at the generator's path.
#include "models/scenario_loader_elastic.hpp"

#include <stdexcept>

#include "models/import/elastic_dag.hpp"
#include "models/resource_estimate.hpp"
#include "models/scenario_loader.hpp"

namespace mwaa::input {

namespace {

const std::vector<std::string> kElasticKeys = {"kind",       "dags_count", "tasks_count", "shape",         "schedule_interval",
                                               "max_runs",   "start_ago",  "dag_prefix",  "task_duration", "trigger_at"};

}  // namespace

std::vector<DagSource> expand_elastic_dag(const Json& g, const Where& w, std::vector<std::string>& warnings) {
  check_keys(g, w, kElasticKeys);
  imports::ElasticDagParams p;
  const Json* dags = member(g, "dags_count");
  if (!dags) w.fail("missing \"dags_count\" (PERF_DAGS_COUNT)");
  p.dags_count = get_int(*dags, w.key("dags_count"), 1);
  const Json* tasks = member(g, "tasks_count");
  if (!tasks) w.fail("missing \"tasks_count\" (PERF_TASKS_COUNT)");
  p.tasks_count = get_int(*tasks, w.key("tasks_count"), 1);
  const double made_tasks = static_cast<double>(p.dags_count) * p.tasks_count;
  refuse_if_more_than_available(made_tasks * kMemoryCosts.per_loaded_task, w.file, w.path,
                                "generating " + format_count(made_tasks) + " tasks (dags_count x tasks_count)");
  const Json* shape = member(g, "shape");
  if (!shape) w.fail("missing \"shape\" (PERF_SHAPE: " + join(imports::elastic_shape_names()) + ")");
  const std::string shape_name = get_string(*shape, w.key("shape"));
  const auto parsed = imports::parse_elastic_shape(shape_name);
  if (!parsed)
    w.key("shape").fail("unknown shape \"" + shape_name + "\"" + suggest(shape_name, imports::elastic_shape_names()));
  p.shape = *parsed;
  if (const Json* x = member(g, "schedule_interval")) p.schedule_interval = get_nonempty_string(*x, w.key("schedule_interval"));
  if (const Json* x = member(g, "max_runs")) p.max_runs = get_int(*x, w.key("max_runs"), 1);
  if (const Json* x = member(g, "start_ago")) p.start_ago = get_string(*x, w.key("start_ago"));
  if (const Json* x = member(g, "dag_prefix")) p.dag_prefix = get_nonempty_string(*x, w.key("dag_prefix"));
  if (const Json* x = member(g, "task_duration")) {
    parse_distribution_json(*x, w.file, w.key("task_duration").path);  // errors point at the generator key
    p.task_duration = *x;
  }
  if (const Json* x = member(g, "trigger_at")) {
    const Where at = w.key("trigger_at");
    if (x->is_array()) {
      for (std::size_t i = 0; i < x->size(); ++i) p.trigger_at.push_back(get_duration((*x)[i], at.index(i)));
    } else {
      p.trigger_at.push_back(get_duration(*x, at));
    }
  }

  std::vector<nlohmann::ordered_json> made;
  try {
    made = imports::elastic_dags(p, warnings);
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    // Messages start with the key they are about ("start_ago: ..."); point there.
    for (const std::string& key : kElasticKeys)
      if (message.rfind(key + ": ", 0) == 0) w.key(key).fail(message.substr(key.size() + 2));
    w.fail(message);
  }
  std::vector<DagSource> out;
  for (const auto& dag : made) {
    Json body = Json::parse(dag.dump());
    Json tasks_json = body["tasks"];
    body.erase("tasks");
    DagSource src{std::move(body), w, w, {}};
    for (auto& t : tasks_json) src.tasks.emplace_back(std::move(t), w);
    out.push_back(std::move(src));
  }
  return out;
}

}  // namespace mwaa::input
