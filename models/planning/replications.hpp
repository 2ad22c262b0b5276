// Monte Carlo replications of one scenario: N independent runs whose seeds are
// derived from the scenario's seed (replication 0 uses the seed itself, so it
// equals a plain `run`), spread over threads. Results are stored by
// replication index, so the outcome is identical whatever the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/planning/replication_summary.hpp"
#include "models/planning/statistics.hpp"
#include "models/report/summary.hpp"
#include "models/result.hpp"
#include "models/scenario.hpp"

namespace mwaa {

std::uint64_t replication_seed(std::uint64_t scenario_seed, int replication);

struct ReplicationOptions {
  int replications = 1;
  int threads = 0;  // 0: all hardware threads
  // Called from worker threads after each replication (done, total); must be thread-safe.
  std::function<void(int, int)> progress;
  // Called from worker threads with each replication's index and result, before
  // the result is dropped: lets a caller keep only what it needs (e.g. the
  // CloudWatch series) instead of every RunResult. Must be thread-safe; writing
  // only to slot `index` of a pre-sized vector is.
  std::function<void(int index, const RunResult&)> on_result;
  // Keep every replication's RunResult; costs memory.
  bool keep_results = false;
};

struct Replications {
  std::vector<std::uint64_t> seeds;
  std::vector<Summary> summaries;   // by replication index
  std::vector<RunResult> results;   // by index, when keep_results
};

// Runs options.replications simulations (at least 1). An exception thrown by a
// replication (or a callback) stops the others from starting and is rethrown
// here: the one of the lowest replication index, whatever the thread count.
Replications run_replications(const Scenario& scenario, const ReplicationOptions& options);

}  // namespace mwaa
