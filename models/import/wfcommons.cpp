// WfFormat instance -> scenario; see wfcommons.hpp for the shapes read.
#include "models/import/wfcommons.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "models/scenario_loader_json.hpp"

namespace mwaa::imports {

namespace {

using input::Where;

struct WfTask {
  std::string ref;  // the id the instance uses (1.4: the name)
  std::string id;   // the Airflow task_id
  std::vector<std::string> parents, children;  // references as written
  std::optional<double> runtime;
  std::optional<double> cores;
};

const Json* opt(const Json& obj, const char* key) {
  const Json* x = input::member(obj, key);
  return x && !x->is_null() ? x : nullptr;
}

std::vector<std::string> refs(const Json& task, const char* key, const Where& w) {
  const Json* x = opt(task, key);
  if (!x) return {};
  return input::get_string_list(*x, w.key(key));
}

std::optional<double> number_at(const Json& obj, const char* key, const Where& w) {
  if (const Json* x = opt(obj, key)) return input::get_number(*x, w.key(key), 0, 1e12);
  return std::nullopt;
}

// 1.5+: specification + execution.
std::vector<WfTask> read_v15(const Json& wf, const Where& w, ImportLog& log) {
  const Json& spec = input::expect_object(*opt(wf, "specification"), w.key("specification"));
  const Json* tasks = opt(spec, "tasks");
  if (!tasks) w.key("specification").fail("missing \"tasks\"");
  input::expect_array(*tasks, w.key("specification").key("tasks"));
  std::vector<WfTask> out;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    const Where tw = w.key("specification").key("tasks").index(i);
    const Json& t = input::expect_object((*tasks)[i], tw);
    const Json* id = opt(t, "id");
    if (!id) tw.fail("missing \"id\"");
    WfTask task;
    task.ref = input::get_nonempty_string(*id, tw.key("id"));
    task.parents = refs(t, "parents", tw);
    task.children = refs(t, "children", tw);
    if (!index.emplace(task.ref, out.size()).second) tw.key("id").fail("duplicate task id \"" + task.ref + "\"");
    out.push_back(std::move(task));
  }
  const Json* exec = opt(wf, "execution");
  if (!exec) {
    log.warnings.push_back("no workflow.execution: every task's runtime is assumed 0s and there is no recorded makespan");
    return out;
  }
  const Where ew = w.key("execution");
  input::expect_object(*exec, ew);
  std::vector<std::string> unknown;
  if (const Json* et = opt(*exec, "tasks")) {
    input::expect_array(*et, ew.key("tasks"));
    for (std::size_t i = 0; i < et->size(); ++i) {
      const Where tw = ew.key("tasks").index(i);
      const Json& t = input::expect_object((*et)[i], tw);
      const Json* id = opt(t, "id");
      if (!id) tw.fail("missing \"id\"");
      const std::string ref = input::get_nonempty_string(*id, tw.key("id"));
      const auto it = index.find(ref);
      if (it == index.end()) {
        unknown.push_back(ref);
        continue;
      }
      out[it->second].runtime = number_at(t, "runtimeInSeconds", tw);
      out[it->second].cores = number_at(t, "coreCount", tw);
    }
  }
  if (!unknown.empty())
    log.skipped.push_back(std::to_string(unknown.size()) + " execution record(s) of tasks not in the specification: " +
                          some_of(unknown));
  return out;
}

// 1.4 and 1.3: workflow.tasks, references by name (or id).
std::vector<WfTask> read_v14(const Json& wf, const Where& w, std::map<std::string, std::string>& aliases) {
  const Json* tasks = opt(wf, "tasks");
  if (!tasks) w.fail("missing \"specification\" (1.5) or \"tasks\" (1.4)");
  input::expect_array(*tasks, w.key("tasks"));
  std::vector<WfTask> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    const Where tw = w.key("tasks").index(i);
    const Json& t = input::expect_object((*tasks)[i], tw);
    WfTask task;
    const Json* name = opt(t, "name");
    const Json* id = opt(t, "id");
    if (!name && !id) tw.fail("missing \"name\"");
    task.ref = name ? input::get_nonempty_string(*name, tw.key("name")) : input::get_nonempty_string(*id, tw.key("id"));
    if (!seen.insert(task.ref).second) tw.fail("duplicate task name \"" + task.ref + "\"");
    if (id && name) aliases.emplace(input::get_string(*id, tw.key("id")), task.ref);  // parents may name the id
    task.parents = refs(t, "parents", tw);
    task.children = refs(t, "children", tw);
    task.runtime = number_at(t, "runtimeInSeconds", tw);
    if (!task.runtime) task.runtime = number_at(t, "runtime", tw);
    task.cores = number_at(t, "cores", tw);
    out.push_back(std::move(task));
  }
  return out;
}

// Airflow task ids, unique; returns how many were rewritten.
std::size_t assign_ids(std::vector<WfTask>& tasks) {
  std::set<std::string> used;
  std::size_t renamed = 0;
  for (auto& t : tasks) {
    std::string id = safe_airflow_id(t.ref);
    if (id != t.ref) ++renamed;
    const std::string base = id;
    for (int k = 2; used.count(id); ++k) id = base.substr(0, 240) + "_" + std::to_string(k);
    used.insert(id);
    t.id = id;
  }
  return renamed;
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string machines_text(const Json* machines, const Where& w) {
  if (!machines || !machines->is_array() || machines->empty()) return "";
  double cores = 0;
  bool all_known = true;
  for (std::size_t i = 0; i < machines->size(); ++i) {
    const Json& m = (*machines)[i];
    const Json* cpu = m.is_object() ? opt(m, "cpu") : nullptr;
    const Where cw = w.index(i).key("cpu");
    std::optional<double> c;
    if (cpu && cpu->is_object()) {
      c = number_at(*cpu, "coreCount", cw);
      if (!c) c = number_at(*cpu, "count", cw);
    }
    if (c) cores += *c;
    else all_known = false;
  }
  return std::to_string(machines->size()) + " machine(s)" +
         (all_known ? ", " + number_text(cores) + " cores" : std::string());
}

}  // namespace

ImportResult import_wfcommons(const Json& doc, const std::string& source, const WfcommonsOptions& options) {
  ImportResult out;
  ImportLog& log = out.log;
  const Where root{source, ""};
  input::expect_object(doc, root);
  const std::string version = opt(doc, "schemaVersion") ? input::get_string(doc["schemaVersion"], root.key("schemaVersion")) : "";
  if (version != "1.3" && version != "1.4" && version != "1.5" && version != "1.6")
    log.warnings.push_back("schemaVersion " + (version.empty() ? std::string("missing") : "\"" + version + "\"") +
                           ": read by its structure (1.4 and 1.5 are supported)");
  const Json* wf = opt(doc, "workflow");
  if (!wf) root.fail("missing \"workflow\"");
  const Where w = root.key("workflow");
  input::expect_object(*wf, w);
  const std::string instance_name =
      opt(doc, "name") ? input::get_nonempty_string(doc["name"], root.key("name")) : std::string("wfcommons");

  std::map<std::string, std::string> aliases;  // 1.4: id -> name
  const bool v15 = opt(*wf, "specification") != nullptr;
  std::vector<WfTask> tasks = v15 ? read_v15(*wf, w, log) : read_v14(*wf, w, aliases);
  if (tasks.empty()) w.fail("the workflow has no tasks");
  const std::size_t renamed = assign_ids(tasks);
  if (renamed)
    log.warnings.push_back(std::to_string(renamed) + " task id(s) are not Airflow ids; characters other than letters, "
                           "digits, '_', '.', '-' became '_'");

  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < tasks.size(); ++i) index.emplace(tasks[i].ref, i);
  auto find = [&](const std::string& ref) -> std::optional<std::size_t> {
    if (auto it = index.find(ref); it != index.end()) return it->second;
    if (auto a = aliases.find(ref); a != aliases.end())
      if (auto it = index.find(a->second); it != index.end()) return it->second;
    return std::nullopt;
  };
  std::vector<std::vector<std::size_t>> ups(tasks.size());
  std::vector<std::string> dangling;
  std::size_t edges = 0;
  auto add = [&](std::size_t parent, std::size_t child) {
    if (parent == child) {
      dangling.push_back(tasks[child].ref + " depends on itself");
      return;
    }
    if (std::find(ups[child].begin(), ups[child].end(), parent) == ups[child].end()) {
      ups[child].push_back(parent);
      ++edges;
    }
  };
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    for (const auto& p : tasks[i].parents) {
      if (const auto j = find(p)) add(*j, i);
      else dangling.push_back(tasks[i].ref + " has parent " + p);
    }
    for (const auto& c : tasks[i].children) {
      if (const auto j = find(c)) add(i, *j);
      else dangling.push_back(tasks[i].ref + " has child " + c);
    }
  }
  if (!dangling.empty())
    log.warnings.push_back(std::to_string(dangling.size()) + " dependency reference(s) to no task of the instance, "
                           "dropped: " + some_of(dangling));

  OJson task_list = OJson::array();
  std::vector<std::string> no_runtime, multi_core;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const WfTask& t = tasks[i];
    OJson tj = {{"task_id", t.id}, {"duration", duration_text_seconds(t.runtime.value_or(0))}};
    if (!t.runtime) no_runtime.push_back(t.ref);
    if (t.cores && *t.cores > 1) multi_core.push_back(t.ref);
    if (!ups[i].empty()) {
      OJson u = OJson::array();
      for (std::size_t j : ups[i]) u.push_back(tasks[j].id);
      tj["upstream"] = std::move(u);
    }
    task_list.push_back(std::move(tj));
  }
  if (!no_runtime.empty())
    log.warnings.push_back(std::to_string(no_runtime.size()) + " task(s) without a recorded runtime; assumed 0s: " +
                           some_of(no_runtime));
  if (!multi_core.empty())
    log.warnings.push_back(std::to_string(multi_core.size()) + " task(s) used more than one core; each takes one worker "
                           "slot here: " + some_of(multi_core));

  // Makespan and machines: 1.5 under execution, 1.4 on the workflow.
  const Json* exec = v15 ? opt(*wf, "execution") : wf;
  const Where ew = v15 ? w.key("execution") : w;
  std::optional<double> makespan;
  std::string executed_at, machines;
  if (exec) {
    makespan = number_at(*exec, "makespanInSeconds", ew);
    if (!makespan) makespan = number_at(*exec, "makespan", ew);
    if (const Json* x = opt(*exec, "executedAt"); x && x->is_string()) executed_at = x->get<std::string>();
    machines = machines_text(opt(*exec, "machines"), ew.key("machines"));
  }

  const std::string dag_id = options.dag_id.empty() ? safe_airflow_id(instance_name) : options.dag_id;
  OJson dag = {{"dag_id", dag_id}};
  if (options.max_active_tasks) dag["max_active_tasks"] = *options.max_active_tasks;
  dag["trigger_at"] = OJson::array({"0s"});
  dag["tasks"] = std::move(task_list);

  OJson& sc = out.scenario;
  sc["name"] = options.name.empty() ? safe_airflow_id(instance_name) : options.name;
  sc["description"] = "WfCommons instance " + instance_name + " (" + source + ", schemaVersion " +
                      (version.empty() ? "?" : version) + "): " + std::to_string(tasks.size()) + " tasks, " +
                      std::to_string(edges) + " dependencies, runtimes as recorded" +
                      (machines.empty() ? "" : "; recorded on " + machines) + ". Imported by `mwaa-sim import wfcommons`.";
  if (makespan) {
    std::string ref_source = "WfCommons " + instance_name;
    if (!executed_at.empty()) ref_source += ", executed " + executed_at;
    if (!machines.empty()) ref_source += " on " + machines;
    sc["reference"] = {{"makespan", duration_text_seconds(*makespan)}, {"source", ref_source}};
  } else {
    log.warnings.push_back("no makespanInSeconds: the scenario has no recorded makespan to compare with");
  }
  sc["workload"] = {{"dags", OJson::array({std::move(dag)})}};
  log.read.push_back(source + ": WfFormat " + (v15 ? "1.5-style" : "1.4-style") + " instance \"" + instance_name + "\": " +
                     std::to_string(tasks.size()) + " tasks, " + std::to_string(edges) + " dependencies" +
                     (makespan ? ", makespan " + duration_text_seconds(*makespan) : std::string()) +
                     (machines.empty() ? "" : ", " + machines));
  if (!options.max_active_tasks)
    log.warnings.push_back("the DAG's parallelism is core.max_active_tasks_per_dag (16 unless the environment sets it); "
                           "use --max-active-tasks to match the recorded execution");
  return out;
}

}  // namespace mwaa::imports
