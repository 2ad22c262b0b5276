#include "models/planning/replications.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include "models/simulation.hpp"
#include "sim/random.hpp"

namespace mwaa {

std::uint64_t replication_seed(std::uint64_t scenario_seed, int replication) {
  return replication == 0 ? scenario_seed : sim::derive_seed(scenario_seed, "replication." + std::to_string(replication));
}

namespace {

// The lowest-index failure among the replications that ran. Replications are
// handed out in index order, so every index below a failing one has started
// and finishes: the lowest failure is the same for any thread count.
class FirstFailure {
 public:
  void record(int index, std::exception_ptr e) {
    std::lock_guard lock(mutex_);
    if (!error_ || index < index_) {
      error_ = std::move(e);
      index_ = index;
    }
    failed_ = true;
  }
  bool failed() const { return failed_; }
  void rethrow_if_any() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;
  int index_ = 0;
  std::atomic<bool> failed_{false};
};

}  // namespace

Replications run_replications(const Scenario& input, const ReplicationOptions& options) {
  const int n = std::max(1, options.replications);
  // Compile the DAGs once for every replication (simulate() would otherwise
  // compile them again in each run); the copy is shared read-only.
  const bool prepared = input.compiled_dags && input.compiled_dags->size() == input.workload.dags.size();
  Scenario own;
  if (!prepared) {
    own = input;
    own.prepare();
  }
  const Scenario& scenario = prepared ? input : own;

  Replications out;
  const auto size = static_cast<std::size_t>(n);
  out.seeds.resize(size);
  out.summaries.resize(size);
  if (options.keep_results) out.results.resize(size);
  for (int i = 0; i < n; ++i) out.seeds[static_cast<std::size_t>(i)] = replication_seed(scenario.seed, i);

  std::atomic<int> next{0}, done{0};
  FirstFailure failure;
  auto work = [&] {
    for (int i = next++; i < n && !failure.failed(); i = next++) {
      try {
        const auto k = static_cast<std::size_t>(i);
        RunResult r = simulate(scenario, out.seeds[k]);
        out.summaries[k] = summarize(scenario, r);
        out.summaries[k].seed = out.seeds[k];  // summarize() reports the scenario's seed
        if (options.on_result) options.on_result(i, r);
        if (options.keep_results) out.results[k] = std::move(r);
        const int d = ++done;
        if (options.progress) options.progress(d, n);
      } catch (...) {
        failure.record(i, std::current_exception());
      }
    }
  };
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, n);
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads available: the ones running (and this one) do the rest
    }
  }
  work();
  for (auto& t : pool) t.join();
  failure.rethrow_if_any();
  return out;
}

}  // namespace mwaa
