#include "models/mwaa/worker_fleet.hpp"

#include "models/environment.hpp"

namespace mwaa {

WorkerFleet::WorkerFleet(Environment& env, int capacity, std::uint64_t seed)
    : env_(env), capacity_(capacity), seed_(seed), provisioning_rng_(seed, "autoscaler.provisioning") {}

int WorkerFleet::count(State s) const { return counts_[static_cast<int>(s)]; }

int WorkerFleet::free_active_slots() const {
  int free = 0;
  for (const Worker& w : workers_)
    if (w.state == State::Active) free += capacity_ - w.busy;
  return free;
}

void WorkerFleet::set_state(int worker, State s, sim::Time now) {
  Worker& w = workers_[static_cast<std::size_t>(worker)];
  --counts_[static_cast<int>(w.state)];
  w.state = s;
  ++counts_[static_cast<int>(s)];
  update_gauges(now);
}

void WorkerFleet::update_gauges(sim::Time now) { env_.result.workers.set(now, live()); }

void WorkerFleet::start_initial(int n, sim::Time now) {
  for (int i = 0; i < n; ++i) {
    Worker w;
    w.launched = w.ready = now;
    w.state = State::Active;
    workers_.push_back(w);
    ++counts_[static_cast<int>(State::Active)];
    env_.result.worker_names.push_back("ip-10-0-" + std::to_string(workers_.size() / 200) + "-" +
                                       std::to_string(10 + workers_.size() % 200) + ".ec2.internal");
  }
  update_gauges(now);
}

void WorkerFleet::launch(sim::Time now) {
  Worker w;
  w.launched = now;
  w.state = State::Provisioning;
  workers_.push_back(w);
  ++counts_[static_cast<int>(State::Provisioning)];
  const int index = static_cast<int>(workers_.size()) - 1;
  env_.result.worker_names.push_back("ip-10-0-" + std::to_string(workers_.size() / 200) + "-" +
                                     std::to_string(10 + workers_.size() % 200) + ".ec2.internal");
  const sim::Time delay = sim::Time::from_seconds(env_.params.worker_provisioning_delay.sample(provisioning_rng_));
  workers_.back().pending = env_.engine.schedule_in(delay, *this, Provisioned, static_cast<std::uint64_t>(index));
}

void WorkerFleet::cancel_provisioning(int worker, sim::Time now) {
  Worker& w = workers_[static_cast<std::size_t>(worker)];
  env_.engine.cancel(w.pending);
  set_state(worker, State::Gone, now);
}

void WorkerFleet::drain(int worker, sim::Time now) {
  set_state(worker, State::Draining, now);
  maybe_exit(worker, now);
}

// legacy-2023: the container is told to stop and is killed at the ECS
// stopTimeout; until then it still consumes messages (the documented race
// window in which doomed workers picked up new tasks), and whatever it runs at
// the deadline is killed.
void WorkerFleet::stop(int worker, sim::Time now, sim::Time kill_after) {
  set_state(worker, State::Stopping, now);
  Worker& w = workers_[static_cast<std::size_t>(worker)];
  w.pending = env_.engine.schedule_in(kill_after, *this, Kill, static_cast<std::uint64_t>(worker));
}

bool WorkerFleet::resume(int worker, sim::Time now) {
  Worker& w = workers_[static_cast<std::size_t>(worker)];
  if (w.state != State::Draining) return false;
  env_.engine.cancel(w.pending);  // a pending exit check
  set_state(worker, State::Active, now);
  dispatch(now);
  return true;
}

// A draining worker leaves once idle for two checks (drain_exit_delay), and
// never before worker_idle_check_grace after it started.
void WorkerFleet::maybe_exit(int worker, sim::Time now) {
  Worker& w = workers_[static_cast<std::size_t>(worker)];
  if (w.state != State::Draining || w.busy > 0) return;
  sim::Time at = now + env_.params.drain_exit_delay;
  const sim::Time earliest = w.launched + env_.params.worker_idle_check_grace;
  if (at < earliest) at = earliest;
  env_.engine.cancel(w.pending);
  w.pending = env_.engine.schedule_at(at, *this, ExitCheck, static_cast<std::uint64_t>(worker));
}

int WorkerFleet::choose_worker() const {
  int best = -1, best_free = 0;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    const Worker& w = workers_[i];
    if (w.state != State::Active && w.state != State::Stopping) continue;
    const int free = capacity_ - w.busy;
    if (free > best_free) {
      best = static_cast<int>(i);
      best_free = free;
    }
  }
  return best;
}

sim::RandomStream WorkerFleet::ti_stream(std::uint32_t ti, std::uint64_t purpose) const {
  return env_.ti_stream(ti, static_cast<Purpose>(purpose));
}

void WorkerFleet::dispatch(sim::Time now) {
  bool changed = false;
  while (env_.broker.visible() > 0) {
    const int w = choose_worker();
    if (w < 0) break;
    const SqsBroker::Message m = env_.broker.receive(now);
    Worker& worker = workers_[static_cast<std::size_t>(w)];
    if (m.ti >= ti_event_.size()) {
      ti_event_.resize(env_.db.tis.size());
      executing_.resize(env_.db.tis.size(), 0);
      slot_index_.resize(env_.db.tis.size(), 0);
    }
    ++worker.busy;
    slot_index_[m.ti] = static_cast<std::uint32_t>(worker.tis.size());
    worker.tis.push_back(m.ti);
    env_.db.tis[m.ti].worker = w;
    auto rng = ti_stream(m.ti, static_cast<std::uint64_t>(Purpose::Pickup));
    const sim::Time at = now + sim::Time::from_seconds(env_.params.worker_pickup_latency.sample(rng));
    ti_event_[m.ti] = env_.engine.schedule_at(at, *this, Pickup, m.ti);
    changed = true;
  }
  if (changed) env_.update_queue_holds(now);
}

void WorkerFleet::release_slot(int worker, std::uint32_t ti, sim::Time now) {
  Worker& w = workers_[static_cast<std::size_t>(worker)];
  --w.busy;
  // Swap-remove by index: O(1) however many slots a worker has.
  const std::uint32_t i = slot_index_[ti];
  if (i < w.tis.size() && w.tis[i] == ti) {
    w.tis[i] = w.tis.back();
    slot_index_[w.tis[i]] = i;
    w.tis.pop_back();
  }
  env_.broker.ack(now);
  if (w.state == State::Draining) maybe_exit(worker, now);
}

void WorkerFleet::on_event(sim::Engine& engine, std::uint32_t kind, std::uint64_t arg) {
  if (env_.stopping()) return;
  const sim::Time now = engine.now();
  const bool version3 = env_.scenario.environment.airflow_version.start_date_before_parse();
  switch (kind) {
    case Provisioned: {
      const int w = static_cast<int>(arg);
      workers_[arg].ready = now;
      set_state(w, State::Active, now);
      dispatch(now);
      env_.update_queue_holds(now);
      break;
    }
    case Pickup: {
      const auto ti = static_cast<std::uint32_t>(arg);
      // Airflow 3: the supervisor's ti_run call sets RUNNING and start_date now.
      if (version3) env_.db.to_running(ti, now);
      auto rng = ti_stream(ti, static_cast<std::uint64_t>(Purpose::Startup));
      const sim::Time at = now + sim::Time::from_seconds(env_.params.task_startup_overhead.sample(rng));
      ti_event_[ti] = engine.schedule_at(at, *this, CodeStart, ti);
      break;
    }
    case CodeStart: {
      const auto ti = static_cast<std::uint32_t>(arg);
      if (!version3) env_.db.to_running(ti, now);  // Airflow 2: after the DAG file is loaded
      env_.result.tasks_executing.add(now, 1);
      executing_[ti] = 1;
      const TaskInstance& t = env_.db.tis[ti];
      auto rng = ti_stream(ti, static_cast<std::uint64_t>(Purpose::Duration));
      const sim::Time at = now + sim::Time::from_seconds(env_.db.spec(t).duration.sample(rng));
      ti_event_[ti] = engine.schedule_at(at, *this, CodeEnd, ti);
      break;
    }
    case CodeEnd: {
      const auto ti = static_cast<std::uint32_t>(arg);
      env_.result.tasks_executing.add(now, -1);
      executing_[ti] = 0;
      auto rng = ti_stream(ti, static_cast<std::uint64_t>(Purpose::StateWrite));
      const sim::Time at = now + sim::Time::from_seconds(env_.params.task_state_write_latency.sample(rng));
      ti_event_[ti] = engine.schedule_at(at, *this, Finish, ti);
      break;
    }
    case Finish: {
      const auto ti = static_cast<std::uint32_t>(arg);
      TaskInstance& t = env_.db.tis[ti];
      const TaskSpec& spec = env_.db.spec(t);
      const int worker = t.worker;
      bool failed = false;
      if (spec.failure_probability > 0) {
        auto rng = ti_stream(ti, static_cast<std::uint64_t>(Purpose::Failure));
        failed = rng.bernoulli(spec.failure_probability);
      }
      if (failed) {
        env_.db.to_failure(ti, now);
        if (t.state == TiState::UpForRetry) env_.wake_schedulers_at(t.retry_at, t.run);
      } else {
        env_.db.to_success(ti, now);
        if (spec.op == OperatorKind::TriggerDagRun)
          for (std::uint32_t d : env_.trigger_targets[t.dag][t.task]) env_.trigger_run(d, now);
      }
      release_slot(worker, ti, now);
      env_.task_result(ti, now);
      dispatch(now);
      env_.update_queue_holds(now);
      env_.wake_schedulers(now);
      break;
    }
    case ExitCheck: {
      const int w = static_cast<int>(arg);
      if (workers_[arg].state == State::Draining && workers_[arg].busy == 0) set_state(w, State::Gone, now);
      break;
    }
    case Kill: {
      // legacy-2023: ECS stopTimeout passed; the remaining tasks die with the container.
      const int w = static_cast<int>(arg);
      Worker& worker = workers_[arg];
      const std::vector<std::uint32_t> victims = worker.tis;
      for (std::uint32_t ti : victims) {
        engine.cancel(ti_event_[ti]);
        if (executing_[ti]) {
          executing_[ti] = 0;
          env_.result.tasks_executing.add(now, -1);
        }
        env_.result.tasks_killed.add(now, 1);
        env_.db.to_failure(ti, now);
        if (env_.db.tis[ti].state == TiState::UpForRetry) env_.wake_schedulers_at(env_.db.tis[ti].retry_at, env_.db.tis[ti].run);
        env_.broker.ack(now);
        env_.task_result(ti, now);
      }
      env_.wake_schedulers(now);
      worker.tis.clear();
      worker.busy = 0;
      set_state(w, State::Gone, now);
      dispatch(now);
      env_.update_queue_holds(now);
      break;
    }
    default: break;
  }
}

}  // namespace mwaa
