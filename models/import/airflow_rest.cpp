// build_airflow_scenario(): a recording -> a scenario. In order: the DAGs
// with a tasks file, their dependency edges and operators; which runs are
// replayed as arrivals and which are left to TriggerDagRun tasks; the DAGs
// that run; per-task durations from the task instances; pools, environment,
// the recorded makespan as the scenario's "reference". Every record left out
// and every assumption goes to the log.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "models/errors.hpp"
#include "models/import/airflow_rest_build.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::imports {

namespace {

constexpr std::int64_t kHourUs = 3600LL * sim::kMicrosPerSecond;

std::string folded(const std::string& s) {
  std::string out;
  for (char c : s.substr(s.rfind('.') == std::string::npos ? 0 : s.rfind('.') + 1))
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

enum class Op { Worker, Empty, Trigger };

Op operator_kind(const AirflowTask& t) {
  const std::string f = folded(t.operator_class);
  if (f == "emptyoperator" || f == "dummyoperator") return Op::Empty;
  if (f == "triggerdagrunoperator") return Op::Trigger;
  return Op::Worker;
}

// A DAG being imported: its tasks with resolved upstream lists.
struct DagBuild {
  std::string id;
  const std::vector<AirflowTask>* tasks = nullptr;
  std::vector<std::vector<std::string>> upstream;  // by task index
  std::vector<Op> ops;
  std::vector<std::string> targets;                // by task index, "" when none
  std::vector<std::int64_t> arrivals;              // replayed runs (epoch us)
  std::vector<const AirflowRun*> left_to_trigger;  // runs a TriggerDagRun task makes
  std::vector<std::string> controllers;            // "dag.task" triggering this DAG, for messages
  std::set<std::string> controller_dags;           // the DAGs of those tasks
};

struct Notes {
  std::vector<std::string> bad_edges, unknown_targets, mapped, trigger_rules, weight_rules, no_duration;
};

void resolve_structure(const AirflowRecording& rec, std::map<std::string, DagBuild>& dags, Notes& notes) {
  for (const auto& [dag_id, tasks] : rec.tasks) {
    DagBuild& d = dags[dag_id];
    d.id = dag_id;
    d.tasks = &tasks;
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < tasks.size(); ++i) index.emplace(tasks[i].id, i);
    d.upstream.assign(tasks.size(), {});
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      for (const auto& down : tasks[i].downstream) {
        const auto it = index.find(down);
        if (it == index.end()) {
          notes.bad_edges.push_back(dag_id + "." + tasks[i].id + " -> " + down);
          continue;
        }
        auto& ups = d.upstream[it->second];
        if (std::find(ups.begin(), ups.end(), tasks[i].id) == ups.end()) ups.push_back(tasks[i].id);
      }
      d.ops.push_back(operator_kind(tasks[i]));
      d.targets.emplace_back();
    }
  }
  // Trigger targets need every DAG known first.
  for (auto& [dag_id, d] : dags)
    for (std::size_t i = 0; i < d.tasks->size(); ++i) {
      if (d.ops[i] != Op::Trigger) continue;
      const AirflowTask& t = (*d.tasks)[i];
      if (t.trigger_dag_id && dags.count(*t.trigger_dag_id)) {
        d.targets[i] = *t.trigger_dag_id;
        dags[*t.trigger_dag_id].controllers.push_back(dag_id + "." + t.id);
        dags[*t.trigger_dag_id].controller_dags.insert(dag_id);
      } else {
        d.ops[i] = Op::Worker;
        notes.unknown_targets.push_back(dag_id + "." + t.id +
                                        (t.trigger_dag_id ? " (target \"" + *t.trigger_dag_id + "\" has no tasks file)"
                                                          : " (no trigger_dag_id in its params)"));
      }
    }
}

// Runs that TriggerDagRun tasks of running DAGs create are left to them; the
// others are replayed. A DAG runs if it has replayed runs or a running DAG
// triggers it; runs left to a controller that never runs are replayed after all.
std::set<std::string> classify_runs(const AirflowRecording& rec, std::map<std::string, DagBuild>& dags, ImportLog& log) {
  std::map<std::string, std::vector<const AirflowRun*>> runs_of;
  std::map<std::string, std::size_t> unknown_dag_runs;
  std::size_t no_time = 0;
  std::map<std::string, std::size_t> sources;
  for (const auto& r : rec.runs) {
    if (!dags.count(r.dag_id)) {
      ++unknown_dag_runs[r.dag_id];
      continue;
    }
    runs_of[r.dag_id].push_back(&r);
  }
  auto by_operator = [&](const AirflowRun& r) {
    if (!r.triggered_by.empty()) return r.triggered_by == "operator";  // v2 says who made the run
    return r.run_type == "manual";  // v1: a manual run of a TriggerDagRun target, presumably by that task
  };
  std::set<std::string> replay_all;  // targets whose controllers do not run
  std::set<std::string> running;
  for (;;) {
    for (auto& [id, d] : dags) {
      d.arrivals.clear();
      d.left_to_trigger.clear();
    }
    no_time = 0;
    sources.clear();
    for (const auto& [dag_id, runs] : runs_of) {
      DagBuild& d = dags[dag_id];
      for (const AirflowRun* r : runs) {
        if (!d.controllers.empty() && !replay_all.count(dag_id) && by_operator(*r)) {
          d.left_to_trigger.push_back(r);
          continue;
        }
        const auto a = build::arrival_of(*r);
        if (!a) {
          ++no_time;
          continue;
        }
        d.arrivals.push_back(a->at);
        ++sources[a->source];
      }
    }
    // Which DAGs run: replayed arrivals, then along trigger edges.
    running.clear();
    std::vector<std::string> todo;
    for (auto& [id, d] : dags)
      if (!d.arrivals.empty()) {
        running.insert(id);
        todo.push_back(id);
      }
    while (!todo.empty()) {
      const std::string id = todo.back();
      todo.pop_back();
      for (const auto& target : dags[id].targets)
        if (!target.empty() && running.insert(target).second) todo.push_back(target);
    }
    bool changed = false;
    for (auto& [id, d] : dags) {
      if (d.left_to_trigger.empty()) continue;
      const bool controlled = std::any_of(d.controller_dags.begin(), d.controller_dags.end(),
                                          [&](const std::string& c) { return running.count(c) > 0; });
      if (!controlled && replay_all.insert(id).second) changed = true;
    }
    if (!changed) break;
  }
  for (const auto& [dag_id, n] : unknown_dag_runs)
    log.skipped.push_back(std::to_string(n) + " run(s) of DAG \"" + dag_id + "\", which has no tasks file");
  if (no_time) log.skipped.push_back(std::to_string(no_time) + " run(s) with neither queued_at nor start_date (never started)");
  for (const auto& [source, n] : sources)
    if (std::string(source) != "queued_at")
      log.warnings.push_back(std::to_string(n) + " run(s) have no queued_at (API v1 does not return it): arrival taken from " +
                             source + (std::string(source) == "start_date"
                                           ? " (at or after the run's creation: arrivals may be late by the time the "
                                             "run waited in the queued state)"
                                           : " (Airflow 2 sets a manual run's logical date to its trigger time)"));
  for (auto& [id, d] : dags) {
    if (d.left_to_trigger.empty()) continue;
    log.read.push_back("DAG \"" + id + "\": " + std::to_string(d.left_to_trigger.size()) +
                       " recorded run(s) made by TriggerDagRun task(s) " + some_of(d.controllers) +
                       " are not replayed: the simulation's trigger task creates them");
  }
  for (const auto& id : replay_all)
    log.warnings.push_back("DAG \"" + id + "\" is the target of " + some_of(dags[id].controllers) +
                           " but that DAG has no replayed runs: its own recorded runs are replayed instead");
  return running;
}

OJson pools_json(const AirflowRecording& rec, const std::set<std::string>& used, ImportLog& log) {
  OJson pools = OJson::array();
  std::set<std::string> known;
  for (const auto& p : rec.pools) {
    OJson j = {{"name", p.name}, {"slots", p.slots}};
    if (p.include_deferred) j["include_deferred"] = true;
    pools.push_back(std::move(j));
    known.insert(p.name);
  }
  std::vector<std::string> missing;
  for (const auto& name : used)
    if (name != "default_pool" && !known.count(name)) {
      pools.push_back({{"name", name}, {"slots", -1}});
      missing.push_back(name);
    }
  if (!missing.empty())
    log.warnings.push_back("pool(s) used by tasks but not in the pools input: " + some_of(missing) +
                           ": assumed unlimited (-1); collect /pools (--pools) for their real sizes");
  return pools;
}

std::optional<std::string> environment_version(const Json& env) {
  const Json* e = &env;
  if (env.is_object() && env.contains("Environment")) e = &env["Environment"];
  if (e->is_object() && e->contains("AirflowVersion") && (*e)["AirflowVersion"].is_string())
    return (*e)["AirflowVersion"].get<std::string>();
  return std::nullopt;
}

}  // namespace

ImportResult build_airflow_scenario(const AirflowRecording& rec, const AirflowImportOptions& opt) {
  ImportResult out;
  ImportLog& log = out.log;
  log = rec.log;

  std::map<std::string, DagBuild> dags;
  Notes notes;
  resolve_structure(rec, dags, notes);
  {
    std::vector<std::string> no_tasks;
    for (const auto& d : rec.dags)
      if (!rec.tasks.count(d.id)) no_tasks.push_back(d.id);
    if (!no_tasks.empty())
      log.skipped.push_back(std::to_string(no_tasks.size()) + " DAG(s) listed by /dags without a tasks file: " +
                            some_of(no_tasks));
  }
  // The DAGs that run; the others add no load and are left out.
  const std::set<std::string> included = classify_runs(rec, dags, log);
  {
    std::vector<std::string> idle;
    for (auto& [id, d] : dags)
      if (!included.count(id)) idle.push_back(id);
    if (!idle.empty())
      log.skipped.push_back(std::to_string(idle.size()) + " DAG(s) with tasks but no recorded runs: " + some_of(idle));
  }
  std::int64_t t0 = std::numeric_limits<std::int64_t>::max(), last_arrival = std::numeric_limits<std::int64_t>::min();
  for (const auto& id : included)
    for (auto a : dags[id].arrivals) {
      t0 = std::min(t0, a);
      last_arrival = std::max(last_arrival, a);
    }
  if (included.empty() || t0 == std::numeric_limits<std::int64_t>::max())
    throw InputError("", "", "no DAG run to replay: no recorded run belongs to a DAG with a tasks file (runs read: " +
                                 std::to_string(rec.runs.size()) + ")");

  // Durations per task.
  std::map<std::pair<std::string, std::string>, std::vector<double>> durations;
  std::map<std::string, std::vector<std::string>> unknown_tasks;
  std::map<std::string, std::size_t> other_dags, unused_states;
  for (const auto& ti : rec.task_instances) {
    const auto d = dags.find(ti.dag_id);
    if (d == dags.end()) {
      ++other_dags[ti.dag_id];
      continue;
    }
    const auto& tasks = *d->second.tasks;
    if (std::none_of(tasks.begin(), tasks.end(), [&](const AirflowTask& t) { return t.id == ti.task_id; })) {
      auto& u = unknown_tasks[ti.dag_id];
      if (std::find(u.begin(), u.end(), ti.task_id) == u.end()) u.push_back(ti.task_id);
      continue;
    }
    std::optional<double> seconds = ti.duration;
    if (!seconds && ti.start && ti.end && *ti.end >= *ti.start) seconds = static_cast<double>(*ti.end - *ti.start) / 1e6;
    // Only tries that ran to an end on a worker say how long the code takes.
    if (!seconds || (ti.state != "success" && ti.state != "failed" && ti.state != "up_for_retry")) {
      ++unused_states[ti.state.empty() ? "none" : ti.state];
      continue;
    }
    durations[{ti.dag_id, ti.task_id}].push_back(*seconds);
  }
  for (const auto& [dag_id, n] : other_dags)
    log.skipped.push_back(std::to_string(n) + " task instance(s) of DAG \"" + dag_id + "\", which has no tasks file");
  for (const auto& [dag_id, ids] : unknown_tasks)
    log.warnings.push_back("task instances of DAG \"" + dag_id + "\" name task(s) not in its tasks file (removed from the "
                           "DAG since?): " + some_of(ids) + "; ignored");
  if (!unused_states.empty()) {
    std::vector<std::string> parts;
    for (const auto& [state, n] : unused_states) parts.push_back(state + " " + std::to_string(n));
    log.skipped.push_back("task instances without a usable duration (by state): " + input::join(parts));
  }

  // The DAGs.
  OJson dag_list = OJson::array();
  std::set<std::string> used_pools;
  std::map<std::string, const AirflowDag*> info;
  for (const auto& d : rec.dags) info[d.id] = &d;
  std::size_t replayed = 0;
  for (const auto& id : included) {
    DagBuild& d = dags[id];
    OJson dag = {{"dag_id", id}};
    if (const auto it = info.find(id); it != info.end()) {
      if (it->second->max_active_runs.value_or(0) >= 1) dag["max_active_runs"] = *it->second->max_active_runs;
      if (it->second->max_active_tasks.value_or(0) >= 1) dag["max_active_tasks"] = *it->second->max_active_tasks;
    }
    std::sort(d.arrivals.begin(), d.arrivals.end());
    replayed += d.arrivals.size();
    const std::size_t n = d.arrivals.size();
    if (opt.arrivals == ArrivalMode::Rate && n >= 2 && d.arrivals.back() > d.arrivals.front()) {
      const sim::Time first{d.arrivals.front() - t0};
      const sim::Time interval{(d.arrivals.back() - d.arrivals.front()) / static_cast<std::int64_t>(n - 1)};
      dag["schedule"] = {{"first", duration_text(first)}, {"interval", duration_text(interval)}, {"count", n}};
    } else if (n > 0) {
      OJson at = OJson::array();
      for (auto a : d.arrivals) at.push_back(duration_text(sim::Time{a - t0}));
      dag["trigger_at"] = std::move(at);
    }
    OJson tasks = OJson::array();
    for (std::size_t i = 0; i < d.tasks->size(); ++i) {
      const AirflowTask& t = (*d.tasks)[i];
      OJson tj = {{"task_id", t.id}};
      if (d.ops[i] == Op::Empty) {
        tj["operator"] = "empty";
      } else if (d.ops[i] == Op::Trigger) {
        tj["operator"] = "trigger_dagrun";
        tj["trigger_dag_ids"] = OJson::array({d.targets[i]});
      } else if (operator_kind(t) == Op::Trigger) {
        tj["operator"] = "worker";  // a TriggerDagRunOperator without a known target (warned below)
      } else if (!t.operator_class.empty() && is_airflow_id(t.operator_class) &&
                 (t.operator_class.ends_with("Operator") || t.operator_class.ends_with("Sensor"))) {
        tj["operator"] = t.operator_class;
      }
      if (d.ops[i] != Op::Empty) {
        const auto it = durations.find({id, t.id});
        if (it != durations.end()) {
          tj["duration"] = build::duration_json(it->second, opt.durations);
        } else {
          notes.no_duration.push_back(id + "." + t.id);
        }
      }
      if (t.pool) {
        tj["pool"] = *t.pool;
        used_pools.insert(*t.pool);
      }
      if (t.pool_slots && *t.pool_slots != 1) tj["pool_slots"] = *t.pool_slots;
      if (t.priority_weight) tj["priority_weight"] = *t.priority_weight;
      if (t.weight_rule) {
        if (*t.weight_rule == "downstream" || *t.weight_rule == "upstream" || *t.weight_rule == "absolute")
          tj["weight_rule"] = *t.weight_rule;
        else
          notes.weight_rules.push_back(id + "." + t.id + " (" + *t.weight_rule + ")");
      }
      if (t.retries) tj["retries"] = *t.retries;
      if (t.retry_delay) tj["retry_delay"] = duration_text(*t.retry_delay);
      if (!d.upstream[i].empty()) tj["upstream"] = d.upstream[i];
      if (t.mapped) notes.mapped.push_back(id + "." + t.id);
      if (t.trigger_rule && *t.trigger_rule != "all_success")
        notes.trigger_rules.push_back(id + "." + t.id + " (" + *t.trigger_rule + ")");
      tasks.push_back(std::move(tj));
    }
    dag["tasks"] = std::move(tasks);
    dag_list.push_back(std::move(dag));
  }
  auto note = [&](const std::vector<std::string>& items, const std::string& what) {
    if (!items.empty()) log.warnings.push_back(std::to_string(items.size()) + " " + what + ": " + some_of(items));
  };
  note(notes.bad_edges, "downstream id(s) that are not tasks of their DAG; the edge was dropped");
  note(notes.unknown_targets, "TriggerDagRunOperator task(s) with no known target, imported as plain worker tasks "
                              "(their targets' recorded runs are replayed instead)");
  note(notes.no_duration, "task(s) without a recorded duration; assumed 0s");
  note(notes.mapped, "mapped task(s): the simulator has no dynamic task mapping, each runs once per DAG run with the "
                     "durations of all its map indexes pooled");
  note(notes.trigger_rules, "task(s) with a trigger rule other than all_success, which the simulator does not model "
                            "(it runs them as all_success)");
  note(notes.weight_rules, "task(s) with a custom weight_rule; the environment's default weight rule is used");
  if (opt.durations == DurationMode::Replay)
    log.warnings.push_back("replay: each task's duration is drawn from all of its recorded durations (empirical): the "
                           "scenario format has one duration distribution per task, so a run does not get exactly its "
                           "own recorded durations");

  // The scenario.
  OJson& sc = out.scenario;
  sc["name"] = opt.name;
  const char* mode = opt.durations == DurationMode::Replay ? "replay" : "fitted";
  sc["description"] = std::string("Imported by `mwaa-sim import airflow --mode ") + mode + "` from Airflow REST API " +
                      (rec.api == AirflowApi::V1 ? "v1 (Airflow 2)" : rec.api == AirflowApi::V2 ? "v2 (Airflow 3)" : "") +
                      " responses: " + std::to_string(included.size()) + " DAG(s), " + std::to_string(replayed) +
                      " replayed run(s) from " + iso_utc_z(t0) + ". Durations: " +
                      (opt.durations == DurationMode::Replay ? "empirical per task" : "lognormal fitted per task") +
                      "; arrivals: " + (opt.arrivals == ArrivalMode::Recorded ? "as recorded" : "evenly at the recorded rate") +
                      ". See docs/import.md.";
  if (rec.environment) {
    sc["environment"] = *rec.environment;
    const auto version = environment_version(*rec.environment);
    const char major = version && !version->empty() ? (*version)[(*version)[0] == 'v' ? 1 : 0] : '?';
    if ((rec.api == AirflowApi::V1 && major == '3') || (rec.api == AirflowApi::V2 && major == '2'))
      log.warnings.push_back("the environment's AirflowVersion " + *version + " does not match the API version of the "
                             "responses; check that they come from the same environment");
  } else if (rec.api == AirflowApi::V1) {
    sc["environment"] = {{"AirflowVersion", "2.10.3"}};
    log.warnings.push_back("no --environment: assumed AirflowVersion 2.10.3 (the responses are API v1, Airflow 2) and "
                           "the default environment otherwise; pass the `aws mwaa get-environment` output");
  } else {
    log.warnings.push_back("no --environment: the scenario uses the default environment (see docs/scenario-format.md); "
                           "pass the `aws mwaa get-environment` output");
  }
  const OJson pools = pools_json(rec, used_pools, log);
  if (!pools.empty()) sc["pools"] = pools;
  sc["start"] = iso_utc_z(t0);
  if (t0 % sim::kMicrosPerSecond != 0)
    log.warnings.push_back("start " + iso_utc_z(t0) + " drops the first arrival's fraction of a second; arrivals are "
                           "offsets from the first arrival itself");

  // Recorded makespan: first arrival to the last task end of the runs imported.
  std::set<std::pair<std::string, std::string>> run_keys;
  bool all_ended = true;
  std::int64_t last_end = std::numeric_limits<std::int64_t>::min();
  for (const auto& r : rec.runs) {
    if (!included.count(r.dag_id)) continue;
    run_keys.insert({r.dag_id, r.run_id});
    if (!r.end) all_ended = false;
    else last_end = std::max(last_end, *r.end);
  }
  std::int64_t last_task_end = std::numeric_limits<std::int64_t>::min();
  for (const auto& ti : rec.task_instances)
    if (ti.end && run_keys.count({ti.dag_id, ti.run_id})) last_task_end = std::max(last_task_end, *ti.end);
  if (last_task_end != std::numeric_limits<std::int64_t>::min()) last_end = last_task_end;
  std::int64_t span = last_arrival - t0;
  if (all_ended && last_end > t0) {
    sc["reference"] = {{"makespan", duration_text(sim::Time{last_end - t0})},
                       {"source", std::string("Airflow recording: first run arrival to last task end (") + mode + " import)"}};
    span = std::max(span, last_end - t0);
  } else {
    log.warnings.push_back("no recorded makespan: some imported runs had not ended when recorded");
  }
  // Room to finish: twice the recorded span plus an hour, at least the 24h default.
  const std::int64_t limit = (2 * span + kHourUs + kHourUs - 1) / kHourUs * kHourUs;
  if (limit > 24 * kHourUs) sc["time_limit"] = duration_text(sim::Time{limit});
  sc["workload"] = {{"dags", std::move(dag_list)}};
  log.read.push_back("imported " + std::to_string(included.size()) + " DAG(s) with " + std::to_string(replayed) +
                     " replayed run(s) over " + duration_text(sim::Time{last_arrival - t0}));
  return out;
}

}  // namespace mwaa::imports
