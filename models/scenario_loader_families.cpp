// Families: many similar DAGs from one template, released in waves, with an
// optional TriggerDagRun task per member appended to a master DAG.
//
// Variables in every string of the template: {index} (0-based across the
// family), {wave} (1-based), {dag_id} (the member's id) and every key of the
// wave object other than "count" (e.g. {delay}). {i} is left for task repeat.
#include <algorithm>

#include "models/scenario_loader_parts.hpp"
#include "models/scenario_loader_template.hpp"

namespace mwaa::input {

namespace {

const std::vector<std::string> kReserved = {"index", "wave", "dag_id", "i"};
// Task keys a family trigger may set; operator and targets are implied.
const std::vector<std::string> kTriggerKeys = {"dag_id",
                                               "task_id",
                                               "duration",
                                               "pool",
                                               "pool_slots",
                                               "priority_weight",
                                               "weight_rule",
                                               "retries",
                                               "retry_delay",
                                               "failure_probability",
                                               "upstream",
                                               "max_active_tis_per_dag",
                                               "max_active_tis_per_dagrun"};

struct Wave {
  int count = 0;
  Variables vars;
};

std::vector<Wave> parse_waves(const Json& family, const Where& w) {
  const Json* waves = member(family, "waves");
  const Json* count = member(family, "count");
  if (waves && count) w.key("count").fail("give either \"waves\" or \"count\", not both");
  if (!waves && !count) w.fail("missing \"waves\" (e.g. [{\"count\": 25, \"delay\": \"30s\"}]) or \"count\"");
  if (count) return {Wave{get_int(*count, w.key("count"), 0), {}}};
  expect_array(*waves, w.key("waves"));
  std::vector<Wave> out;
  for (std::size_t i = 0; i < waves->size(); ++i) {
    const Where at = w.key("waves").index(i);
    const Json& obj = expect_object((*waves)[i], at);
    Wave wave;
    const Json* c = member(obj, "count");
    if (!c) at.fail("missing \"count\" (the number of DAGs in this wave)");
    wave.count = get_int(*c, at.key("count"), 0);
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (it.key() == "count") continue;
      if (std::find(kReserved.begin(), kReserved.end(), it.key()) != kReserved.end())
        at.key(it.key()).fail("\"" + it.key() + "\" is a reserved variable name (index, wave, dag_id, i)");
      if (it.value().is_object() || it.value().is_array() || it.value().is_null())
        at.key(it.key()).fail("expected a string, number or boolean wave variable, got " + describe(it.value()));
      wave.vars[it.key()] = it.value();
    }
    out.push_back(std::move(wave));
  }
  return out;
}

DagSource* find_dag(std::vector<DagSource>& dags, const std::string& id) {
  for (auto& d : dags)
    if (const Json* x = member(d.dag, "dag_id"); x && x->is_string() && x->get<std::string>() == id) return &d;
  return nullptr;
}

}  // namespace

std::vector<DagSource> expand_family(const Json& family, const Where& w, std::vector<DagSource>& existing) {
  expect_object(family, w);
  check_keys(family, w, {"dag_id", "waves", "count", "dag", "trigger"});
  const Json* pattern_json = member(family, "dag_id");
  if (!pattern_json) w.fail("missing \"dag_id\" (a pattern such as \"perf_test_wave{wave}_{index:03}\")");
  const std::string pattern = get_nonempty_string(*pattern_json, w.key("dag_id"));
  const std::vector<Wave> waves = parse_waves(family, w);
  const Json* tmpl = member(family, "dag");
  if (!tmpl) w.fail("missing \"dag\" (the template of every DAG of the family)");
  const Where dag_where = w.key("dag");
  expect_object(*tmpl, dag_where);
  if (member(*tmpl, "dag_id"))
    dag_where.key("dag_id").fail("the family's \"dag_id\" pattern names its DAGs; remove this one");
  Json body = *tmpl;
  body.erase("tasks");
  const Json* tasks = member(*tmpl, "tasks");
  if (tasks) expect_array(*tasks, dag_where.key("tasks"));

  const Json* trigger = member(family, "trigger");
  DagSource* master = nullptr;
  if (trigger) {
    expect_object(*trigger, w.key("trigger"));
    check_keys(*trigger, w.key("trigger"), kTriggerKeys);
    const Json* target = member(*trigger, "dag_id");
    if (!target) w.key("trigger").fail("missing \"dag_id\" (the DAG in workload.dags that gets the trigger tasks)");
    const std::string master_id = get_nonempty_string(*target, w.key("trigger").key("dag_id"));
    master = find_dag(existing, master_id);
    if (!master) {
      std::vector<std::string> ids;
      for (const auto& d : existing)
        if (const Json* x = member(d.dag, "dag_id"); x && x->is_string()) ids.push_back(x->get<std::string>());
      w.key("trigger").key("dag_id").fail("DAG \"" + master_id + "\" is not defined in workload.dags" +
                                          suggest(master_id, ids));
    }
  }

  std::vector<DagSource> out;
  int index = 0;
  for (std::size_t wi = 0; wi < waves.size(); ++wi) {
    for (int k = 0; k < waves[wi].count; ++k, ++index) {
      Variables vars = waves[wi].vars;
      vars["index"] = index;
      vars["wave"] = static_cast<int>(wi + 1);
      const std::string id = substitute_text(pattern, vars, w.key("dag_id"));
      vars["dag_id"] = id;
      DagSource src{substitute(body, vars, dag_where, {"i"}), dag_where, w.key("dag_id"), {}};
      src.dag["dag_id"] = id;
      if (tasks)
        for (std::size_t t = 0; t < tasks->size(); ++t) {
          const Where tw = dag_where.key("tasks").index(t);
          src.tasks.emplace_back(substitute((*tasks)[t], vars, tw, {"i"}), tw);
        }
      out.push_back(std::move(src));
      if (master) {
        Json task = *trigger;
        task.erase("dag_id");
        if (!member(task, "task_id")) task["task_id"] = "trigger_{dag_id}";
        task = substitute(task, vars, w.key("trigger"));
        task["operator"] = "trigger_dagrun";
        task["trigger_dag_ids"] = Json::array({id});
        master->tasks.emplace_back(std::move(task), w.key("trigger"));
      }
    }
  }
  return out;
}

}  // namespace mwaa::input
