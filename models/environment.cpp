#include "models/environment.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

#include "models/simulation.hpp"

namespace mwaa {

Environment::Environment(const Scenario& sc, std::uint64_t seed, RunResult& res)
    : scenario(sc), params(sc.model), result(res), db(sc, res),
      broker(res.sqs_visible, res.sqs_in_flight, res.sqs_oldest_enqueued), critical(db),
      fleet(*this, sc.tasks_per_worker(), seed), autoscaler(*this), tasks_per_worker(sc.tasks_per_worker()),
      seed_(seed) {
  result.sqs_oldest_enqueued.set(sim::Time::zero(), -1);
  result.parallelism = sc.parallelism();
  const int n = std::max(1, sc.environment.schedulers);
  result.schedulers.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) schedulers.push_back(std::make_unique<SchedulerJob>(*this, i, result.parallelism, seed));

  std::map<std::string, std::uint32_t> by_id;
  for (std::uint32_t d = 0; d < sc.workload.dags.size(); ++d) by_id[sc.workload.dags[d].id] = d;
  trigger_targets.resize(sc.workload.dags.size());
  for (std::uint32_t d = 0; d < sc.workload.dags.size(); ++d) {
    const DagSpec& dag = sc.workload.dags[d];
    trigger_targets[d].resize(dag.tasks.size());
    for (std::size_t t = 0; t < dag.tasks.size(); ++t)
      for (const std::string& target : dag.tasks[t].trigger_dag_ids)
        if (auto it = by_id.find(target); it != by_id.end()) trigger_targets[d][t].push_back(it->second);
    for (sim::Time at : dag.trigger_times) {
      engine.schedule_at(at, *this, ManualTrigger, d);
      ++pending_triggers_;
    }
    if (db.dags[d].schedulable) {
      schedule_due.insert({db.dags[d].next_create.us, d});
      wake_schedulers_at(db.dags[d].next_create);
    }
  }
}

void Environment::run() {
  sim::Limits limits;
  limits.max_time = scenario.time_limit;
  engine.set_limits(limits);
  fleet.start_initial(std::max(1, scenario.environment.min_workers), sim::Time::zero());
  sim::RandomStream jitter(seed_, "scheduler.start");
  for (auto& s : schedulers) s->start(sim::Time::from_seconds(params.scheduler_start_jitter.sample(jitter)));
  autoscaler.start(params.autoscaler_evaluation_period);
  check_finished(sim::Time::zero());
  engine.set_stop_token(scenario.interrupt);
  result.outcome = stopping_ ? sim::RunOutcome::Drained : engine.run();
  if (result.outcome == sim::RunOutcome::Interrupted) throw Interrupted(scenario.interrupt->load());
  if (result.outcome == sim::RunOutcome::Stopped) result.outcome = sim::RunOutcome::Drained;
  result.end_time = engine.now();
  result.events = engine.events_executed();
  result.finished = db.unfinished_runs() == 0 && pending_triggers_ == 0 && schedule_due.empty();
  if (!result.finished) build_stuck_report();
}

void Environment::on_event(sim::Engine& e, std::uint32_t kind, std::uint64_t arg) {
  if (stopping_) return;
  if (kind == ManualTrigger) {
    --pending_triggers_;
    trigger_run(static_cast<std::uint32_t>(arg), e.now());
  } else if (kind == Wake) {
    if (arg != kNone) db.mark_dirty(static_cast<std::uint32_t>(arg));  // a retry is due
    wake_schedulers(e.now());
  }
}

void Environment::wake_schedulers(sim::Time now) {
  for (auto& s : schedulers) s->wake(now);
}

void Environment::wake_schedulers_at(sim::Time t, std::uint32_t run) {
  if (scenario.environment.airflow.scheduler_idle_sleep_time.us <= 0) engine.schedule_at(t, *this, Wake, run);
}

void Environment::trigger_run(std::uint32_t dag, sim::Time now) {
  // Airflow 3 manual/operator runs may have no logical date (model-notes 5);
  // Airflow 2 gives them the trigger time.
  const bool dated = !scenario.environment.airflow_version.manual_runs_have_no_logical_date();
  const std::uint32_t run = db.create_run(dag, now, true, now, dated);
  if (db.runs[run].state == RunState::Queued) queued_runs.push_back(run);
  else unexamined_runs.push_back(run);
  wake_schedulers(now);
}

void Environment::run_finished(std::uint32_t run, sim::Time now) {
  DagState& dag = db.dags[db.runs[run].dag];
  if (!dag.schedulable && dag.spec->schedule && dag.runs_left != 0) {
    dag.schedulable = true;
    schedule_due.insert({std::max(dag.next_create, now).us, db.runs[run].dag});
    wake_schedulers_at(std::max(dag.next_create, now));
  }
  check_finished(now);
}

void Environment::task_result(std::uint32_t ti, sim::Time) {
  const int s = db.tis[ti].queued_by;
  if (s >= 0) schedulers[static_cast<std::size_t>(s)]->executor().result_ready(ti);
}

double Environment::demand() const {
  double total = 0;
  for (const auto& s : schedulers) total += s->executor().running() + s->executor().queued();
  if (params.demand_aggregation == DemandAggregation::Mean) total /= static_cast<double>(schedulers.size());
  return total;
}

int Environment::demand_workers() const {
  return Autoscaler::required_workers(demand(), tasks_per_worker, scenario.environment.min_workers,
                                      scenario.environment.max_workers);
}

sim::RandomStream Environment::ti_stream(std::uint32_t ti_index, Purpose purpose) const {
  const TaskInstance& ti = db.tis[ti_index];
  std::uint64_t k = sim::mix64(seed_ ^ (static_cast<std::uint64_t>(purpose) * 0x9E3779B97F4A7C15ULL));
  k = sim::mix64(k ^ ti.dag);
  k = sim::mix64(k ^ db.runs[ti.run].number);
  k = sim::mix64(k ^ ti.task);
  k = sim::mix64(k ^ (static_cast<std::uint64_t>(ti.try_number) << 8 | ti.requeues));
  return sim::RandomStream(k);
}

void Environment::record_critical_section(const CriticalSectionOutcome& out, sim::Time now) {
  const auto scheduled = static_cast<std::int64_t>(db.candidates.size());
  auto clamp = [&](std::int64_t v, std::int64_t& left) {
    const std::int64_t x = std::min(std::max<std::int64_t>(0, v), left);
    left -= x;
    return x;
  };
  std::int64_t left = scheduled;
  cs_parallelism_ = out.limited_by_parallelism ? clamp(scheduled, left) : 0;
  holds_[static_cast<std::size_t>(HoldReason::PoolFull)] = clamp(out.held_pool, left);
  holds_[static_cast<std::size_t>(HoldReason::MaxActiveTasks)] = clamp(out.held_max_active, left);
  holds_[static_cast<std::size_t>(HoldReason::TaskConcurrency)] = clamp(out.held_task_limit, left);
  holds_[static_cast<std::size_t>(HoldReason::SchedulerThroughput)] = left;
  if (out.queued.empty() && !out.limited_by_parallelism) idle_critical_section_version_ = db.version;
  update_queue_holds(now);
}

void Environment::update_queue_holds(sim::Time now) {
  std::int64_t exec_blocked = 0;
  for (const auto& s : schedulers)
    if (s->executor().open_slots() <= 0) exec_blocked += s->executor().queued();
  holds_[static_cast<std::size_t>(HoldReason::Parallelism)] = cs_parallelism_ + exec_blocked;
  const auto waiting = static_cast<std::int64_t>(broker.visible());
  const bool lagging = fleet.count(WorkerFleet::State::Active) < demand_workers();
  holds_[static_cast<std::size_t>(HoldReason::WorkerSlots)] = lagging ? 0 : waiting;
  holds_[static_cast<std::size_t>(HoldReason::AutoscalingLag)] = lagging ? waiting : 0;
  for (std::size_t r = 0; r < kHoldReasons; ++r) result.held[r].set(now, static_cast<double>(holds_[r]));  // no-op when unchanged
}

void Environment::check_finished(sim::Time) {
  if (stopping_) return;
  if (db.unfinished_runs() == 0 && pending_triggers_ == 0 && schedule_due.empty()) {
    stopping_ = true;
    autoscaler.stop();
    engine.request_stop();
    return;
  }
  // Deadlock: nothing in flight or waiting to change, and a critical section
  // after the last state change queued nothing: every SCHEDULED TI is blocked
  // for ever (e.g. pool_slots larger than its pool). Stop and report.
  if (pending_triggers_ > 0 || !schedule_due.empty() || db.tis_in_flight() > 0 || broker.visible() > 0) return;
  if (idle_critical_section_version_ != db.version) return;
  for (const auto& s : schedulers)
    if (s->executor().running() > 0 || s->executor().queued() > 0) return;
  for (std::uint32_t r : queued_runs) {
    const DagState& dag = db.dags[db.runs[r].dag];
    if (static_cast<int>(dag.runs_running) < dag.max_active_runs) return;
  }
  if (db.dirty_runs() > 0) return;  // an examination will change something
  for (const DagRun& run : db.runs)
    if (run.state == RunState::Running && !run.retrying.empty()) return;  // a retry will come due
  stopping_ = true;
  autoscaler.stop();
  engine.request_stop();
}

namespace {

// Lines of the stuck report that name unfinished tasks (the rest are counted).
constexpr std::size_t kStuckReportLines = 10;

const char* why_waiting(TiState state) {
  switch (state) {
    case TiState::None: return "waiting for its upstream tasks";
    case TiState::Queued: return "queued, not yet started by a worker";
    case TiState::Running: return "still running";
    case TiState::UpForRetry: return "waiting for its retry_delay";
    default: return "not finished";
  }
}

}  // namespace

void Environment::build_stuck_report() {
  std::ostringstream os;
  std::map<TiState, std::int64_t> states;
  for (const TaskInstance& ti : db.tis) states[ti.state]++;
  os << db.unfinished_runs() << " DAG run(s) unfinished at " << sim::format_duration(engine.now());
  if (result.outcome == sim::RunOutcome::TimeLimit) os << " (time limit " << sim::format_duration(scenario.time_limit) << ")";
  else os << " (no further progress was possible)";
  os << ". Task instances:";
  for (const auto& [state, n] : states)
    if (!is_terminal(state)) os << " " << to_string(state) << "=" << n;
  os << ".";
  // Name the task instances that can never run.
  std::map<std::string, std::int64_t> reasons;
  for (const CandidateKey& key : db.candidates) {
    const TaskInstance& ti = db.tis[key.ti];
    const TaskSpec& spec = db.spec(ti);
    const PoolState& pool = db.pools[static_cast<std::size_t>(db.pool_of(ti))];
    const DagState& dag = db.dags[ti.dag];
    std::string why;
    if (!pool.unlimited() && spec.pool_slots > pool.slots)
      why = "task " + dag.spec->id + "." + spec.id + " needs " + std::to_string(spec.pool_slots) + " slot(s) of pool \"" +
            pool.name + "\" which has " + std::to_string(pool.slots) + ": Airflow never queues it";
    else if (dag.max_active_tasks <= 0)
      why = "DAG " + dag.spec->id + " has max_active_tasks " + std::to_string(dag.max_active_tasks);
    else if (spec.max_active_tis_per_dagrun && *spec.max_active_tis_per_dagrun < 1)
      why = "task " + dag.spec->id + "." + spec.id + " has max_active_tis_per_dagrun < 1";
    else if (spec.max_active_tis_per_dag && *spec.max_active_tis_per_dag < 1)
      why = "task " + dag.spec->id + "." + spec.id + " has max_active_tis_per_dag < 1";
    else
      why = "scheduled task instances of pool \"" + pool.name + "\" still waiting to be queued";
    reasons[why]++;
  }
  for (const auto& [why, n] : reasons) os << "\n  " << n << " x " << why;
  // The other unfinished task instances, by task and state, most first (a few
  // lines: a 10^6-TI run must not print 10^6 of them).
  using Key = std::tuple<std::uint32_t, std::uint32_t, TiState>;  // dag, task, state
  std::map<Key, std::int64_t> waiting;
  for (const TaskInstance& ti : db.tis)
    if (!is_terminal(ti.state) && ti.state != TiState::Scheduled) waiting[{ti.dag, ti.task, ti.state}]++;
  std::vector<std::pair<std::int64_t, Key>> by_count;
  for (const auto& [key, n] : waiting) by_count.push_back({-n, key});
  std::sort(by_count.begin(), by_count.end());
  const std::size_t shown = std::min(by_count.size(), kStuckReportLines);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& [dag, task, state] = by_count[i].second;
    const DagSpec& spec = *db.dags[dag].spec;
    os << "\n  " << -by_count[i].first << " x task " << spec.id << "." << spec.tasks[task].id << " "
       << to_string(state) << ": " << why_waiting(state);
  }
  if (shown < by_count.size()) os << "\n  ... and " << by_count.size() - shown << " more task(s)";
  std::int64_t blocked_runs = 0;
  for (std::uint32_t r : queued_runs) blocked_runs += db.runs[r].state == RunState::Queued;
  if (blocked_runs > 0) os << "\n  " << blocked_runs << " DAG run(s) still QUEUED (max_active_runs)";
  if (broker.visible() > 0) os << "\n  " << broker.visible() << " message(s) waiting in SQS for a worker slot";
  result.stuck_report = os.str();
}

RunResult simulate(const Scenario& scenario, std::uint64_t seed) {
  RunResult result;
  auto env = std::make_unique<Environment>(scenario, seed, result);
  env->run();
  return result;
}

}  // namespace mwaa
