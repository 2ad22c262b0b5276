// What one simulated run produced: raw series and records. Summaries,
// CloudWatch-shaped metrics and task-instance exports are computed from this
// (models/report/).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/recorder.hpp"
#include "sim/time.hpp"

namespace mwaa {

enum class TiState : std::uint8_t {
  None,            // created with the run, upstreams not done
  Scheduled,
  Queued,          // in the executor / SQS / taken by a worker but not started
  Running,
  Success,
  Failed,
  UpForRetry,
  UpstreamFailed,
};
std::string to_string(TiState s);
inline bool is_terminal(TiState s) {
  return s == TiState::Success || s == TiState::Failed || s == TiState::UpstreamFailed;
}

enum class RunState : std::uint8_t { Queued, Running, Success, Failed };
std::string to_string(RunState s);

// Limits that can hold work back (see docs/model.md, "what held the work back").
enum class HoldReason : std::uint8_t {
  PoolFull,             // pool open slots exhausted
  MaxActiveTasks,       // per-DAG (2.x) / per-run (3.x) max_active_tasks
  TaskConcurrency,      // max_active_tis_per_dag / per_dagrun
  Parallelism,          // the scheduler's core.parallelism
  SchedulerThroughput,  // schedulable but not reached by the critical section yet
  WorkerSlots,          // waiting in SQS; workers full at their current count
  AutoscalingLag,       // waiting in SQS while more workers are wanted but not ready
  Count
};
constexpr std::size_t kHoldReasons = static_cast<std::size_t>(HoldReason::Count);
std::string to_string(HoldReason r);

// One try of one task instance (retries make more than one record).
struct TaskInstanceRecord {
  std::uint32_t dag = 0;        // index into Workload::dags
  std::uint32_t run = 0;        // index into RunResult::dag_runs
  std::uint32_t task = 0;       // index into DagSpec::tasks
  std::int32_t try_number = 1;
  TiState state = TiState::None;
  // Offsets from the scenario start; Time{-1} when it never happened.
  sim::Time scheduled{-1}, queued{-1}, start{-1}, end{-1};
  std::int32_t worker = -1;     // index into RunResult::worker_names, -1 none
  std::int32_t queued_by = -1;  // scheduler index
};

struct DagRunRecord {
  std::uint32_t dag = 0;
  std::uint32_t number = 0;      // 1-based per DAG
  RunState state = RunState::Queued;
  bool manual = true;            // triggered (manual/operator) vs scheduled
  sim::Time logical_date{-1};    // -1: none (3.x manual runs)
  sim::Time created{-1}, started{-1}, ended{-1};
};

struct SchedulerSeries {
  sim::Gauge executor_running;   // executor.running_tasks (in SQS + executing, until synced)
  sim::Gauge executor_queued;    // executor.queued_tasks (handed to executor, not yet sent)
  sim::Counter loops;
  sim::Counter critical_section_busy;
  sim::Samples loop_duration;    // seconds
};

struct PoolSeries {
  std::string name;
  int slots = 0;                 // -1 unlimited
  sim::Gauge running_slots;
  sim::Gauge queued_slots;
  sim::Gauge scheduled_slots;
};

struct RunResult {
  sim::RunOutcome outcome = sim::RunOutcome::Drained;
  bool finished = false;            // every DAG run reached a final state
  std::string stuck_report;         // when not finished: what is stuck and why
  std::uint64_t events = 0;
  sim::Time end_time;               // simulated clock at the end
  sim::Time first_trigger{-1};
  sim::Time last_task_end{-1};

  std::vector<TaskInstanceRecord> task_instances;
  std::vector<DagRunRecord> dag_runs;
  std::vector<std::string> worker_names;   // hostnames, by worker index

  std::vector<SchedulerSeries> schedulers;
  std::vector<PoolSeries> pools;
  sim::Gauge sqs_visible;             // messages waiting in SQS (AWS/MWAA QueuedTasks)
  sim::Gauge sqs_in_flight;           // messages held by workers (AWS/MWAA RunningTasks)
  sim::Gauge sqs_oldest_enqueued;     // enqueue time (s) of the oldest waiting message, -1 if none
  sim::Gauge workers;                 // live worker containers (BaseWorker + AdditionalWorker)
  sim::Gauge workers_desired;         // the autoscaler's clamped desired count
  sim::Gauge tasks_executing;         // task code running on workers
  sim::Gauge tasks_scheduled;         // TIs in SCHEDULED
  std::array<sim::Gauge, kHoldReasons> held;  // tasks held back, by reason
  sim::Counter tasks_failed;
  sim::Counter tasks_killed;          // legacy scale-in kills
  sim::Counter tasks_requeued;        // stuck-in-queued resets
  int parallelism = 0;                // per scheduler, as resolved
};

}  // namespace mwaa
