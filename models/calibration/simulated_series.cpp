#include "models/calibration/simulated_series.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "models/planning/replications.hpp"
#include "models/simulation.hpp"

namespace mwaa::calibration {

namespace {

struct OneRun {
  std::vector<std::vector<double>> values;
  double completion = 0;
  bool finished = true;
};

OneRun run_one(const Scenario& scenario, const ComparisonPlan& plan, std::uint64_t seed) {
  RunResult r = simulate(scenario, seed);
  OneRun out;
  out.finished = r.finished;
  out.completion = std::max<std::int64_t>(0, r.last_task_end.us) / 1e6;
  // The exporter cuts periods through the last task end; reaching the last
  // compared period needs the layout extended. Gauges hold their final values
  // past the end of the simulation, which is the system at rest.
  if (plan.periods_needed > 0) {
    const sim::Time last_needed = scenario.model.metrics_period * static_cast<std::int64_t>(plan.periods_needed - 1);
    r.last_task_end = std::max(r.last_task_end, last_needed);
  }
  out.values.resize(plan.series.size());
  std::set<Statistic> stats;
  for (const auto& m : plan.series) stats.insert(m.stat());
  for (Statistic stat : stats) {
    const std::vector<MetricSeries> series = cloudwatch_series(scenario, r, {stat});
    for (std::size_t s = 0; s < plan.series.size(); ++s) {
      const MatchedSeries& m = plan.series[s];
      if (m.stat() != stat) continue;
      const std::vector<double>& v = series[m.model_index].values;
      auto& dst = out.values[s];
      dst.reserve(m.period.size());
      for (std::size_t p : m.period) dst.push_back(p < v.size() ? v[p] : (v.empty() ? 0.0 : v.back()));
    }
  }
  return out;
}

}  // namespace

std::vector<std::uint64_t> replication_seeds(std::uint64_t seed, int replications) {
  std::vector<std::uint64_t> seeds;
  for (int i = 0; i < std::max(1, replications); ++i) seeds.push_back(replication_seed(seed, i));
  return seeds;
}

SimulatedValues simulate_plan(const Scenario& scenario, const ComparisonPlan& plan,
                              const std::vector<std::uint64_t>& seeds, int threads) {
  const int n = static_cast<int>(seeds.size());
  std::vector<OneRun> runs(seeds.size());
  std::atomic<int> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    for (int i = next++; i < n; i = next++) {
      try {
        runs[static_cast<std::size_t>(i)] = run_one(scenario, plan, seeds[static_cast<std::size_t>(i)]);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
  };
  int t = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  t = std::clamp(t, 1, std::max(1, n));
  std::vector<std::thread> pool;
  for (int i = 1; i < t; ++i) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);

  // Averaged in seed order, so the sums do not depend on the threads.
  SimulatedValues out;
  out.values.resize(plan.series.size());
  for (std::size_t s = 0; s < plan.series.size(); ++s) out.values[s].assign(plan.series[s].period.size(), 0.0);
  for (const auto& r : runs) {
    for (std::size_t s = 0; s < r.values.size(); ++s)
      for (std::size_t k = 0; k < r.values[s].size(); ++k) out.values[s][k] += r.values[s][k];
    out.completion_mean += r.completion;
    if (!r.finished) ++out.unfinished;
  }
  const double count = static_cast<double>(std::max(1, n));
  for (auto& v : out.values)
    for (double& x : v) x /= count;
  out.completion_mean /= count;
  return out;
}

}  // namespace mwaa::calibration
