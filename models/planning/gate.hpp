// The CI gate (`mwaa-sim check`): judges replications of a scenario against
// its targets. Completion is judged at a percentile over the replications (a
// replication that did not finish counts as never completing), the queue-age
// target against the peak ApproximateAgeOfOldestTask at the same percentile.
// The verdict is Pass when every target holds, Fail when one is missed, and
// NotFinished when any replication did not finish: then the scenario (or its
// time limit) is what needs fixing, not the capacity, and the gate cannot
// vouch for the result either way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/planning/replications.hpp"
#include "models/planning/statistics.hpp"
#include "models/result.hpp"
#include "models/scenario.hpp"
#include "sim/time.hpp"

namespace mwaa {

struct GateTargets {
  std::optional<sim::Time> completion;     // first trigger to last task end
  std::optional<sim::Time> max_queue_age;  // peak ApproximateAgeOfOldestTask
  double percentile = 95;                  // over replications, for both targets
  bool empty() const { return !completion && !max_queue_age; }
};

struct GateCheck {
  std::string name;      // "completion" | "max_queue_age"
  double percentile = 95;
  int replications = 1;  // 1: the single value is judged, whatever the percentile
  sim::Time target{0};
  PercentileEstimate estimate;       // seconds over the replications; +infinity = did not finish
  std::optional<sim::Time> actual;   // the estimate; none when it falls on replications that did not finish
  std::optional<sim::Time> margin;   // target - actual: >= 0 met, < 0 missed
  bool met = false;
  Proportion replications_met;       // replications meeting the target on their own
};

enum class GateVerdict { Pass, Fail, NotFinished };
std::string to_string(GateVerdict v);  // "pass" | "fail" | "not_finished"

struct GateResult {
  std::string scenario_name, scenario_file;
  std::uint64_t seed = 0;
  sim::Time time_limit{0};
  int replications = 0;
  double percentile = 95;
  std::vector<GateCheck> checks;     // completion first, then max_queue_age
  std::vector<int> unfinished;       // replication indices
  std::string stuck_report;          // of the first unfinished replication
  std::optional<HoldReason> bottleneck;  // replication 0's main bottleneck
  GateVerdict verdict = GateVerdict::Pass;
};

// reps must hold at least one replication. Throws std::invalid_argument when
// `targets` is empty or the percentile is outside (0, 100].
GateResult evaluate_gate(const Scenario& scenario, const GateTargets& targets, const Replications& reps);

// A duration as the gate prints it: whole seconds, the seconds zero-padded
// after minutes ("4m01s", "1h00m05s", "29s", "1m"); with tenths = true
// rounded to 0.1 s instead ("4.2s", "1m02.5s").
std::string gate_duration_text(sim::Time t, bool tenths);
// "P95 6m12s, 1m42s over the 4m30s target", "P95 4m01s, 29s under the 4m30s
// target", "P95 4m30s, exactly the 4m30s target"; no "P95 " for a single
// replication. Targets under a minute are shown to 0.1 s; a margin that would
// round to zero is shown exactly.
std::string margin_text(const GateCheck& c);

// The verdict, one line per target, the main bottleneck and its remedy.
std::string format_gate_text(const GateResult& g);
// {"verdict", "scenario", "seed", "replications", "percentile", "finished",
//  "unfinished_replications", "targets": [{"name", "percentile", "target_seconds",
//  "actual_seconds", "ci95_seconds", "ci95_open", "margin_seconds", "met", "replications_met",
//  "text"}], "bottleneck": {"reason", "description", "remedy", "replication"} | null}
nlohmann::ordered_json gate_to_json(const GateResult& g);

}  // namespace mwaa
