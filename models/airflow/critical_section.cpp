#include "models/airflow/critical_section.hpp"

#include <algorithm>

namespace mwaa {

CriticalSection::CriticalSection(Metadata& db)
    : db_(db),
      per_run_(db.scenario().environment.airflow_version.max_active_tasks_per_run()),
      max_tis_per_query_(db.scenario().environment.airflow.max_tis_per_query) {}

CriticalSectionOutcome CriticalSection::run(int executor_free, sim::Time now, int scheduler) {
  CriticalSectionOutcome out;
  if (executor_free <= 0) {
    out.limited_by_parallelism = true;
    return out;
  }
  // max_tis = min(max_tis_per_query, free executor slots, open pool slots);
  // max_tis_per_query = 0 means "use parallelism" (bounded by the free slots).
  std::int64_t max_tis = max_tis_per_query_ > 0 ? std::min(max_tis_per_query_, executor_free) : executor_free;
  std::int64_t open_total = 0;
  for (const PoolState& p : db_.pools) open_total += std::max<std::int64_t>(0, p.open());
  max_tis = std::min(max_tis, open_total);
  out.max_tis = static_cast<int>(max_tis);
  if (max_tis <= 0) {
    out.limited_by_pools = true;
    for (const PoolState& p : db_.pools) out.held_pool += p.scheduled_tis;
    return out;
  }

  ++epoch_;
  pool_mark_.resize(db_.pools.size(), 0);
  group_mark_.resize(per_run_ ? db_.runs.size() : db_.dags.size(), 0);
  marked_groups_.clear();
  auto group_of = [&](const TaskInstance& ti) { return per_run_ ? ti.run : ti.dag; };
  // Starved tasks are (dag, task) pairs, few per pass: a short list.
  std::vector<std::uint64_t>& starved_tasks = task_mark_;
  starved_tasks.clear();
  auto task_key = [](const TaskInstance& ti) { return (static_cast<std::uint64_t>(ti.dag) << 32) | ti.task; };
  auto task_starved = [&](const TaskInstance& ti) {
    return std::find(starved_tasks.begin(), starved_tasks.end(), task_key(ti)) != starved_tasks.end();
  };
  auto filtered = [&](const TaskInstance& ti) {
    return pool_mark_[static_cast<std::size_t>(db_.pool_of(ti))] == epoch_ || group_mark_[group_of(ti)] == epoch_ ||
           (!starved_tasks.empty() && task_starved(ti));
  };

  // True when the marked pools, or the marked DAGs/runs, hold every SCHEDULED
  // TI: a query would return nothing. Saves a scan of every candidate per
  // critical section while one large DAG sits at max_active_tasks (that scan
  // made a 10^5-task DAG quadratic: docs/limits.md).
  auto everything_filtered = [&] {
    const std::size_t n = db_.candidates.size();
    std::size_t in_pools = 0, in_groups = 0;
    for (std::size_t p = 0; p < db_.pools.size(); ++p)
      if (pool_mark_[p] == epoch_) in_pools += db_.pools[p].scheduled_tis;
    for (std::uint32_t g : marked_groups_) in_groups += per_run_ ? db_.runs[g].scheduled : db_.dags[g].scheduled;
    return in_pools >= n || in_groups >= n;
  };

  int executor_left = executor_free;
  std::int64_t task_held = 0;
  for (;;) {
    if (everything_filtered()) break;
    batch_.clear();
    for (const CandidateKey& key : db_.candidates) {
      if (static_cast<std::int64_t>(batch_.size()) >= max_tis) break;
      if (!filtered(db_.tis[key.ti])) batch_.push_back(key.ti);
    }
    if (batch_.empty()) break;
    bool found_new_filters = false;
    std::size_t accepted = 0;
    for (std::uint32_t ti_index : batch_) {
      const TaskInstance& ti = db_.tis[ti_index];
      const TaskSpec& task = db_.spec(ti);
      const auto pool_index = static_cast<std::size_t>(db_.pool_of(ti));
      const PoolState& pool = db_.pools[pool_index];
      const DagState& dag = db_.dags[ti.dag];
      if (!pool.unlimited()) {
        const std::int64_t open = pool.open();
        if (open <= 0) {
          if (pool_mark_[pool_index] != epoch_) found_new_filters = true;
          pool_mark_[pool_index] = epoch_;
          continue;
        }
        if (task.pool_slots > pool.slots || task.pool_slots > open) {
          if (!task_starved(ti)) { starved_tasks.push_back(task_key(ti)); found_new_filters = true; }
          ++task_held;
          continue;
        }
      }
      const std::uint32_t active = per_run_ ? db_.runs[ti.run].active : dag.active;
      if (static_cast<std::int64_t>(active) >= dag.max_active_tasks) {
        if (group_mark_[group_of(ti)] != epoch_) {
          found_new_filters = true;
          group_mark_[group_of(ti)] = epoch_;
          marked_groups_.push_back(group_of(ti));
        }
        continue;
      }
      // Per-task caps. Without mapped tasks a run holds one TI per task, so the
      // per-run cap only binds when it is below 1.
      if ((task.max_active_tis_per_dag && static_cast<int>(dag.task_active[ti.task]) >= *task.max_active_tis_per_dag) ||
          (task.max_active_tis_per_dagrun && *task.max_active_tis_per_dagrun < 1)) {
        if (!task_starved(ti)) { starved_tasks.push_back(task_key(ti)); found_new_filters = true; }
        ++task_held;
        continue;
      }
      if (executor_left <= 0) continue;
      db_.to_queued(ti_index, now, scheduler);
      --executor_left;
      ++accepted;
      out.queued.push_back(ti_index);
    }
    // Airflow re-queries only when nothing was accepted from a full batch and
    // new starvation filters appeared.
    if (accepted > 0 || static_cast<std::int64_t>(batch_.size()) < max_tis || !found_new_filters) break;
  }

  for (std::size_t p = 0; p < db_.pools.size(); ++p)
    if (pool_mark_[p] == epoch_) out.held_pool += db_.pools[p].scheduled_tis;
  for (std::uint32_t g : marked_groups_)
    out.held_max_active += per_run_ ? db_.runs[g].scheduled : db_.dags[g].scheduled;
  out.held_task_limit = task_held;
  return out;
}

}  // namespace mwaa
