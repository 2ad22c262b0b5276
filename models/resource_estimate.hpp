// How much memory a simulation of a scenario will need, estimated before it
// runs, so a scenario far too large for the machine is refused at once with
// the figure (docs/limits.md) instead of swapping or being OOM-killed hours in.
//
// The estimate counts what grows with the workload: the task instances (the
// run-time TaskInstance plus one TaskInstanceRecord per try in the result),
// the DAG runs, and optionally the task-instance export (JSON built in memory
// before it is written), times the replications held at once. Everything else
// (series sampled per period, workers, pools) is small beside it at the sizes
// where refusing matters. The per-item figures are in kMemoryCosts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/scenario.hpp"

namespace mwaa {

// Bytes per item. The values, and the peak-RSS measurements they come from,
// are in resource_estimate.cpp (kMemoryCosts): the one place to retune them.
struct MemoryCosts {
  double per_task_instance = 0;      // TaskInstance + TaskInstanceRecord + queue/set entries, per try
  double per_dag_run = 0;            // DagRun + DagRunRecord
  double per_exported_ti = 0;        // --task-instances: the JSON tree and its text, per try
  double per_task_spec = 0;          // loaded TaskSpec + compiled graph entry, per task of the workload
  double per_loaded_task = 0;        // peak while loading: the task's JSON source and its TaskSpec
  double per_json_value = 0;         // a parsed JSON value (nlohmann tree node, map entry or array slot)
  double baseline = 0;               // the process, series and everything not per item
};
extern const MemoryCosts kMemoryCosts;

// Task-instance indices are 32-bit (models/airflow/metadata.hpp).
inline constexpr double kMaxTaskInstances = 4294967295.0;

struct WorkloadSize {
  double dag_runs = 0;               // expected runs over the time limit
  double task_instances = 0;         // tasks x runs
  double tries = 0;                  // task instances x expected tries (retries x failure probability)
  double task_specs = 0;             // tasks of the loaded workload
  bool trigger_cycle = false;        // TriggerDagRun cycle: runs counted over |dags|+1 hops, a lower bound (the time limit bounds the rest)
};

// Counts runs per DAG from trigger_at, schedules (count, or the time limit)
// and TriggerDagRun targets. Doubles: a 10^12-TI scenario must be counted,
// not overflow.
WorkloadSize workload_size(const Scenario& scenario);

struct MemoryEstimate {
  WorkloadSize size;
  double concurrent = 1;             // simulations held in memory at once
  bool export_tis = false;           // includes the task-instance export
  double bytes = 0;
};

// `concurrent`: replications in flight at once (min(replications, threads));
// `export_tis`: the task-instance export is built in memory.
MemoryEstimate estimate_memory(const Scenario& scenario, int concurrent, bool export_tis);

// Bytes the machine can still give us: MemAvailable from /proc/meminfo, else
// free pages from sysconf, and no more than what RLIMIT_AS / RLIMIT_DATA
// (ulimit -v / -d) leave beside what the process already maps; nullopt when
// nothing can be read.
std::optional<double> available_memory();

// Refuses (InputError for `file`, with the estimate) work that would need
// more than available_memory() before it is allocated: `what` says what is
// counted, e.g. "parsing this file" (count JSON values x per_json_value).
// Does nothing when the available memory is unknown.
void refuse_if_more_than_available(double bytes, const std::string& file, const std::string& path,
                                   const std::string& what);

// "38 GiB", "512 MiB", "1.5 KiB", "96 B".
std::string format_bytes(double bytes);
// A count as a whole number: "20000000", "1e+15" beyond 10^15.
std::string format_count(double count);
// "2GiB", "500MB", "1.5G", "1048576": bytes (K/M/G/T are binary, KB/MB/.. decimal).
// Throws std::invalid_argument on anything else.
double parse_bytes(const std::string& text);

// The refusal message when `estimate` does not fit in `available` bytes (or
// exceeds the 32-bit task-instance index), "" when it fits.
std::string memory_refusal(const MemoryEstimate& estimate, double available, const std::string& available_source);

}  // namespace mwaa
