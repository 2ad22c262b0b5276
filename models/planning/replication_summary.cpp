// summarize_replications(): one value per replication for each metric, then
// its distribution. Values are gathered in replication order, so the summary
// does not depend on which thread ran which replication.
#include <limits>

#include "models/planning/replications.hpp"

namespace mwaa {

namespace {

constexpr double kNotFinished = std::numeric_limits<double>::infinity();

struct Column {
  std::string name, label;
  bool seconds = false;
  std::vector<double> values;
};

double pool_peak(const Summary& r, const std::string& pool) {
  for (const PoolSummary& p : r.pools)
    if (p.name == pool) return p.peak_occupied.value;
  return 0;
}

}  // namespace

ReplicationSummary summarize_replications(const Scenario& scenario, const Replications& reps) {
  ReplicationSummary s;
  s.scenario_name = scenario.name;
  s.warnings = scenario.warnings;
  s.base_seed = scenario.seed;
  s.replications = static_cast<int>(reps.summaries.size());

  std::vector<Column> cols = {
      {"completion_seconds", "completion", true, {}},
      {"peak_tasks_running", "peak tasks running", false, {}},
      {"peak_executor_running_tasks", "peak executor RunningTasks", false, {}},
      {"peak_sqs_queued_tasks", "peak SQS QueuedTasks", false, {}},
      {"peak_queue_age_seconds", "peak queue age", true, {}},
      {"peak_workers", "peak workers", false, {}},
      {"peak_workers_desired", "peak workers desired", false, {}},
  };
  const std::size_t waits = cols.size();
  cols.push_back({"scheduled_to_queued_p95_seconds", "wait scheduled->queued P95", true, {}});
  cols.push_back({"queued_to_start_p95_seconds", "wait queued->start P95", true, {}});
  const std::size_t first_pool = cols.size();
  for (const PoolSpec& p : scenario.pools)
    cols.push_back({"peak_pool_" + p.name + "_occupied_slots", "peak " + p.name + " slots used", false, {}});

  int completion_met = 0, queue_age_met = 0;
  for (std::size_t i = 0; i < reps.summaries.size(); ++i) {
    const Summary& r = reps.summaries[i];
    if (r.finished) ++s.finished;
    else s.unfinished.push_back(static_cast<int>(i));
    cols[0].values.push_back(r.finished && r.completion ? r.completion->to_seconds() : kNotFinished);
    cols[1].values.push_back(r.peak_tasks_executing.value);
    cols[2].values.push_back(r.peak_executor_running.value);
    cols[3].values.push_back(r.peak_sqs_queued.value);
    cols[4].values.push_back(r.peak_queue_age.value);
    cols[5].values.push_back(r.peak_workers.value);
    cols[6].values.push_back(r.peak_workers_desired.value);
    for (std::size_t p = 0; p < scenario.pools.size(); ++p)
      cols[first_pool + p].values.push_back(pool_peak(r, scenario.pools[p].name));
    cols[waits].values.push_back(r.scheduled_to_queued.p95);
    cols[waits + 1].values.push_back(r.queued_to_start.p95);
    // A replication that did not finish misses the completion target.
    if (scenario.targets.completion && r.finished && r.completion && *r.completion <= *scenario.targets.completion)
      ++completion_met;
    if (scenario.targets.max_queue_age &&
        sim::Time::from_seconds(r.peak_queue_age.value) <= *scenario.targets.max_queue_age)
      ++queue_age_met;
  }
  for (const Column& c : cols) {
    MetricDistribution m = describe_metric(c.name, c.values);
    m.label = c.label;
    m.seconds = c.seconds;
    s.metrics.push_back(std::move(m));
  }
  if (scenario.targets.completion) {
    s.targets.push_back({"completion", *scenario.targets.completion, wilson_interval(completion_met, s.replications)});
    s.target_met_share = s.targets.back().met.share;
    s.share_lower = s.targets.back().met.lower;
    s.share_upper = s.targets.back().met.upper;
  }
  if (scenario.targets.max_queue_age)
    s.targets.push_back({"max_queue_age", *scenario.targets.max_queue_age, wilson_interval(queue_age_met, s.replications)});
  return s;
}

}  // namespace mwaa
