// The simulated MWAA environment: one sim::Engine plus the Airflow metadata
// DB, schedulers (with their Celery executors), the SQS broker, the workers
// and the autoscaler. Components reach each other through this object; it
// owns them all, so an Environment is an ordinary value and many can exist in
// one process (replications, calibration).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "models/airflow/critical_section.hpp"
#include "models/airflow/metadata.hpp"
#include "models/airflow/scheduler_job.hpp"
#include "models/mwaa/autoscaler.hpp"
#include "models/mwaa/sqs_broker.hpp"
#include "models/mwaa/worker_fleet.hpp"
#include "models/result.hpp"
#include "models/scenario.hpp"
#include "sim/engine.hpp"

namespace mwaa {

// Seeds of the per-purpose random streams. Per-task draws are keyed by the
// task instance's identity (DAG, run number, task, try), not by draw order, so
// the same task gets the same duration under any configuration (common random
// numbers for what-if comparisons and calibration).
enum class Purpose : std::uint64_t { Duration = 1, Startup, Pickup, StateWrite, Failure, SendLatency };

class Environment final : public sim::EventHandler {
 public:
  enum Kind : std::uint32_t { ManualTrigger, Wake };

  Environment(const Scenario& scenario, std::uint64_t seed, RunResult& result);
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;
  void run();
  void on_event(sim::Engine& engine, std::uint32_t kind, std::uint64_t arg) override;

  const Scenario& scenario;
  const ModelParams& params;
  RunResult& result;
  sim::Engine engine;
  Metadata db;
  SqsBroker broker;
  CriticalSection critical;
  std::vector<std::unique_ptr<SchedulerJob>> schedulers;
  WorkerFleet fleet;
  Autoscaler autoscaler;
  int tasks_per_worker;
  // TriggerDagRunOperator targets: [dag][task] -> DAG indices.
  std::vector<std::vector<std::vector<std::uint32_t>>> trigger_targets;

  // Shared scheduler state (rows locked with SKIP LOCKED in Airflow).
  sim::Time critical_section_free_at;               // the advisory lock
  std::vector<std::uint32_t> queued_runs;           // DagRuns in QUEUED
  std::deque<std::uint32_t> unexamined_runs;        // RUNNING, last_scheduling_decision NULL
  std::deque<std::uint32_t> examined_runs;          // RUNNING, least recently examined first
  std::set<std::pair<std::int64_t, std::uint32_t>> schedule_due;  // (next create time, dag)

  // Creates a QUEUED run (API trigger / TriggerDagRunOperator).
  void trigger_run(std::uint32_t dag, sim::Time now);
  void run_finished(std::uint32_t run, sim::Time now);
  // A task instance's result reached the Celery result backend.
  void task_result(std::uint32_t ti, sim::Time now);
  double demand() const;                            // autoscaler demand
  int demand_workers() const;                       // required workers for the current demand
  sim::RandomStream ti_stream(std::uint32_t ti, Purpose purpose) const;
  // "What held the work back" bookkeeping.
  void record_critical_section(const CriticalSectionOutcome& out, sim::Time now);
  void update_queue_holds(sim::Time now);
  void check_finished(sim::Time now);
  // Wakes schedulers sleeping with scheduler_idle_sleep_time = 0 (now, or at t).
  void wake_schedulers(sim::Time now);
  void wake_schedulers_at(sim::Time t, std::uint32_t run = kNone);
  bool stopping() const { return stopping_; }

 private:
  void build_stuck_report();
  std::uint64_t seed_;
  std::int64_t pending_triggers_ = 0;
  bool stopping_ = false;
  std::array<std::int64_t, kHoldReasons> holds_{};
  std::int64_t cs_parallelism_ = 0;
  std::uint64_t idle_critical_section_version_ = UINT64_MAX;
};

}  // namespace mwaa
