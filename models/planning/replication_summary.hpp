// What N replications of a scenario say: completion time, every peak and the
// task waits as P50/P90/P95/P99 with 95 % confidence intervals, and the share
// of replications that met each target (Wilson interval). Text and JSON are
// made from the ReplicationSummary only, so they always agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/planning/statistics.hpp"
#include "models/scenario.hpp"
#include "sim/time.hpp"

namespace mwaa {

struct Replications;

// A target met by a share of the replications (each judged on its own value).
struct TargetShare {
  std::string name;  // "completion" | "max_queue_age"
  sim::Time target{0};
  Proportion met;
};

struct ReplicationSummary {
  std::string scenario_name;
  std::vector<std::string> warnings;  // the scenario's assumptions, as a single run reports them
  std::uint64_t base_seed = 0;  // the scenario's seed: replication 0's seed, and the root of the others
  int replications = 0;
  int finished = 0;
  std::vector<int> unfinished;  // indices of the replications that did not finish
  // Completion (+infinity for an unfinished replication: its percentiles are
  // "not finished" rather than computed over the finished ones only), the
  // peaks, the task waits, then one peak per pool (last, so the metrics of two
  // scenarios with different pools line up by index).
  std::vector<MetricDistribution> metrics;
  std::vector<TargetShare> targets;  // the scenario's targets, in order completion, max_queue_age
  // The completion target's share and its Wilson interval again (as in
  // `targets`), for callers that only look at completion.
  std::optional<double> target_met_share;
  double share_lower = 0, share_upper = 0;
};

ReplicationSummary summarize_replications(const Scenario& scenario, const Replications& reps);
// Stable key order; seconds and counts rounded to 3 decimals; an infinite value is null.
nlohmann::ordered_json replication_summary_to_json(const ReplicationSummary& s);
std::string format_replication_summary(const ReplicationSummary& s);

}  // namespace mwaa
