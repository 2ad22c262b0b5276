// One DAG from JSON: its fields and tasks. Task "repeat" is expanded here
// ({i} = 0-based copy index), upstream patterns ("task_*") and "downstream"
// lists are resolved into upstream ids, and compile_dag checks for cycles.
#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "models/dag_graph.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_loader_parts.hpp"
#include "models/scenario_loader_template.hpp"

namespace mwaa::input {

namespace {

const std::vector<std::string> kDagKeys = {"dag_id",     "description", "max_active_runs", "max_active_tasks", "tasks",
                                           "trigger_at", "schedule",    "group",           "planned_start"};
const std::vector<std::string> kTaskKeys = {"task_id",
                                            "operator",
                                            "duration",
                                            "pool",
                                            "pool_slots",
                                            "priority_weight",
                                            "weight_rule",
                                            "max_active_tis_per_dag",
                                            "max_active_tis_per_dagrun",
                                            "retries",
                                            "retry_delay",
                                            "failure_probability",
                                            "upstream",
                                            "downstream",
                                            "trigger_dag_ids",
                                            "trigger_dag_id",
                                            "repeat"};

// A task as parsed, before its dependencies are resolved within the DAG.
struct RawTask {
  TaskSpec spec;
  std::vector<std::string> upstream, downstream;  // as written (may hold "prefix*" patterns)
  Where where;
};

// Airflow's KEY_REGEX ^[\w.-]+$, at most 250 characters. Python's \w takes
// Unicode letters and digits, so UTF-8 ids ("tâche_1") are accepted: every
// non-ASCII character is (Unicode categories are not checked), invalid UTF-8
// is an error.
std::string airflow_id(const Json& v, const Where& w, const char* what) {
  const std::string id = get_nonempty_string(v, w);
  std::size_t characters = 0;
  if (!is_utf8(id, &characters))
    w.fail(std::string("expected a valid ") + what + ", got " + describe(v) + ": the text is not valid UTF-8");
  const bool ok = characters <= 250 && std::all_of(id.begin(), id.end(), [](char c) {
                    const auto b = static_cast<unsigned char>(c);
                    return b >= 0x80 || std::isalnum(b) || c == '_' || c == '.' || c == '-';
                  });
  if (!ok) {
    const bool braces = id.find_first_of("{}") != std::string::npos;
    w.fail(std::string("expected a valid ") + what +
           " (letters, digits, '_', '.', '-'; at most 250 characters), got " + describe(v) +
           (braces ? " (variables such as {i} are substituted only in repeated tasks and family templates)" : ""));
  }
  return id;
}

OperatorKind parse_operator(const std::string& text, const Where& w) {
  std::string name = text.substr(text.rfind('.') == std::string::npos ? 0 : text.rfind('.') + 1);  // drop a module path
  std::string folded;
  for (char c : name)
    if (c != '_') folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (folded == "empty" || folded == "emptyoperator" || folded == "dummy" || folded == "dummyoperator")
    return OperatorKind::Empty;
  if (folded == "triggerdagrun" || folded == "triggerdagrunoperator") return OperatorKind::TriggerDagRun;
  if (folded == "python" || folded == "bash" || folded == "worker") return OperatorKind::Worker;
  // Any other operator or sensor runs on a worker like a PythonOperator.
  if (name.ends_with("Operator") || name.ends_with("Sensor")) return OperatorKind::Worker;
  w.fail("unknown operator \"" + text + "\"" +
         suggest(text, {"python", "bash", "empty", "trigger_dagrun", "PythonOperator", "BashOperator", "EmptyOperator",
                        "TriggerDagRunOperator"}) +
         " (any other name ending in Operator or Sensor runs on a worker)");
}

WeightRule parse_weight_rule(const Json& v, const Where& w) {
  const std::string s = get_string(v, w);
  if (s == "downstream") return WeightRule::Downstream;
  if (s == "upstream") return WeightRule::Upstream;
  if (s == "absolute") return WeightRule::Absolute;
  w.fail("expected \"downstream\", \"upstream\" or \"absolute\", got " + describe(v));
}

RawTask parse_task(const Json& v, const Where& w, const TaskDefaults& defaults, const std::string& dag_id) {
  expect_object(v, w);
  check_keys(v, w, kTaskKeys);
  RawTask t;
  t.where = w;
  TaskSpec& s = t.spec;
  s.retries = defaults.retries;
  s.retry_delay = defaults.retry_delay;
  s.weight_rule = defaults.weight_rule;
  const Json* id = member(v, "task_id");
  if (!id) w.fail("missing \"task_id\" in a task of DAG \"" + dag_id + "\"");
  s.id = airflow_id(*id, w.key("task_id"), "task_id");
  if (const Json* x = member(v, "duration")) s.duration = parse_distribution_json(*x, w.file, w.key("duration").path);
  if (const Json* x = member(v, "pool")) s.pool = get_nonempty_string(*x, w.key("pool"));
  if (const Json* x = member(v, "pool_slots")) s.pool_slots = get_int(*x, w.key("pool_slots"), 1);
  if (const Json* x = member(v, "priority_weight"))
    s.priority_weight = get_int(*x, w.key("priority_weight"), std::numeric_limits<int>::min());
  if (const Json* x = member(v, "weight_rule")) s.weight_rule = parse_weight_rule(*x, w.key("weight_rule"));
  if (const Json* x = member(v, "max_active_tis_per_dag"))
    s.max_active_tis_per_dag = get_int(*x, w.key("max_active_tis_per_dag"), 1);
  if (const Json* x = member(v, "max_active_tis_per_dagrun"))
    s.max_active_tis_per_dagrun = get_int(*x, w.key("max_active_tis_per_dagrun"), 1);
  if (const Json* x = member(v, "retries")) s.retries = get_int(*x, w.key("retries"), 0);
  if (const Json* x = member(v, "retry_delay")) s.retry_delay = get_duration(*x, w.key("retry_delay"));
  if (const Json* x = member(v, "failure_probability"))
    s.failure_probability = get_number(*x, w.key("failure_probability"), 0, 1);
  if (const Json* x = member(v, "upstream")) t.upstream = get_string_list(*x, w.key("upstream"));
  if (const Json* x = member(v, "downstream")) t.downstream = get_string_list(*x, w.key("downstream"));
  if (member(v, "trigger_dag_ids") && member(v, "trigger_dag_id"))
    w.key("trigger_dag_id").fail("give either \"trigger_dag_ids\" or \"trigger_dag_id\", not both");
  if (const Json* x = member(v, "trigger_dag_ids")) s.trigger_dag_ids = get_string_list(*x, w.key("trigger_dag_ids"));
  if (const Json* x = member(v, "trigger_dag_id"))
    s.trigger_dag_ids = {get_nonempty_string(*x, w.key("trigger_dag_id"))};

  if (const Json* x = member(v, "operator")) {
    s.op = parse_operator(get_string(*x, w.key("operator")), w.key("operator"));
  } else if (!s.trigger_dag_ids.empty()) {
    s.op = OperatorKind::TriggerDagRun;
  }
  if (s.op == OperatorKind::TriggerDagRun && s.trigger_dag_ids.empty())
    w.fail("task \"" + s.id + "\" is a TriggerDagRunOperator but names no DAG to trigger (\"trigger_dag_ids\")");
  if (s.op != OperatorKind::TriggerDagRun && !s.trigger_dag_ids.empty())
    w.key("trigger_dag_ids").fail("task \"" + s.id + "\" lists trigger_dag_ids but its operator is not trigger_dagrun");
  return t;
}

// The tasks of one DAG by id, and by id prefix for "prefix*" patterns.
struct TaskIndex {
  std::unordered_map<std::string, std::size_t> by_id;
  std::vector<std::pair<std::string, std::size_t>> sorted;  // (id, index) by id
};

// Task indices an upstream/downstream entry names: the task itself, or every
// other task whose id starts with the prefix before a trailing '*' (in
// definition order).
std::vector<std::size_t> resolve(const std::string& entry, std::size_t self, const std::vector<RawTask>& tasks,
                                 const TaskIndex& index, const Where& w, const std::string& dag_id,
                                 const char* relation) {
  std::vector<std::size_t> out;
  if (!entry.empty() && entry.back() == '*') {
    const std::string prefix = entry.substr(0, entry.size() - 1);
    auto it = std::lower_bound(index.sorted.begin(), index.sorted.end(), std::make_pair(prefix, std::size_t{0}));
    for (; it != index.sorted.end() && it->first.starts_with(prefix); ++it)
      if (it->second != self) out.push_back(it->second);
    if (out.empty())
      w.fail(std::string(relation) + " pattern \"" + entry + "\" matches no task of DAG \"" + dag_id + "\"");
    std::sort(out.begin(), out.end());
    return out;
  }
  const auto it = index.by_id.find(entry);
  if (it == index.by_id.end()) {
    std::vector<std::string> ids;
    for (const auto& t : tasks) ids.push_back(t.spec.id);
    w.fail("task \"" + tasks[self].spec.id + "\" has " + relation + " \"" + entry + "\" which is not a task of DAG \"" +
           dag_id + "\"" + suggest(entry, ids));
  }
  out.push_back(it->second);
  return out;
}

}  // namespace

DagSpec parse_dag(const DagSource& src, const TaskDefaults& defaults, std::vector<Where>& task_where) {
  const Json& v = src.dag;
  const Where& w = src.where;
  expect_object(v, w);
  check_keys(v, w, kDagKeys);
  DagSpec dag;
  const Json* id = member(v, "dag_id");
  if (!id) w.fail("missing \"dag_id\"");
  dag.id = airflow_id(*id, src.id_where, "dag_id");
  if (const Json* x = member(v, "max_active_runs")) dag.max_active_runs = get_int(*x, w.key("max_active_runs"), 1);
  if (const Json* x = member(v, "max_active_tasks")) dag.max_active_tasks = get_int(*x, w.key("max_active_tasks"), 1);
  if (const Json* x = member(v, "description")) get_string(*x, w.key("description"));
  if (const Json* x = member(v, "group")) dag.group = get_string(*x, w.key("group"));
  if (const Json* x = member(v, "planned_start")) dag.planned_start = get_duration(*x, w.key("planned_start"));
  if (const Json* x = member(v, "trigger_at")) {
    const Where at = w.key("trigger_at");
    if (x->is_array()) {
      for (std::size_t i = 0; i < x->size(); ++i) dag.trigger_times.push_back(get_duration((*x)[i], at.index(i)));
    } else {
      dag.trigger_times.push_back(get_duration(*x, at));
    }
  }
  if (const Json* x = member(v, "schedule")) {
    const Where at = w.key("schedule");
    expect_object(*x, at);
    check_keys(*x, at, {"first", "interval", "count"});
    IntervalSchedule s;
    if (const Json* f = member(*x, "first")) s.first = get_duration(*f, at.key("first"));
    const Json* interval = member(*x, "interval");
    if (!interval) at.fail("missing \"interval\" (the time between runs, e.g. \"5m\")");
    s.interval = get_duration(*interval, at.key("interval"));
    if (s.interval <= sim::Time::zero()) at.key("interval").fail("expected a duration > 0, got " + describe(*interval));
    if (const Json* c = member(*x, "count")) s.count = get_int(*c, at.key("count"), 0);
    dag.schedule = s;
  }

  // Tasks, with repeat expanded.
  std::vector<RawTask> tasks;
  for (const auto& [tj, tw] : src.tasks) {
    expect_object(tj, tw);
    const Json* repeat = member(tj, "repeat");
    if (!repeat) {
      tasks.push_back(parse_task(tj, tw, defaults, dag.id));
      continue;
    }
    const int n = get_int(*repeat, tw.key("repeat"), 1, kMaxRepeat);
    Json body = tj;
    body.erase("repeat");
    for (int i = 0; i < n; ++i) tasks.push_back(parse_task(substitute(body, {{"i", i}}, tw), tw, defaults, dag.id));
  }
  if (tasks.empty()) w.key("tasks").fail("DAG \"" + dag.id + "\" has no tasks");

  TaskIndex index;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const auto [it, fresh] = index.by_id.emplace(tasks[i].spec.id, i);
    if (!fresh)
      tasks[i].where.key("task_id").fail("duplicate task_id \"" + tasks[i].spec.id + "\" in DAG \"" + dag.id +
                                         "\" (also at " + tasks[it->second].where.path + ")");
    index.sorted.emplace_back(tasks[i].spec.id, i);
  }
  std::sort(index.sorted.begin(), index.sorted.end());
  // Upstream indices per task: its own list (patterns expanded), then each
  // "downstream" entry makes the listing task an upstream of its targets.
  std::vector<std::vector<std::size_t>> ups(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i)
    for (std::size_t k = 0; k < tasks[i].upstream.size(); ++k)
      for (std::size_t j :
           resolve(tasks[i].upstream[k], i, tasks, index, tasks[i].where.key("upstream").index(k), dag.id, "upstream"))
        ups[i].push_back(j);
  for (std::size_t i = 0; i < tasks.size(); ++i)
    for (std::size_t k = 0; k < tasks[i].downstream.size(); ++k)
      for (std::size_t j : resolve(tasks[i].downstream[k], i, tasks, index, tasks[i].where.key("downstream").index(k),
                                   dag.id, "downstream"))
        ups[j].push_back(i);
  // Each upstream once, first mention first (a stamp per task keeps this linear for wide fan-ins).
  std::vector<std::size_t> stamp(tasks.size(), 0);
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    for (std::size_t j : ups[i]) {
      if (stamp[j] == i + 1) continue;
      stamp[j] = i + 1;
      tasks[i].spec.upstream.push_back(tasks[j].spec.id);
    }
  }

  task_where.clear();
  for (auto& t : tasks) {
    dag.tasks.push_back(std::move(t.spec));
    task_where.push_back(std::move(t.where));
  }
  compile_dag(dag, w.file, w.path);  // cycles, named
  return dag;
}

std::vector<DagSource> dag_sources(const Json& dags, const Where& w) {
  expect_array(dags, w);
  std::vector<DagSource> out;
  for (std::size_t i = 0; i < dags.size(); ++i) {
    const Where at = w.index(i);
    expect_object(dags[i], at);
    DagSource src{dags[i], at, at.key("dag_id"), {}};
    src.dag.erase("tasks");
    if (const Json* tasks = member(dags[i], "tasks")) {
      expect_array(*tasks, at.key("tasks"));
      for (std::size_t k = 0; k < tasks->size(); ++k) src.tasks.emplace_back((*tasks)[k], at.key("tasks").index(k));
    }
    out.push_back(std::move(src));
  }
  return out;
}

}  // namespace mwaa::input
