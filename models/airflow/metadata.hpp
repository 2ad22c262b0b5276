// The metadata database at run time: DAGs, DAG runs, task instances and pools,
// with the counters Airflow's queries compute (pool usage, active TIs per DAG,
// per run and per task) kept up to date incrementally.
//
// Invariants (checked by the property tests):
//  - pool.running + pool.queued == sum of pool_slots over QUEUED/RUNNING TIs
//    of that pool (SCHEDULED TIs do not occupy slots, fact sheet 3.3);
//  - run.active == QUEUED+RUNNING TIs of the run, dag.active the same per DAG;
//  - run.unfinished == TIs of the run not in a terminal state.
// All state changes of a TI go through the transition methods here, so the
// counters cannot drift. Each transition is O(1) (plus O(downstream) on end).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "models/dag_graph.hpp"
#include "models/result.hpp"
#include "models/scenario.hpp"
#include "sim/time.hpp"

namespace mwaa {

constexpr std::uint32_t kNone = UINT32_MAX;

struct TaskInstance {
  std::uint32_t dag = 0;
  std::uint32_t run = 0;
  std::uint32_t task = 0;
  std::uint32_t record = kNone;          // current try's TaskInstanceRecord
  std::uint32_t upstream_left = 0;       // upstream TIs not yet successful
  std::int64_t priority = 1;
  TiState state = TiState::None;
  std::uint8_t try_number = 0;           // tries started so far
  std::uint8_t requeues = 0;             // stuck-in-queued resets
  std::int32_t queued_by = -1;           // scheduler index
  std::int32_t worker = -1;
  sim::Time queued_at;
  sim::Time retry_at;
};

struct DagRun {
  std::uint32_t dag = 0;
  std::uint32_t number = 0;             // 1-based per DAG
  std::uint32_t first_ti = 0;           // TIs are contiguous: [first_ti, first_ti + task count)
  std::uint32_t unfinished = 0;
  std::uint32_t active = 0;             // QUEUED + RUNNING TIs (3.x max_active_tasks)
  std::uint32_t scheduled = 0;          // SCHEDULED TIs
  RunState state = RunState::Queued;
  bool has_logical_date = false;
  bool any_failed = false;
  bool examined = false;                // last_scheduling_decision is not NULL
  bool dirty = false;                   // its next examination would change something
  sim::Time logical_date;
  sim::Time run_after;
  std::vector<std::uint32_t> ready;     // TIs whose upstreams all succeeded, not yet examined
  std::vector<std::uint32_t> retrying;  // UP_FOR_RETRY TIs
  std::vector<std::uint32_t> failed_roots;  // failed TIs whose downstreams must become upstream_failed
};

struct DagState {
  const DagSpec* spec = nullptr;
  const CompiledDag* graph = nullptr;   // shared, read-only (Scenario::compiled_dags)
  int max_active_runs = 16;
  int max_active_tasks = 16;
  std::uint32_t runs_created = 0;
  std::uint32_t runs_queued = 0;
  std::uint32_t runs_running = 0;
  std::uint32_t active = 0;             // QUEUED + RUNNING TIs over all runs (2.x)
  std::uint32_t scheduled = 0;
  std::vector<std::uint32_t> task_active;  // per task, over all runs (max_active_tis_per_dag)
  std::vector<std::int32_t> task_pool;     // pool index per task
  // Interval schedule state (create-runs step).
  bool schedulable = false;
  sim::Time next_create;
  std::int64_t runs_left = -1;          // -1 unbounded
};

struct PoolState {
  std::string name;
  std::int64_t slots = 0;               // -1 unlimited
  std::int64_t running = 0;             // slots
  std::int64_t queued = 0;              // slots
  std::int64_t scheduled_slots = 0;
  std::uint32_t scheduled_tis = 0;
  bool unlimited() const { return slots < 0; }
  std::int64_t open() const { return unlimited() ? INT64_MAX / 4 : slots - running - queued; }
};

// Key of the critical section's candidate order:
// priority_weight DESC, logical_date ASC (NULLS LAST), map_index ASC; then TI
// creation order so ties are deterministic.
struct CandidateKey {
  std::int64_t neg_priority;
  std::int64_t date;
  std::uint32_t ti;
  bool operator<(const CandidateKey& o) const {
    if (neg_priority != o.neg_priority) return neg_priority < o.neg_priority;
    if (date != o.date) return date < o.date;
    return ti < o.ti;
  }
};

class Metadata {
 public:
  Metadata(const Scenario& scenario, RunResult& result);

  const Scenario& scenario() const { return scenario_; }
  std::vector<DagState> dags;
  std::vector<DagRun> runs;
  std::vector<TaskInstance> tis;
  std::vector<PoolState> pools;
  std::set<CandidateKey> candidates;    // SCHEDULED TIs in critical-section order
  std::uint64_t version = 0;            // bumped on every TI/run state change

  const TaskSpec& spec(const TaskInstance& ti) const { return dags[ti.dag].spec->tasks[ti.task]; }
  std::int32_t pool_of(const TaskInstance& ti) const { return dags[ti.dag].task_pool[ti.task]; }
  std::uint32_t unfinished_runs() const { return unfinished_runs_; }
  std::uint32_t tis_in_flight() const { return in_flight_; }  // QUEUED + RUNNING
  // Running runs whose next examination would change something (ready TIs,
  // failures to propagate, all TIs done, a retry due).
  std::uint32_t dirty_runs() const { return dirty_runs_; }
  void mark_dirty(std::uint32_t run);
  void mark_examined(std::uint32_t run);

  // Creates a run in state QUEUED with its TIs in state None.
  std::uint32_t create_run(std::uint32_t dag, sim::Time now, bool manual, sim::Time logical_date, bool has_logical_date);
  void start_run(std::uint32_t run, sim::Time now);
  void finish_run(std::uint32_t run, sim::Time now);

  // TI transitions (each keeps every counter consistent).
  void to_scheduled(std::uint32_t ti, sim::Time now);
  void to_queued(std::uint32_t ti, sim::Time now, int scheduler);
  void to_running(std::uint32_t ti, sim::Time now);
  // The task's final state write: SUCCESS, or failure (UP_FOR_RETRY / FAILED).
  void to_success(std::uint32_t ti, sim::Time now);
  void to_failure(std::uint32_t ti, sim::Time now);
  // Stuck-in-queued reset: back to SCHEDULED, or FAILED after too many resets.
  void requeue(std::uint32_t ti, sim::Time now, bool fail);
  // EmptyOperator shortcut: straight to SUCCESS without a worker.
  void empty_success(std::uint32_t ti, sim::Time now);
  void upstream_failed(std::uint32_t ti, sim::Time now);
  void retry_due(std::uint32_t ti, sim::Time now);  // UP_FOR_RETRY -> SCHEDULED (new try)

  TaskInstanceRecord& record(const TaskInstance& ti) { return result_.task_instances[ti.record]; }

 private:
  void occupy(TaskInstance& ti, int sign, bool queued_side);
  void leave_active(TaskInstance& ti, sim::Time now);
  void set_scheduled_counters(TaskInstance& ti, int sign);
  void new_try(std::uint32_t ti_index, sim::Time now);
  void end_ti(std::uint32_t ti_index, TiState final_state, sim::Time now);
  void pool_gauges(std::int32_t pool, sim::Time now);

  const Scenario& scenario_;
  RunResult& result_;
  std::uint32_t unfinished_runs_ = 0;
  std::uint32_t in_flight_ = 0;
  std::uint32_t dirty_runs_ = 0;
  std::vector<CompiledDag> own_graphs_;  // when the scenario was not prepared
};

}  // namespace mwaa
