// One self-contained HTML report (no network resources: inline CSS and SVG)
// of a scenario's replications: running, queued and workers over time with
// the P5-P95 band across replications, executor RunningTasks, pool use, wave
// markers (planned and actual), the completion target line, a timeline of
// what held the work back, and the summary tables beside them. A sweep report
// shows completion P95 against each varied parameter and the cost frontier.
#pragma once

#include <string>
#include <vector>

#include "models/planning/replications.hpp"
#include "models/planning/sweep.hpp"
#include "models/result.hpp"
#include "models/scenario.hpp"

namespace mwaa {

// results: every replication's RunResult (replication 0 first); summaries the same runs'.
std::string html_report(const Scenario& scenario, const std::vector<RunResult>& results,
                        const std::vector<Summary>& summaries);
std::string html_sweep_report(const SweepTable& table, const std::string& title);

// Band of one gauge across replications at times 0, step, 2 step ... until end.
struct Band {
  std::vector<double> t, mean, p5, p95;
};
Band band_of(const std::vector<const sim::Gauge*>& gauges, sim::Time end, sim::Time step);

}  // namespace mwaa
