// One Airflow scheduler (SchedulerJobRunner._run_scheduler_loop), as a
// sequence of events per loop:
//
//   LoopStart        _do_scheduling steps 1-3: create DAG runs, start queued
//                    runs, examine running runs (state changes at this instant)
//   CriticalSection  _critical_section_enqueue_task_instances after the
//                    loop's base + per-run cost; skipped if another scheduler
//                    holds the lock (CriticalSectionBusy)
//   Heartbeat        executor heartbeat: sends to SQS one after another
//   Sync             executor sync + process_executor_events, timers; then the
//                    next loop starts at once, or after
//                    scheduler_idle_sleep_time if this loop queued nothing and
//                    processed no executor event (model-notes 4).
// Sources: AF3-sched / AF2-sched scheduler_job_runner.py, AF-dagrun; see
// docs/model.md.
#pragma once

#include <cstdint>
#include <vector>

#include "models/airflow/celery_executor.hpp"
#include "sim/engine.hpp"
#include "sim/distribution.hpp"
#include "sim/random.hpp"

namespace mwaa {

class Environment;

class SchedulerJob final : public sim::EventHandler {
 public:
  enum Kind : std::uint32_t { LoopStart, CriticalSection, Heartbeat, SendDone, Sync };

  SchedulerJob(Environment& env, int index, int parallelism, std::uint64_t seed);
  void start(sim::Time first_loop);
  void on_event(sim::Engine& engine, std::uint32_t kind, std::uint64_t arg) override;

  int index() const { return index_; }
  // scheduler_idle_sleep_time = 0 is an idealisation: an idle scheduler sleeps
  // until something changes (wake) instead of polling.
  bool sleeping() const { return sleeping_; }
  void wake(sim::Time now);
  CeleryExecutor& executor() { return executor_; }
  const CeleryExecutor& executor() const { return executor_; }

 private:
  void loop_start(sim::Time now);
  int create_dag_runs(sim::Time now);
  void start_queued_dag_runs(sim::Time now);
  int examine_dag_runs(sim::Time now);
  void examine(std::uint32_t run, sim::Time now);
  void critical_section(sim::Time now);
  void heartbeat(sim::Time now);
  void sync(sim::Time now);
  void check_stuck_in_queued(sim::Time now);
  void gauges(sim::Time now);
  sim::Time cost(const sim::Distribution& d);

  Environment& env_;
  int index_;
  CeleryExecutor executor_;
  sim::RandomStream rng_;
  sim::Time loop_started_;
  int queued_this_loop_ = 0;
  int events_this_loop_ = 0;
  sim::Time next_stuck_check_;
  bool sleeping_ = false;
  std::uint64_t version_at_loop_start_ = 0;
  std::vector<std::uint32_t> scratch_;
  std::vector<std::uint32_t> sending_;
};

}  // namespace mwaa
