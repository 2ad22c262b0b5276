// summarize(): the numbers of the summary, computed from the raw records and
// series of one run. Formatting lives in summary_text.cpp / summary_json.cpp.
#include <algorithm>
#include <cmath>
#include <map>

#include "models/report/gauge_ops.hpp"
#include "models/report/summary.hpp"

namespace mwaa {

std::string describe(HoldReason reason) {
  switch (reason) {
    case HoldReason::PoolFull: return "no open pool slots";
    case HoldReason::MaxActiveTasks: return "max_active_tasks reached (per DAG in 2.x, per DAG run in 3.x)";
    case HoldReason::TaskConcurrency: return "max_active_tis_per_dag / max_active_tis_per_dagrun reached";
    case HoldReason::Parallelism: return "core.parallelism reached on the scheduler";
    case HoldReason::SchedulerThroughput: return "schedulable but not yet reached by a scheduler's critical section";
    case HoldReason::WorkerSlots: return "waiting in SQS with every worker full at the current worker count";
    case HoldReason::AutoscalingLag: return "waiting in SQS while more workers are wanted but not ready yet";
    case HoldReason::Count: break;
  }
  return "unknown";
}

std::string remedy(HoldReason reason) {
  switch (reason) {
    case HoldReason::PoolFull: return "raise the pool's slots (core.default_pool_task_slot_count for default_pool)";
    case HoldReason::MaxActiveTasks: return "raise max_active_tasks on the DAGs or core.max_active_tasks_per_dag";
    case HoldReason::TaskConcurrency: return "raise the tasks' max_active_tis_per_dag / max_active_tis_per_dagrun";
    case HoldReason::Parallelism: return "raise core.parallelism or add schedulers";
    case HoldReason::SchedulerThroughput:
      return "add schedulers or raise scheduler.max_tis_per_query; fewer, longer tasks also help";
    case HoldReason::WorkerSlots:
      return "raise max workers, celery.worker_autoscale, or use a larger environment class";
    case HoldReason::AutoscalingLag: return "raise min workers so capacity is up before the load arrives";
    case HoldReason::Count: break;
  }
  return "";
}

namespace {

DurationStats duration_stats(const std::vector<sim::Time>& spans) {
  DurationStats d;
  if (spans.empty()) return d;
  d.count = spans.size();
  d.shortest = *std::min_element(spans.begin(), spans.end());
  d.longest = *std::max_element(spans.begin(), spans.end());
  long double sum = 0;  // exact for any realistic count of microsecond spans
  for (auto s : spans) sum += static_cast<long double>(s.us);
  d.average = sim::Time{static_cast<std::int64_t>(std::llroundl(sum / static_cast<long double>(spans.size())))};
  return d;
}

WaitStats wait_stats(const sim::Samples& s) {
  return {s.count(), s.quantile(0.5), s.quantile(0.95), s.max()};
}

Peak peak_of(const sim::Gauge& g) { return {g.peak(), g.peak_time()}; }

std::optional<sim::Time> known(sim::Time t) { return t.us >= 0 ? std::optional<sim::Time>(t) : std::nullopt; }

TargetCheck check(sim::Time target, std::optional<sim::Time> actual) {
  TargetCheck c;
  c.target = target;
  c.actual = actual;
  if (actual) {
    c.margin = target - *actual;
    c.met = *actual <= target;
  }
  return c;
}

void fill_groups(const Scenario& scenario, const RunResult& result, Summary& s) {
  const auto& dags = scenario.workload.dags;
  std::map<std::string, std::size_t> index;  // group name -> position in s.groups
  std::vector<std::ptrdiff_t> group_of(dags.size(), -1);
  for (std::size_t d = 0; d < dags.size(); ++d) {
    if (dags[d].group.empty()) continue;
    auto [it, added] = index.emplace(dags[d].group, s.groups.size());
    if (added) {
      s.groups.emplace_back();
      s.groups.back().name = dags[d].group;
    }
    GroupSummary& g = s.groups[it->second];
    group_of[d] = static_cast<std::ptrdiff_t>(it->second);
    ++g.dags;
    if (dags[d].planned_start && (!g.planned_start || *dags[d].planned_start < *g.planned_start))
      g.planned_start = dags[d].planned_start;
  }
  if (s.groups.empty()) return;
  std::vector<std::vector<sim::Time>> durations(s.groups.size());
  for (const auto& run : result.dag_runs) {
    if (run.dag >= dags.size() || group_of[run.dag] < 0) continue;
    const auto gi = static_cast<std::size_t>(group_of[run.dag]);
    ++s.groups[gi].runs;
    if (run.started.us >= 0 && run.ended.us >= 0) durations[gi].push_back(run.ended - run.started);
  }
  for (const auto& ti : result.task_instances) {
    if (ti.dag >= dags.size() || group_of[ti.dag] < 0 || ti.start.us < 0) continue;
    // Roots (no upstream) are e.g. the wave-delay task; the group's work starts after them.
    if (dags[ti.dag].tasks.at(ti.task).upstream.empty()) continue;
    GroupSummary& g = s.groups[static_cast<std::size_t>(group_of[ti.dag])];
    if (!g.actual_start || ti.start < *g.actual_start) g.actual_start = ti.start;
    if (!g.last_start || ti.start > *g.last_start) g.last_start = ti.start;
  }
  for (std::size_t i = 0; i < s.groups.size(); ++i) {
    GroupSummary& g = s.groups[i];
    g.run_durations = duration_stats(durations[i]);
    if (g.planned_start && g.actual_start) g.start_delay = *g.actual_start - *g.planned_start;
  }
}

}  // namespace

Summary summarize(const Scenario& scenario, const RunResult& result) {
  Summary s;
  const EnvironmentSettings& env = scenario.environment;
  s.scenario_name = scenario.name;
  s.source_file = scenario.source_file;
  s.seed = scenario.seed;
  s.environment_name = env.name;
  s.environment_class = env.environment_class;
  s.airflow_version = env.airflow_version.text;
  s.min_workers = env.min_workers;
  s.max_workers = env.max_workers;
  s.schedulers = env.schedulers;
  s.tasks_per_worker = scenario.tasks_per_worker();
  s.parallelism = result.parallelism > 0 ? result.parallelism : scenario.parallelism();
  s.parallelism_assumed = scenario.parallelism_is_assumed();
  s.warnings = scenario.warnings;
  s.not_modelled = env.not_modelled;

  s.finished = result.finished;
  s.engine_outcome = sim::to_string(result.outcome);
  s.events = result.events;
  s.end_time = result.end_time;
  s.stuck_report = result.stuck_report;
  // Series are read up to where anything could still change.
  const sim::Time end = std::max({result.end_time, result.last_task_end, sim::Time::zero()});

  // DAG runs.
  std::vector<sim::Time> run_spans;
  for (const auto& run : result.dag_runs) {
    ++s.dag_runs;
    if (run.state == RunState::Success) ++s.dag_runs_succeeded;
    if (run.state == RunState::Failed) ++s.failures.failed_dag_runs;
    if (run.state == RunState::Queued || run.state == RunState::Running) ++s.dag_runs_unfinished;
    if (run.started.us >= 0 && run.ended.us >= 0) run_spans.push_back(run.ended - run.started);
  }
  s.run_durations = duration_stats(run_spans);

  // Task-instance tries: states and waits.
  sim::Samples to_queued, to_start;
  to_queued.reserve(result.task_instances.size());
  to_start.reserve(result.task_instances.size());
  for (const auto& ti : result.task_instances) {
    ++s.task_tries;
    switch (ti.state) {
      case TiState::Success: ++s.tasks_succeeded; break;
      case TiState::Failed: ++s.failures.failed; break;
      case TiState::UpForRetry: ++s.failures.up_for_retry; break;
      case TiState::UpstreamFailed: ++s.failures.upstream_failed; break;
      default: ++s.tasks_unfinished; break;
    }
    if (ti.scheduled.us >= 0 && ti.queued.us >= 0) to_queued.add((ti.queued - ti.scheduled).to_seconds());
    if (ti.queued.us >= 0 && ti.start.us >= 0) to_start.add((ti.start - ti.queued).to_seconds());
  }
  s.scheduled_to_queued = wait_stats(to_queued);
  s.queued_to_start = wait_stats(to_start);
  s.failures.killed = result.tasks_killed.total();
  s.failures.requeued = result.tasks_requeued.total();

  // Completion and targets.
  s.first_trigger = known(result.first_trigger);
  s.last_task_end = known(result.last_task_end);
  if (result.finished && s.first_trigger && s.last_task_end) s.completion = *s.last_task_end - *s.first_trigger;
  if (scenario.targets.completion) s.completion_target = check(*scenario.targets.completion, s.completion);
  if (scenario.reference) {
    s.reference_makespan = scenario.reference->makespan;
    s.reference_source = scenario.reference->source;
  }

  fill_groups(scenario, result, s);

  // Peaks.
  s.peak_tasks_executing = peak_of(result.tasks_executing);
  std::vector<const sim::Gauge*> executor_running;
  for (const auto& sch : result.schedulers) executor_running.push_back(&sch.executor_running);
  s.peak_executor_running = peak_of(sum_gauges(executor_running));
  s.peak_sqs_queued = peak_of(result.sqs_visible);
  const QueueAgePeak age = peak_queue_age(result.sqs_oldest_enqueued, end);
  s.peak_queue_age = {age.seconds, age.at};
  if (scenario.targets.max_queue_age)
    s.queue_age_target = check(*scenario.targets.max_queue_age, sim::Time::from_seconds(age.seconds));
  s.peak_workers = peak_of(result.workers);
  s.peak_workers_desired = peak_of(result.workers_desired);

  // Pools.
  for (const auto& p : result.pools) {
    PoolSummary ps;
    ps.name = p.name;
    ps.slots = p.slots;
    const sim::Gauge occupied = sum_gauges({&p.running_slots, &p.queued_slots});
    ps.peak_occupied = peak_of(occupied);
    ps.peak_running = peak_of(p.running_slots);
    ps.peak_queued = peak_of(p.queued_slots);
    if (p.slots >= 0) ps.time_full = time_at_least(occupied, p.slots, end);
    s.pools.push_back(std::move(ps));
  }

  // What held the work back, most task-seconds first (ties: enum order).
  for (std::size_t r = 0; r < kHoldReasons; ++r) {
    const sim::Gauge& g = result.held[r];
    HoldSummary h;
    h.reason = static_cast<HoldReason>(r);
    h.task_seconds = g.integral(sim::Time::zero(), end);
    h.time_held = time_at_least(g, 1e-9, end);  // any positive level: at least one task held
    h.peak = peak_of(g);
    s.holds.push_back(h);
  }
  std::stable_sort(s.holds.begin(), s.holds.end(),
                   [](const HoldSummary& a, const HoldSummary& b) { return a.task_seconds > b.task_seconds; });
  if (!s.holds.empty() && s.holds.front().task_seconds > 0) s.main_bottleneck = s.holds.front().reason;
  return s;
}

}  // namespace mwaa
