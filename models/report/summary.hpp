// What a capacity planner asks of one run: did it meet the target and by how
// much, when did each wave start against its plan, how long did DAG runs take,
// how high did queues, workers and pools go, how long did tasks wait, what
// failed, and above all what held the work back (the main bottleneck).
//
// summarize() reads only the Scenario and the RunResult; the formatters read
// only the Summary, so text and JSON always say the same thing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/result.hpp"
#include "models/scenario.hpp"
#include "sim/time.hpp"

namespace mwaa {

struct Peak {
  double value = 0;
  sim::Time at{0};  // the first instant the value was reached
};

struct DurationStats {
  std::size_t count = 0;
  sim::Time shortest{0}, average{0}, longest{0};  // average rounded to the microsecond
};

struct WaitStats {  // seconds
  std::size_t count = 0;
  double p50 = 0, p95 = 0, max = 0;
};

// A target against what the run did. margin = target - actual: >= 0 met (with
// that much to spare), < 0 missed by -margin. No actual (the run did not
// finish) counts as missed.
struct TargetCheck {
  sim::Time target{0};
  std::optional<sim::Time> actual;
  bool met = false;
  std::optional<sim::Time> margin;
};

// DagSpec::group, e.g. "wave 1". The actual start is the first start of a
// non-root task (one with an upstream) in the group's runs: the work after
// e.g. a wave-delay task; last_start the last such start.
struct GroupSummary {
  std::string name;
  std::size_t dags = 0;
  std::size_t runs = 0;
  std::optional<sim::Time> planned_start;  // earliest DagSpec::planned_start in the group
  std::optional<sim::Time> actual_start;
  std::optional<sim::Time> start_delay;    // actual - planned
  std::optional<sim::Time> last_start;
  DurationStats run_durations;
};

struct PoolSummary {
  std::string name;
  int slots = 0;            // -1 unlimited
  Peak peak_occupied;       // running + queued slots (what Airflow counts against the pool)
  Peak peak_running;
  Peak peak_queued;
  sim::Time time_full{0};   // time with occupied >= slots (0 for unlimited)
};

struct HoldSummary {
  HoldReason reason = HoldReason::PoolFull;
  double task_seconds = 0;   // integral of tasks held
  sim::Time time_held{0};    // time with at least one task held
  Peak peak;                 // most tasks held at once
};

struct FailureCounts {
  std::size_t failed = 0;           // tries that ended FAILED (no retry left)
  std::size_t up_for_retry = 0;     // tries that failed and were retried
  std::size_t upstream_failed = 0;
  std::size_t failed_dag_runs = 0;
  double killed = 0;                // legacy scale-in kills
  double requeued = 0;              // stuck-in-queued resets
};

struct Summary {
  // What was simulated.
  std::string scenario_name;
  std::string source_file;
  std::uint64_t seed = 0;
  std::string environment_name;
  std::string environment_class;
  std::string airflow_version;
  int min_workers = 0, max_workers = 0, schedulers = 0, tasks_per_worker = 0;
  int parallelism = 0;               // per scheduler, as resolved
  bool parallelism_assumed = false;  // core.parallelism not set: MWAA's dynamic default assumed
  std::vector<std::string> warnings;
  std::vector<std::string> not_modelled;

  // Outcome.
  bool finished = false;
  std::string engine_outcome;
  std::uint64_t events = 0;
  sim::Time end_time{0};
  std::string stuck_report;
  std::size_t dag_runs = 0, dag_runs_succeeded = 0, dag_runs_unfinished = 0;
  std::size_t task_tries = 0, tasks_succeeded = 0, tasks_unfinished = 0;

  // Completion: last task end - first trigger (only when the run finished).
  std::optional<sim::Time> first_trigger, last_task_end, completion;
  std::optional<TargetCheck> completion_target;
  std::optional<TargetCheck> queue_age_target;  // targets.max_queue_age vs peak queue age
  // The scenario's "reference": a recorded makespan to compare the completion with.
  std::optional<sim::Time> reference_makespan;
  std::string reference_source;

  DurationStats run_durations;
  std::vector<GroupSummary> groups;

  Peak peak_tasks_executing;     // task code running on workers
  Peak peak_executor_running;    // executor RunningTasks summed over schedulers
  Peak peak_sqs_queued;          // messages waiting in SQS
  Peak peak_queue_age;           // seconds, age of the oldest waiting message
  Peak peak_workers;
  Peak peak_workers_desired;

  WaitStats scheduled_to_queued;
  WaitStats queued_to_start;
  std::vector<PoolSummary> pools;
  FailureCounts failures;

  std::vector<HoldSummary> holds;  // every reason, most task-seconds first
  std::optional<HoldReason> main_bottleneck;  // the first of holds, when anything was held
};

Summary summarize(const Scenario& scenario, const RunResult& result);

// Readable report: aligned sections, durations rounded to 0.1 s.
std::string format_summary_text(const Summary& summary);
// Stable key order; seconds rounded to 3 decimals; byte-stable across runs.
nlohmann::ordered_json summary_to_json(const Summary& summary);

// A short description of a hold reason and what would relieve it.
std::string describe(HoldReason reason);
std::string remedy(HoldReason reason);

}  // namespace mwaa
