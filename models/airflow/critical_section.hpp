// _executable_task_instances_to_queued: which SCHEDULED task instances one
// scheduler moves to QUEUED in one critical section (fact sheet 3.2).
//
// Candidates come in Airflow's order (priority_weight DESC, logical_date ASC,
// map_index ASC), at most max_tis per query; each is checked in Airflow's order:
// pool open slots (counting pool_slots), pool_slots > pool size (starved for
// ever), max_active_tasks per DAG (2.x) or per DAG run (3.x), per-task caps,
// and (3.x) the executor's free slots. A blocked candidate never blocks the
// pass; its pool/DAG/task is added to the starved filters and, when a query
// accepted nothing, the query is repeated without them, as Airflow does.
// This is policy: it reads and updates only the Metadata counters.
// Cost: O(candidates examined * log n).
#pragma once

#include <cstdint>
#include <vector>

#include "models/airflow/metadata.hpp"

namespace mwaa {

struct CriticalSectionOutcome {
  std::vector<std::uint32_t> queued;     // TIs set to QUEUED, in order
  int max_tis = 0;                       // batch limit this pass
  bool limited_by_parallelism = false;   // executor free slots were 0
  bool limited_by_pools = false;         // no pool had an open slot
  // TIs left SCHEDULED, by the reason that held them (counted over all
  // scheduled TIs: a starved pool/DAG holds all its scheduled TIs).
  std::int64_t held_pool = 0;
  std::int64_t held_max_active = 0;
  std::int64_t held_task_limit = 0;
};

class CriticalSection {
 public:
  explicit CriticalSection(Metadata& db);
  // executor_free: parallelism - running - queued of the calling scheduler.
  CriticalSectionOutcome run(int executor_free, sim::Time now, int scheduler);

 private:
  Metadata& db_;
  bool per_run_;
  int max_tis_per_query_;
  // Starved filters, reset per call; sized to pools / dags or runs / tasks.
  std::vector<std::uint32_t> pool_mark_, group_mark_;
  std::vector<std::uint64_t> task_mark_;
  std::vector<std::uint32_t> marked_groups_;
  std::uint32_t epoch_ = 0;
  std::vector<std::uint32_t> batch_;
};

}  // namespace mwaa
