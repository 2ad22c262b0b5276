// Property tests: invariants that must hold on any scenario, checked on many
// random small ones (random DAG shapes, pools, limits, failures, schedulers,
// workers and overheads). More capacity is not always faster in list
// scheduling, so no monotonicity is asserted here.
#include <catch2/catch.hpp>

#include <map>

#include "builders.hpp"
#include "models/report/cloudwatch_export.hpp"
#include "sim/random.hpp"

using namespace mwaa;

namespace {

Scenario random_scenario(std::uint64_t seed) {
  sim::RandomStream rng(seed, "invariants");
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng.below(static_cast<std::uint64_t>(hi - lo + 1))); };
  Scenario s;
  s.name = "random";
  s.seed = seed;
  s.environment.environment_class = "mw1.small";
  s.environment.schedulers = pick(1, 3);
  s.environment.min_workers = pick(1, 2);
  s.environment.max_workers = s.environment.min_workers + pick(0, 3);
  s.environment.airflow.worker_autoscale_max = pick(1, 5);
  s.environment.airflow.parallelism = pick(2, 12);
  s.environment.airflow.max_tis_per_query = pick(0, 4);
  s.environment.airflow.max_active_tasks_per_dag = pick(1, 8);
  s.environment.airflow_version = AirflowVersion::parse(rng.bernoulli(0.5) ? "3.0.6" : "2.10.3");
  s.pools = {PoolSpec{"default_pool", pick(2, 10), false}, PoolSpec{"small", pick(1, 3), false}};
  s.model.worker_provisioning_delay = sim::Distribution::uniform(10, 60);
  s.model.task_startup_overhead = sim::Distribution::lognormal_median_p95(1, 3);
  s.model.autoscaler_evaluation_period = sim::Time::seconds(20);
  s.model.scale_in_policy = rng.bernoulli(0.8) ? ScaleInPolicy::Drain : ScaleInPolicy::Legacy2023;
  s.time_limit = sim::Time::seconds(6 * 3600);
  const int dags = pick(1, 4);
  for (int d = 0; d < dags; ++d) {
    DagSpec dag;
    dag.id = "dag" + std::to_string(d);
    const int n = pick(1, 12);
    for (int t = 0; t < n; ++t) {
      TaskSpec task = test::task("t" + std::to_string(t), 0);
      task.duration = sim::Distribution::lognormal_median_p95(pick(5, 60), 120);
      for (int u = 0; u < t; ++u)
        if (rng.bernoulli(0.25)) task.upstream.push_back("t" + std::to_string(u));
      if (rng.bernoulli(0.2)) task.pool = "small";
      task.pool_slots = rng.bernoulli(0.15) ? 2 : 1;
      if (task.pool == "small" && task.pool_slots > s.pools[1].slots) task.pool_slots = 1;
      if (rng.bernoulli(0.1)) task.op = OperatorKind::Empty;
      if (rng.bernoulli(0.15)) {
        task.failure_probability = 0.5;
        task.retries = pick(0, 2);
        task.retry_delay = sim::Time::seconds(pick(5, 60));
      }
      if (rng.bernoulli(0.1)) task.max_active_tis_per_dag = 1;
      dag.tasks.push_back(task);
    }
    dag.max_active_runs = pick(1, 3);
    for (int r = pick(1, 3); r > 0; --r) dag.trigger_times.push_back(sim::Time::seconds(pick(0, 300)));
    s.workload.dags.push_back(dag);
  }
  return s;
}

// max over time of the sum of several gauges.
double peak_sum(const std::vector<const sim::Gauge*>& gauges) {
  std::vector<sim::Time> times;
  for (const auto* g : gauges)
    for (const auto& p : g->points()) times.push_back(p.time);
  double peak = 0;
  for (sim::Time t : times) {
    double sum = 0;
    for (const auto* g : gauges) sum += g->value_at(t);
    peak = std::max(peak, sum);
  }
  return peak;
}

// Slots of pool `pool` held at instant t according to the task-instance
// records: queued from `queued` to `start`, running from `start` to `end`.
struct PoolLevels {
  double queued = 0, running = 0;
};
PoolLevels pool_levels_from_records(const Scenario& s, const RunResult& r, const std::string& pool, sim::Time t) {
  PoolLevels l;
  for (const auto& ti : r.task_instances) {
    const TaskSpec& spec = s.workload.dags[ti.dag].tasks[ti.task];
    if (spec.pool != pool || ti.queued.us < 0) continue;
    const sim::Time start = ti.start.us >= 0 ? ti.start : ti.end;  // never started: queued until it ended
    if (ti.queued <= t && t < start) l.queued += spec.pool_slots;
    if (ti.start.us >= 0 && ti.start <= t && t < ti.end) l.running += spec.pool_slots;
  }
  return l;
}

const MetricSeries& series_by_id(const std::vector<MetricSeries>& all, const std::string& id) {
  for (const auto& m : all)
    if (m.id == id) return m;
  FAIL("no metric series " << id);
  return all.front();
}

// The exported CloudWatch pool series (what users see) agree, sample by
// sample, with the task-instance records (what the REST export lists).
void check_pool_metrics_agree_with_records(const Scenario& s, const RunResult& r) {
  MetricsOptions sum;
  sum.level_stat = Statistic::Sum;  // Sum over a period = sum of its samples: checks every sample
  const auto series = cloudwatch_series(s, r, sum);
  const sim::Time step = s.model.metrics_sample_interval;
  const std::int64_t per_period = s.model.metrics_period.us / step.us;
  for (const PoolSpec& pool : s.pools) {
    const auto& running = series_by_id(series, "pool_running_slots_" + pool.name);
    const auto& queued = series_by_id(series, "pool_queued_slots_" + pool.name);
    REQUIRE(running.values.size() == queued.values.size());
    for (std::size_t p = 0; p < running.values.size(); ++p) {
      PoolLevels expected;
      for (std::int64_t k = 0; k < per_period; ++k) {
        const sim::Time t = s.model.metrics_period * static_cast<std::int64_t>(p) + step * k;
        const PoolLevels at = pool_levels_from_records(s, r, pool.name, t);
        expected.queued += at.queued;
        expected.running += at.running;
      }
      INFO("pool " << pool.name << ", period " << p);
      CHECK(running.values[p] == expected.running);
      CHECK(queued.values[p] == expected.queued);
    }
  }
}

}  // namespace

TEST_CASE("invariants hold on random small scenarios", "[model][invariants]") {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    Scenario s = random_scenario(seed);
    INFO("random scenario seed " << seed);
    const RunResult r = simulate(s);
    INFO(r.stuck_report);
    REQUIRE(r.finished);
    const auto graphs = compile_workload(s.workload, "");

    // Every task instance ends in exactly one terminal state (its last try).
    std::map<std::tuple<std::uint32_t, std::uint32_t>, const TaskInstanceRecord*> last;
    for (const auto& ti : r.task_instances) {
      auto& slot = last[{ti.run, ti.task}];
      if (!slot || slot->try_number < ti.try_number) slot = &ti;
    }
    for (const auto& [key, ti] : last) CHECK(is_terminal(ti->state));
    // ... and every task of every DAG run has its tries, numbered 1..k, with
    // no try before the last one succeeded.
    std::size_t expected_pairs = 0;
    for (const auto& run : r.dag_runs) expected_pairs += s.workload.dags[run.dag].tasks.size();
    CHECK(last.size() == expected_pairs);
    std::map<std::tuple<std::uint32_t, std::uint32_t>, int> tries;
    for (const auto& ti : r.task_instances) {
      ++tries[{ti.run, ti.task}];
      if (ti.try_number < last[{ti.run, ti.task}]->try_number) CHECK(ti.state != TiState::Success);
    }
    for (const auto& [key, ti] : last) CHECK(tries[key] == ti->try_number);

    // Pools are never over-committed (running + queued slots <= size).
    for (std::size_t p = 0; p < s.pools.size(); ++p)
      CHECK(peak_sum({&r.pools[p].running_slots, &r.pools[p].queued_slots}) <= s.pools[p].slots);

    // No scheduler's executor holds more than its parallelism.
    for (const auto& sch : r.schedulers)
      CHECK(peak_sum({&sch.executor_running, &sch.executor_queued}) <= *s.environment.airflow.parallelism);

    // No worker runs more tasks than its slots (start..end intervals per worker).
    std::map<int, std::vector<std::pair<sim::Time, int>>> per_worker;
    for (const auto& ti : r.task_instances)
      if (ti.worker >= 0 && ti.start.us >= 0 && ti.end.us >= 0) {
        per_worker[ti.worker].push_back({ti.start, +1});
        per_worker[ti.worker].push_back({ti.end, -1});
      }
    for (auto& [w, ev] : per_worker) {
      std::sort(ev.begin(), ev.end(), [](auto a, auto b) { return a.first < b.first || (a.first == b.first && a.second < b.second); });
      int level = 0, most = 0;
      for (auto [t, d] : ev) most = std::max(most, level += d);
      CHECK(most <= *s.environment.airflow.worker_autoscale_max);
    }

    // Nothing starts before all its upstreams succeeded.
    for (const auto& ti : r.task_instances) {
      if (ti.start.us < 0) continue;
      const auto& upstream = graphs[ti.dag].upstream[ti.task];
      for (std::uint32_t u : upstream) {
        const TaskInstanceRecord* up = last[{ti.run, u}];
        REQUIRE(up != nullptr);
        CHECK(up->state == TiState::Success);
        CHECK(up->end <= ti.start);
      }
    }

    // The autoscaler stays within [MinWorkers, MaxWorkers].
    for (const auto& p : r.workers_desired.points())
      if (p.time.us > 0) {
        CHECK(p.value >= s.environment.min_workers);
        CHECK(p.value <= s.environment.max_workers);
      }
    CHECK(r.workers.peak() <= s.environment.max_workers);

    // Little's law on the sample path: the time integral of occupied pool
    // slots equals the sum over tries of pool_slots x (end - queued).
    double area = 0, sojourn = 0;
    const sim::Time end = r.end_time + sim::Time::seconds(1);
    for (std::size_t p = 0; p < s.pools.size(); ++p)
      area += r.pools[p].running_slots.integral(sim::Time::zero(), end) + r.pools[p].queued_slots.integral(sim::Time::zero(), end);
    for (const auto& ti : r.task_instances)
      if (ti.queued.us >= 0) {
        const TaskSpec& spec = s.workload.dags[ti.dag].tasks[ti.task];
        REQUIRE(ti.end.us >= 0);
        sojourn += spec.pool_slots * (ti.end - ti.queued).to_seconds();
      }
    CHECK(area == Approx(sojourn).epsilon(1e-9).margin(1e-6));
    // The same as L = lambda W with the time-weighted averages the summaries
    // report: L = mean occupied slots over [0, T], lambda = slot-tries per
    // second, W = mean slot sojourn.
    double L = 0, slot_tries = 0;
    for (std::size_t p = 0; p < s.pools.size(); ++p)
      L += r.pools[p].running_slots.time_average(sim::Time::zero(), end) +
           r.pools[p].queued_slots.time_average(sim::Time::zero(), end);
    for (const auto& ti : r.task_instances)
      if (ti.queued.us >= 0) slot_tries += s.workload.dags[ti.dag].tasks[ti.task].pool_slots;
    if (slot_tries > 0) {
      const double lambda = slot_tries / end.to_seconds(), W = sojourn / slot_tries;
      CHECK(L == Approx(lambda * W).epsilon(1e-9).margin(1e-9));
    }

    check_pool_metrics_agree_with_records(s, r);
  }
}
