#include "models/airflow/metadata.hpp"

#include <algorithm>
#include <stdexcept>

namespace mwaa {

Metadata::Metadata(const Scenario& scenario, RunResult& result) : scenario_(scenario), result_(result) {
  const AirflowConfig& cfg = scenario.environment.airflow;
  for (const PoolSpec& p : scenario.pools) {
    PoolState ps;
    ps.name = p.name;
    ps.slots = p.slots;
    pools.push_back(ps);
    PoolSeries series;
    series.name = p.name;
    series.slots = p.slots;
    result.pools.push_back(std::move(series));
  }
  dags.reserve(scenario.workload.dags.size());
  const bool prepared = scenario.compiled_dags && scenario.compiled_dags->size() == scenario.workload.dags.size();
  if (!prepared) own_graphs_ = compile_workload(scenario.workload, scenario.source_file);
  const std::vector<CompiledDag>& graphs = prepared ? *scenario.compiled_dags : own_graphs_;
  for (const DagSpec& spec : scenario.workload.dags) {
    DagState d;
    d.spec = &spec;
    d.graph = &graphs[dags.size()];
    d.max_active_runs = spec.max_active_runs < 0 ? cfg.max_active_runs_per_dag : spec.max_active_runs;
    d.max_active_tasks = spec.max_active_tasks < 0 ? cfg.max_active_tasks_per_dag : spec.max_active_tasks;
    d.task_active.assign(spec.tasks.size(), 0);
    for (const TaskSpec& t : spec.tasks) {
      const auto it = std::find_if(scenario.pools.begin(), scenario.pools.end(),
                                   [&](const PoolSpec& p) { return p.name == t.pool; });
      if (it == scenario.pools.end())
        throw std::logic_error("task " + spec.id + "." + t.id + " uses unknown pool " + t.pool);
      d.task_pool.push_back(static_cast<std::int32_t>(it - scenario.pools.begin()));
    }
    if (spec.schedule) {
      d.schedulable = true;
      d.next_create = spec.schedule->first;
      d.runs_left = spec.schedule->count ? *spec.schedule->count : -1;
      if (d.runs_left == 0) d.schedulable = false;
    }
    dags.push_back(std::move(d));
  }
}

std::uint32_t Metadata::create_run(std::uint32_t dag_index, sim::Time now, bool manual, sim::Time logical_date,
                                   bool has_logical_date) {
  DagState& dag = dags[dag_index];
  const auto run_index = static_cast<std::uint32_t>(runs.size());
  DagRun run;
  run.dag = dag_index;
  run.number = ++dag.runs_created;
  run.first_ti = static_cast<std::uint32_t>(tis.size());
  run.unfinished = static_cast<std::uint32_t>(dag.spec->tasks.size());
  run.has_logical_date = has_logical_date;
  run.logical_date = logical_date;
  run.run_after = now;
  runs.push_back(std::move(run));
  for (std::uint32_t t = 0; t < dag.spec->tasks.size(); ++t) {
    TaskInstance ti;
    ti.dag = dag_index;
    ti.run = run_index;
    ti.task = t;
    ti.upstream_left = static_cast<std::uint32_t>(dag.graph->upstream[t].size());
    ti.priority = dag.graph->priority[t];
    tis.push_back(ti);
    new_try(static_cast<std::uint32_t>(tis.size() - 1), now);
  }
  ++dag.runs_queued;
  ++unfinished_runs_;
  DagRunRecord rec;
  rec.dag = dag_index;
  rec.number = runs.back().number;
  rec.manual = manual;
  rec.logical_date = has_logical_date ? logical_date : sim::Time{-1};
  rec.created = now;
  result_.dag_runs.push_back(rec);
  if (result_.first_trigger.us < 0) result_.first_trigger = now;
  ++version;
  if (runs.back().unfinished == 0) {  // a DAG without tasks: nothing to do
    start_run(run_index, now);
  }
  return run_index;
}

void Metadata::start_run(std::uint32_t run_index, sim::Time now) {
  DagRun& run = runs[run_index];
  DagState& dag = dags[run.dag];
  run.state = RunState::Running;
  --dag.runs_queued;
  ++dag.runs_running;
  result_.dag_runs[run_index].state = RunState::Running;
  result_.dag_runs[run_index].started = now;
  for (std::uint32_t root : dag.graph->roots) run.ready.push_back(run.first_ti + root);
  mark_dirty(run_index);
  ++version;
}

void Metadata::mark_dirty(std::uint32_t run_index) {
  DagRun& run = runs[run_index];
  if (run.dirty || run.state != RunState::Running) return;
  run.dirty = true;
  ++dirty_runs_;
}

void Metadata::mark_examined(std::uint32_t run_index) {
  DagRun& run = runs[run_index];
  run.examined = true;
  if (!run.dirty) return;
  run.dirty = false;
  --dirty_runs_;
}

void Metadata::finish_run(std::uint32_t run_index, sim::Time now) {
  mark_examined(run_index);
  DagRun& run = runs[run_index];
  DagState& dag = dags[run.dag];
  run.state = run.any_failed ? RunState::Failed : RunState::Success;
  --dag.runs_running;
  --unfinished_runs_;
  result_.dag_runs[run_index].state = run.state;
  result_.dag_runs[run_index].ended = now;
  ++version;
}

void Metadata::new_try(std::uint32_t ti_index, sim::Time /*now*/) {
  TaskInstance& ti = tis[ti_index];
  TaskInstanceRecord rec;
  rec.dag = ti.dag;
  rec.run = ti.run;
  rec.task = ti.task;
  rec.try_number = ti.try_number + 1;
  rec.state = TiState::None;
  ti.record = static_cast<std::uint32_t>(result_.task_instances.size());
  result_.task_instances.push_back(rec);
}

void Metadata::pool_gauges(std::int32_t p, sim::Time now) {
  const PoolState& pool = pools[p];
  PoolSeries& s = result_.pools[p];
  s.running_slots.set(now, static_cast<double>(pool.running));
  s.queued_slots.set(now, static_cast<double>(pool.queued));
  s.scheduled_slots.set(now, static_cast<double>(pool.scheduled_slots));
}

void Metadata::set_scheduled_counters(TaskInstance& ti, int sign) {
  PoolState& pool = pools[pool_of(ti)];
  pool.scheduled_tis += sign;
  pool.scheduled_slots += sign * spec(ti).pool_slots;
  runs[ti.run].scheduled += sign;
  dags[ti.dag].scheduled += sign;
}

void Metadata::to_scheduled(std::uint32_t ti_index, sim::Time now) {
  TaskInstance& ti = tis[ti_index];
  if (ti.state != TiState::Queued) ++ti.try_number;  // a requeue keeps its try
  ti.state = TiState::Scheduled;
  const DagRun& run = runs[ti.run];
  candidates.insert(CandidateKey{-ti.priority, run.has_logical_date ? run.logical_date.us : INT64_MAX, ti_index});
  set_scheduled_counters(ti, +1);
  TaskInstanceRecord& rec = record(ti);
  rec.state = TiState::Scheduled;
  rec.scheduled = now;
  rec.try_number = ti.try_number;
  result_.tasks_scheduled.add(now, 1);
  pool_gauges(pool_of(ti), now);
  ++version;
}

void Metadata::to_queued(std::uint32_t ti_index, sim::Time now, int scheduler) {
  TaskInstance& ti = tis[ti_index];
  const DagRun& run = runs[ti.run];
  candidates.erase(CandidateKey{-ti.priority, run.has_logical_date ? run.logical_date.us : INT64_MAX, ti_index});
  set_scheduled_counters(ti, -1);
  result_.tasks_scheduled.add(now, -1);
  ti.state = TiState::Queued;
  ti.queued_at = now;
  ti.queued_by = scheduler;
  occupy(ti, +1, true);
  ++in_flight_;
  TaskInstanceRecord& rec = record(ti);
  rec.state = TiState::Queued;
  rec.queued = now;
  rec.queued_by = scheduler;
  pool_gauges(pool_of(ti), now);
  ++version;
}

void Metadata::occupy(TaskInstance& ti, int sign, bool queued_side) {
  PoolState& pool = pools[pool_of(ti)];
  const int slots = spec(ti).pool_slots;
  (queued_side ? pool.queued : pool.running) += sign * slots;
  if (queued_side && sign > 0) {
    runs[ti.run].active += 1;
    dags[ti.dag].active += 1;
    dags[ti.dag].task_active[ti.task] += 1;
  }
}

void Metadata::to_running(std::uint32_t ti_index, sim::Time now) {
  TaskInstance& ti = tis[ti_index];
  occupy(ti, -1, true);
  occupy(ti, +1, false);
  ti.state = TiState::Running;
  TaskInstanceRecord& rec = record(ti);
  rec.state = TiState::Running;
  rec.start = now;
  rec.worker = ti.worker;
  pool_gauges(pool_of(ti), now);
  ++version;
}

void Metadata::leave_active(TaskInstance& ti, sim::Time now) {
  occupy(ti, -1, ti.state == TiState::Queued);
  runs[ti.run].active -= 1;
  dags[ti.dag].active -= 1;
  dags[ti.dag].task_active[ti.task] -= 1;
  --in_flight_;
  pool_gauges(pool_of(ti), now);
}

void Metadata::end_ti(std::uint32_t ti_index, TiState final_state, sim::Time now) {
  TaskInstance& ti = tis[ti_index];
  DagRun& run = runs[ti.run];
  ti.state = final_state;
  TaskInstanceRecord& rec = record(ti);
  rec.state = final_state;
  rec.end = now;
  --run.unfinished;
  if (final_state != TiState::Success) run.any_failed = true;
  if (final_state == TiState::Success) {
    const DagState& dag = dags[ti.dag];
    for (std::uint32_t d : dag.graph->downstream[ti.task]) {
      TaskInstance& down = tis[run.first_ti + d];
      if (--down.upstream_left == 0 && down.state == TiState::None) run.ready.push_back(run.first_ti + d);
    }
  } else if (final_state == TiState::Failed) {
    run.failed_roots.push_back(ti_index);
  }
  if (!run.ready.empty() || !run.failed_roots.empty() || run.unfinished == 0) mark_dirty(ti.run);
  if (result_.last_task_end < now) result_.last_task_end = now;
  ++version;
}

void Metadata::to_success(std::uint32_t ti_index, sim::Time now) {
  leave_active(tis[ti_index], now);
  end_ti(ti_index, TiState::Success, now);
}

void Metadata::to_failure(std::uint32_t ti_index, sim::Time now) {
  TaskInstance& ti = tis[ti_index];
  if (ti.state == TiState::Queued || ti.state == TiState::Running) leave_active(ti, now);
  result_.tasks_failed.add(now, 1);
  if (ti.try_number <= spec(ti).retries) {
    ti.state = TiState::UpForRetry;
    ti.retry_at = now + spec(ti).retry_delay;
    TaskInstanceRecord& rec = record(ti);
    rec.state = TiState::Failed;  // this try failed; the TI itself is up_for_retry
    rec.end = now;
    runs[ti.run].retrying.push_back(ti_index);
    ++version;
    return;
  }
  end_ti(ti_index, TiState::Failed, now);
}

void Metadata::requeue(std::uint32_t ti_index, sim::Time now, bool fail) {
  TaskInstance& ti = tis[ti_index];
  result_.tasks_requeued.add(now, 1);
  if (fail) {
    to_failure(ti_index, now);
    return;
  }
  leave_active(ti, now);
  ++ti.requeues;
  ti.worker = -1;
  ti.queued_by = -1;
  to_scheduled(ti_index, now);
}

void Metadata::empty_success(std::uint32_t ti_index, sim::Time now) {
  TaskInstance& ti = tis[ti_index];
  ti.try_number = 1;
  TaskInstanceRecord& rec = record(ti);
  rec.scheduled = now;
  rec.start = now;
  end_ti(ti_index, TiState::Success, now);
}

void Metadata::upstream_failed(std::uint32_t ti_index, sim::Time now) { end_ti(ti_index, TiState::UpstreamFailed, now); }

void Metadata::retry_due(std::uint32_t ti_index, sim::Time now) {
  new_try(ti_index, now);
  to_scheduled(ti_index, now);
}

}  // namespace mwaa
