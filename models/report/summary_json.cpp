// summary_to_json(): the summary as JSON with a fixed key order, seconds as
// numbers rounded to 3 decimals, so the same run always gives the same bytes.
#include "models/report/number_format.hpp"
#include "models/report/summary.hpp"

namespace mwaa {

namespace {

using J = nlohmann::ordered_json;

J secs(sim::Time t) { return seconds3(t); }
J secs(const std::optional<sim::Time>& t) { return t ? secs(*t) : J(nullptr); }
J peak(const Peak& p) { return J{{"value", json_number(p.value)}, {"at_s", secs(p.at)}}; }

J durations(const DurationStats& d) {
  if (d.count == 0) return J{{"count", 0}, {"shortest_s", nullptr}, {"average_s", nullptr}, {"longest_s", nullptr}};
  return J{{"count", d.count}, {"shortest_s", secs(d.shortest)}, {"average_s", secs(d.average)}, {"longest_s", secs(d.longest)}};
}

J waits(const WaitStats& w) {
  return J{{"count", w.count}, {"p50_s", round3(w.p50)}, {"p95_s", round3(w.p95)}, {"max_s", round3(w.max)}};
}

J target(const std::optional<TargetCheck>& t) {
  if (!t) return nullptr;
  return J{{"target_s", secs(t->target)}, {"actual_s", secs(t->actual)}, {"met", t->met}, {"margin_s", secs(t->margin)}};
}

J strings(const std::vector<std::string>& v) {
  J a = J::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

}  // namespace

nlohmann::ordered_json summary_to_json(const Summary& s) {
  J j;
  j["scenario"] = J{{"name", s.scenario_name}, {"source_file", s.source_file}, {"seed", s.seed}};
  j["environment"] = J{{"name", s.environment_name},
                       {"class", s.environment_class},
                       {"airflow_version", s.airflow_version},
                       {"min_workers", s.min_workers},
                       {"max_workers", s.max_workers},
                       {"schedulers", s.schedulers},
                       {"tasks_per_worker", s.tasks_per_worker},
                       {"parallelism_per_scheduler", s.parallelism},
                       {"parallelism_assumed", s.parallelism_assumed},
                       {"not_modelled", strings(s.not_modelled)}};
  j["warnings"] = strings(s.warnings);
  j["outcome"] = J{{"finished", s.finished},
                   {"engine_outcome", s.engine_outcome},
                   {"events", s.events},
                   {"end_time_s", secs(s.end_time)},
                   {"stuck_report", s.finished ? J(nullptr) : J(s.stuck_report)}};
  j["completion"] = J{{"first_trigger_s", secs(s.first_trigger)},
                      {"last_task_end_s", secs(s.last_task_end)},
                      {"completion_s", secs(s.completion)}};
  j["targets"] = J{{"completion", target(s.completion_target)}, {"max_queue_age", target(s.queue_age_target)}};
  j["dag_runs"] = J{{"total", s.dag_runs},
                    {"succeeded", s.dag_runs_succeeded},
                    {"failed", s.failures.failed_dag_runs},
                    {"unfinished", s.dag_runs_unfinished},
                    {"duration", durations(s.run_durations)}};
  j["task_tries"] = J{{"total", s.task_tries}, {"succeeded", s.tasks_succeeded}, {"unfinished", s.tasks_unfinished}};

  J held = J::array();
  for (const auto& h : s.holds)
    held.push_back(J{{"reason", to_string(h.reason)},
                     {"task_seconds", round3(h.task_seconds)},
                     {"time_held_s", secs(h.time_held)},
                     {"peak_tasks", peak(h.peak)}});
  j["held_back"] = J{{"main_bottleneck", s.main_bottleneck ? J(to_string(*s.main_bottleneck)) : J(nullptr)},
                     {"description", s.main_bottleneck ? J(describe(*s.main_bottleneck)) : J(nullptr)},
                     {"remedy", s.main_bottleneck ? J(remedy(*s.main_bottleneck)) : J(nullptr)},
                     {"reasons", std::move(held)}};

  J groups = J::array();
  for (const auto& g : s.groups)
    groups.push_back(J{{"name", g.name},
                       {"dags", g.dags},
                       {"runs", g.runs},
                       {"planned_start_s", secs(g.planned_start)},
                       {"actual_start_s", secs(g.actual_start)},
                       {"start_delay_s", secs(g.start_delay)},
                       {"last_start_s", secs(g.last_start)},
                       {"run_duration", durations(g.run_durations)}});
  j["groups"] = std::move(groups);

  j["peaks"] = J{{"tasks_executing", peak(s.peak_tasks_executing)},
                 {"executor_running_tasks", peak(s.peak_executor_running)},
                 {"sqs_queued_tasks", peak(s.peak_sqs_queued)},
                 {"queue_age_s", J{{"value", round3(s.peak_queue_age.value)}, {"at_s", secs(s.peak_queue_age.at)}}},
                 {"workers", peak(s.peak_workers)},
                 {"workers_desired", peak(s.peak_workers_desired)}};
  j["task_waits"] = J{{"scheduled_to_queued", waits(s.scheduled_to_queued)}, {"queued_to_start", waits(s.queued_to_start)}};

  J pools = J::array();
  for (const auto& p : s.pools)
    pools.push_back(J{{"name", p.name},
                      {"slots", p.slots},
                      {"peak_occupied", peak(p.peak_occupied)},
                      {"peak_running", peak(p.peak_running)},
                      {"peak_queued", peak(p.peak_queued)},
                      {"time_full_s", p.slots < 0 ? J(nullptr) : secs(p.time_full)}});
  j["pools"] = std::move(pools);

  j["failures"] = J{{"failed", s.failures.failed},
                    {"up_for_retry", s.failures.up_for_retry},
                    {"upstream_failed", s.failures.upstream_failed},
                    {"killed", json_number(s.failures.killed)},
                    {"requeued", json_number(s.failures.requeued)},
                    {"failed_dag_runs", s.failures.failed_dag_runs}};
  return j;
}

}  // namespace mwaa
