// evaluate_gate(): each target's value per replication, its percentile, the
// margin and the verdict.
#include "models/planning/gate.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace mwaa {

std::string to_string(GateVerdict v) {
  switch (v) {
    case GateVerdict::Pass: return "pass";
    case GateVerdict::Fail: return "fail";
    case GateVerdict::NotFinished: return "not_finished";
  }
  return "unknown";
}

namespace {

GateCheck judge(const std::string& name, sim::Time target, const std::vector<double>& seconds, double percentile) {
  GateCheck c;
  c.name = name;
  c.percentile = percentile;
  c.replications = static_cast<int>(seconds.size());
  c.target = target;
  c.estimate = percentile_with_ci(seconds, percentile / 100);
  if (std::isfinite(c.estimate.value)) {
    c.actual = sim::Time::from_seconds(c.estimate.value);
    c.margin = target - *c.actual;
    c.met = *c.actual <= target;
  }
  int met = 0;
  for (double v : seconds)
    if (std::isfinite(v) && sim::Time::from_seconds(v) <= target) ++met;
  c.replications_met = wilson_interval(met, c.replications);
  return c;
}

}  // namespace

GateResult evaluate_gate(const Scenario& scenario, const GateTargets& targets, const Replications& reps) {
  if (targets.empty()) throw std::invalid_argument("no target to check");
  if (!(targets.percentile > 0 && targets.percentile <= 100))
    throw std::invalid_argument("the percentile must be in (0, 100]");
  if (reps.summaries.empty()) throw std::invalid_argument("no replication to judge");

  GateResult g;
  g.scenario_name = scenario.name;
  g.scenario_file = scenario.source_file;
  g.seed = scenario.seed;
  g.time_limit = scenario.time_limit;
  g.replications = static_cast<int>(reps.summaries.size());
  g.percentile = targets.percentile;
  g.bottleneck = reps.summaries.front().main_bottleneck;

  std::vector<double> completion, queue_age;
  for (std::size_t i = 0; i < reps.summaries.size(); ++i) {
    const Summary& r = reps.summaries[i];
    if (!r.finished) {
      if (g.unfinished.empty()) g.stuck_report = r.stuck_report;
      g.unfinished.push_back(static_cast<int>(i));
    }
    completion.push_back(r.finished && r.completion ? r.completion->to_seconds()
                                                    : std::numeric_limits<double>::infinity());
    queue_age.push_back(r.peak_queue_age.value);
  }
  if (targets.completion) g.checks.push_back(judge("completion", *targets.completion, completion, targets.percentile));
  if (targets.max_queue_age)
    g.checks.push_back(judge("max_queue_age", *targets.max_queue_age, queue_age, targets.percentile));

  bool all_met = true;
  for (const GateCheck& c : g.checks) all_met = all_met && c.met;
  g.verdict = !g.unfinished.empty() ? GateVerdict::NotFinished : all_met ? GateVerdict::Pass : GateVerdict::Fail;
  return g;
}

}  // namespace mwaa
