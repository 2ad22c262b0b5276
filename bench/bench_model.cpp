// Model benchmarks: one replication of the seed's gradual load test, and
// synthetic workloads of 10^4, 10^5 and 10^6 task instances to show how cost
// grows. Figures are recorded in docs/performance.md.
//   ./build/mwaa_sim_bench --benchmark_filter=Model
#include <benchmark/benchmark.h>

#include <string>

#include "models/planning/replications.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"

namespace {

void BM_ModelGradualLoad2600(benchmark::State& state) {
  mwaa::Scenario s = mwaa::load_scenario_file(std::string(MWAA_SIM_SOURCE_DIR) + "/scenarios/gradual-load-2600.json");
  s.prepare();
  std::uint64_t events = 0, seed = 1;
  for (auto _ : state) {
    const mwaa::RunResult r = mwaa::simulate(s, seed++);
    events += r.events;
    benchmark::DoNotOptimize(r.last_task_end);
  }
  state.counters["events/run"] = benchmark::Counter(static_cast<double>(events) / state.iterations());
  state.counters["ns/event"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ModelGradualLoad2600)->Unit(benchmark::kMillisecond);

// runs DAG runs of a 100-task DAG (1 -> 98 parallel -> 1), one run every
// 2 s, on 50 mw1.2xlarge workers: 100 x runs task instances.
mwaa::Scenario synthetic(int runs) {
  mwaa::Scenario s;
  s.name = "synthetic";
  s.environment.environment_class = "mw1.2xlarge";
  s.environment.min_workers = 10;
  s.environment.max_workers = 50;
  s.environment.schedulers = 2;
  s.environment.airflow.max_active_tasks_per_dag = 100000;
  s.environment.airflow.max_active_runs_per_dag = 100000;
  s.pools = {mwaa::PoolSpec{"default_pool", 4000, false}};
  mwaa::DagSpec d;
  d.id = "synthetic";
  auto task = [](std::string id, double seconds) {
    mwaa::TaskSpec t;
    t.id = std::move(id);
    t.duration = sim::Distribution::lognormal_median_p95(seconds, seconds * 2);
    return t;
  };
  d.tasks.push_back(task("start", 5));
  for (int i = 0; i < 98; ++i) {
    d.tasks.push_back(task("work_" + std::to_string(i), 60));
    d.tasks.back().upstream = {"start"};
  }
  d.tasks.push_back(task("end", 5));
  for (int i = 0; i < 98; ++i) d.tasks.back().upstream.push_back("work_" + std::to_string(i));
  for (int r = 0; r < runs; ++r) d.trigger_times.push_back(sim::Time::seconds(2LL * r));
  s.workload.dags = {d};
  s.time_limit = sim::Time::seconds(30LL * 24 * 3600);
  s.prepare();
  return s;
}

void BM_ModelSyntheticTaskInstances(benchmark::State& state) {
  const mwaa::Scenario s = synthetic(static_cast<int>(state.range(0)) / 100);
  std::uint64_t events = 0;
  for (auto _ : state) {
    const mwaa::RunResult r = mwaa::simulate(s, 1);
    if (!r.finished) state.SkipWithError("synthetic run did not finish");
    events += r.events;
    benchmark::DoNotOptimize(r.last_task_end);
  }
  state.counters["task_instances"] = static_cast<double>(state.range(0));
  state.counters["ns/event"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_ModelSyntheticTaskInstances)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Complexity(benchmark::oNLogN);

}  // namespace

namespace {

// Issue target: 1000 replications of the gradual load test in <= 2 s on this
// 2-core machine (all cores, as `mwaa-sim run --replications 1000` runs them).
void BM_Replications1000GradualLoad2600(benchmark::State& state) {
  mwaa::Scenario s = mwaa::load_scenario_file(std::string(MWAA_SIM_SOURCE_DIR) + "/scenarios/gradual-load-2600.json");
  s.prepare();
  mwaa::ReplicationOptions options;
  options.replications = 1000;
  options.threads = 0;
  for (auto _ : state) {
    const mwaa::Replications reps = mwaa::run_replications(s, options);
    benchmark::DoNotOptimize(reps.summaries.size());
  }
}
BENCHMARK(BM_Replications1000GradualLoad2600)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
