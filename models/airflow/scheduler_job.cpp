#include "models/airflow/scheduler_job.hpp"

#include <algorithm>

#include "models/environment.hpp"

namespace mwaa {

SchedulerJob::SchedulerJob(Environment& env, int index, int parallelism, std::uint64_t seed)
    : env_(env), index_(index), executor_(index, parallelism),
      rng_(seed, "scheduler." + std::to_string(index)) {}

sim::Time SchedulerJob::cost(const sim::Distribution& d) { return sim::Time::from_seconds(d.sample(rng_)); }

void SchedulerJob::start(sim::Time first_loop) {
  next_stuck_check_ = first_loop + env_.scenario.environment.airflow.task_queued_timeout_check_interval;
  env_.engine.schedule_at(first_loop, *this, LoopStart);
}

void SchedulerJob::on_event(sim::Engine& engine, std::uint32_t kind, std::uint64_t arg) {
  if (env_.stopping()) return;
  const sim::Time now = engine.now();
  switch (kind) {
    case LoopStart: loop_start(now); break;
    case CriticalSection: critical_section(now); break;
    case Heartbeat: heartbeat(now); break;
    case SendDone: {
      const auto ti = static_cast<std::uint32_t>(arg);
      executor_.sent();
      env_.broker.send(ti, now);
      gauges(now);
      env_.fleet.dispatch(now);
      env_.update_queue_holds(now);
      break;
    }
    case Sync: sync(now); break;
    default: break;
  }
}

void SchedulerJob::loop_start(sim::Time now) {
  loop_started_ = now;
  version_at_loop_start_ = env_.db.version;
  queued_this_loop_ = 0;
  events_this_loop_ = 0;
  create_dag_runs(now);
  start_queued_dag_runs(now);
  const int examined = examine_dag_runs(now);
  sim::Time c = cost(env_.params.scheduler_loop_base);
  for (int i = 0; i < examined; ++i) c += cost(env_.params.scheduler_per_dagrun_examined);
  env_.engine.schedule_in(c, *this, CriticalSection);
}

// _create_dagruns_for_dags: DAGs whose next run is due, earliest first, at
// most max_dagruns_to_create_per_loop; a DAG at max_active_runs pauses its
// schedule until a run ends.
int SchedulerJob::create_dag_runs(sim::Time now) {
  const int limit = env_.scenario.environment.airflow.max_dagruns_to_create_per_loop;
  int created = 0;
  while (created < limit && !env_.schedule_due.empty() && env_.schedule_due.begin()->first <= now.us) {
    const std::uint32_t dag_index = env_.schedule_due.begin()->second;
    env_.schedule_due.erase(env_.schedule_due.begin());
    DagState& dag = env_.db.dags[dag_index];
    if (static_cast<int>(dag.runs_queued + dag.runs_running) >= dag.max_active_runs) {
      dag.schedulable = false;  // resumed by Environment::run_finished
      continue;
    }
    const IntervalSchedule& sched = *dag.spec->schedule;
    const sim::Time logical = dag.next_create - sched.interval;
    const std::uint32_t run = env_.db.create_run(dag_index, now, false, logical, true);
    env_.queued_runs.push_back(run);
    ++created;
    dag.next_create += sched.interval;
    if (dag.runs_left > 0) --dag.runs_left;
    if (dag.runs_left == 0) {
      dag.schedulable = false;
    } else {
      env_.schedule_due.insert({dag.next_create.us, dag_index});
      env_.wake_schedulers_at(dag.next_create);
    }
  }
  return created;
}

// _start_queued_dagruns: at most max_dagruns_per_loop_to_schedule QUEUED runs,
// DAGs with fewer running runs first, then run_after; a run starts only below
// its DAG's max_active_runs.
void SchedulerJob::start_queued_dag_runs(sim::Time now) {
  auto& queued = env_.queued_runs;
  if (queued.empty()) return;
  const auto limit = static_cast<std::size_t>(env_.scenario.environment.airflow.max_dagruns_per_loop_to_schedule);
  const Metadata& db = env_.db;
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    const auto ra = db.dags[db.runs[a].dag].runs_running, rb = db.dags[db.runs[b].dag].runs_running;
    if (ra != rb) return ra < rb;
    if (db.runs[a].run_after != db.runs[b].run_after) return db.runs[a].run_after < db.runs[b].run_after;
    return a < b;
  };
  scratch_.clear();
  for (std::uint32_t r : queued)
    if (db.runs[r].run_after <= now) scratch_.push_back(r);
  const std::size_t n = std::min(limit, scratch_.size());
  std::partial_sort(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(n), scratch_.end(), before);
  scratch_.resize(n);
  bool started_any = false;
  for (std::uint32_t r : scratch_) {
    DagState& dag = env_.db.dags[env_.db.runs[r].dag];
    if (static_cast<int>(dag.runs_running) >= dag.max_active_runs) continue;
    env_.db.start_run(r, now);
    env_.unexamined_runs.push_back(r);
    started_any = true;
  }
  if (started_any)
    queued.erase(std::remove_if(queued.begin(), queued.end(),
                                [&](std::uint32_t r) { return env_.db.runs[r].state != RunState::Queued; }),
                 queued.end());
}

// DagRun.get_running_dag_runs_to_examine: least recently examined first
// (never-examined first), 20 per loop; other schedulers take the next ones.
int SchedulerJob::examine_dag_runs(sim::Time now) {
  constexpr int kRunsPerLoop = 20;  // DagRun.DEFAULT_DAGRUNS_TO_EXAMINE (hard-coded in Airflow)
  int examined = 0;
  while (examined < kRunsPerLoop && (!env_.unexamined_runs.empty() || !env_.examined_runs.empty())) {
    std::deque<std::uint32_t>& from = env_.unexamined_runs.empty() ? env_.examined_runs : env_.unexamined_runs;
    const std::uint32_t r = from.front();
    from.pop_front();
    if (env_.db.runs[r].state != RunState::Running) continue;
    examine(r, now);
    ++examined;
    if (env_.db.runs[r].state == RunState::Running) env_.examined_runs.push_back(r);
  }
  return examined;
}

// _schedule_dag_run -> update_state -> task_instance_scheduling_decisions ->
// schedule_tis for one run.
void SchedulerJob::examine(std::uint32_t r, sim::Time now) {
  Metadata& db = env_.db;
  db.mark_examined(r);
  DagRun& run = db.runs[r];
  const DagState& dag = db.dags[run.dag];
  // Trigger rule all_success: downstream of a failed task becomes upstream_failed.
  if (!run.failed_roots.empty()) {
    std::vector<std::uint32_t> stack;
    stack.swap(run.failed_roots);
    while (!stack.empty()) {
      const std::uint32_t ti = stack.back();
      stack.pop_back();
      for (std::uint32_t d : dag.graph->downstream[db.tis[ti].task]) {
        const std::uint32_t down = run.first_ti + d;
        if (db.tis[down].state != TiState::None) continue;
        db.upstream_failed(down, now);
        stack.push_back(down);
      }
    }
    db.runs[r].failed_roots.clear();
  }
  DagRun& cur = db.runs[r];
  if (!cur.retrying.empty()) {
    std::size_t keep = 0;
    for (std::size_t i = 0; i < cur.retrying.size(); ++i) {
      const std::uint32_t ti = cur.retrying[i];
      if (db.tis[ti].retry_at <= now) db.retry_due(ti, now);
      else cur.retrying[keep++] = ti;
    }
    db.runs[r].retrying.resize(keep);
  }
  if (!db.runs[r].ready.empty()) {
    scratch_.clear();
    scratch_.swap(db.runs[r].ready);  // TIs made ready by this pass wait for the next examination
    for (std::uint32_t ti : scratch_) {
      if (db.tis[ti].state != TiState::None) continue;
      if (db.spec(db.tis[ti]).op == OperatorKind::Empty) db.empty_success(ti, now);
      else db.to_scheduled(ti, now);
    }
    scratch_.clear();
  }
  if (db.runs[r].unfinished == 0) {
    db.finish_run(r, now);
    env_.run_finished(r, now);
  }
}

void SchedulerJob::critical_section(sim::Time now) {
  sim::Time next = now;
  if (env_.critical_section_free_at > now) {
    // pg_try_advisory_xact_lock failed: another scheduler is in its critical section.
    env_.result.schedulers[index_].critical_section_busy.add(now, 1);
  } else {
    const CriticalSectionOutcome out = env_.critical.run(executor_.slots_available(), now, index_);
    for (std::uint32_t ti : out.queued) executor_.queue_workload(ti);
    queued_this_loop_ += static_cast<int>(out.queued.size());
    sim::Time c = cost(env_.params.critical_section_base);
    for (std::size_t i = 0; i < out.queued.size(); ++i) c += cost(env_.params.critical_section_per_ti);
    env_.critical_section_free_at = now + c;
    next = now + c;
    env_.record_critical_section(out, now);
    gauges(now);
  }
  env_.engine.schedule_at(next, *this, Heartbeat);
}

void SchedulerJob::heartbeat(sim::Time now) {
  const Metadata& db = env_.db;
  executor_.take_for_sending(sending_, [&](std::uint32_t ti) { return db.tis[ti].priority; });
  sim::Time t = now;
  for (std::uint32_t ti : sending_) {
    t += sim::Time::from_seconds(env_.params.broker_send_latency.sample(rng_));
    env_.engine.schedule_at(t, *this, SendDone, ti);
  }
  events_this_loop_ += static_cast<int>(sending_.size());  // QUEUED events in the event buffer
  env_.engine.schedule_at(t, *this, Sync);
}

void SchedulerJob::sync(sim::Time now) {
  events_this_loop_ += executor_.sync();
  if (now >= next_stuck_check_) {
    check_stuck_in_queued(now);
    next_stuck_check_ = now + env_.scenario.environment.airflow.task_queued_timeout_check_interval;
  }
  gauges(now);
  env_.result.schedulers[index_].loops.add(now, 1);
  env_.result.schedulers[index_].loop_duration.add((now - loop_started_).to_seconds());
  env_.check_finished(now);
  if (env_.stopping()) return;
  sim::Time next = now;
  if (queued_this_loop_ == 0 && events_this_loop_ == 0) {
    const sim::Time sleep = env_.scenario.environment.airflow.scheduler_idle_sleep_time;
    if (sleep.us <= 0) {
      // Idealised mode: loop again while loops still change state (e.g. more
      // than 20 runs to examine); sleep until woken once one changes nothing.
      if (env_.db.version == version_at_loop_start_ && env_.db.dirty_runs() == 0) {
        sleeping_ = true;
        return;
      }
    } else {
      next += sleep;
    }
  }
  env_.engine.schedule_at(next, *this, LoopStart);
}

void SchedulerJob::wake(sim::Time now) {
  if (!sleeping_) return;
  sleeping_ = false;
  env_.engine.schedule_at(now, *this, LoopStart);
}

// _handle_tasks_stuck_in_queued (3.x): TIs this scheduler queued that are
// still QUEUED after task_queued_timeout are revoked and rescheduled, and
// failed after num_stuck_in_queued_retries resets.
void SchedulerJob::check_stuck_in_queued(sim::Time now) {
  const AirflowConfig& cfg = env_.scenario.environment.airflow;
  scratch_.clear();
  env_.broker.for_each_visible([&](const SqsBroker::Message& m) {
    const TaskInstance& ti = env_.db.tis[m.ti];
    if (ti.queued_by == index_ && ti.state == TiState::Queued && now - ti.queued_at > cfg.task_queued_timeout)
      scratch_.push_back(m.ti);
  });
  for (std::uint32_t ti : scratch_) {
    env_.broker.revoke(ti, now);
    executor_.revoke_sent();
    const bool fail = env_.db.tis[ti].requeues >= cfg.num_stuck_in_queued_retries;
    env_.db.requeue(ti, now, fail);
  }
  if (!scratch_.empty()) {
    gauges(now);
    env_.update_queue_holds(now);
  }
  scratch_.clear();
}

void SchedulerJob::gauges(sim::Time now) {
  SchedulerSeries& s = env_.result.schedulers[index_];
  s.executor_running.set(now, executor_.running());
  s.executor_queued.set(now, executor_.queued());
}

}  // namespace mwaa
