// The simulated counterpart of every compared observed point: the scenario is
// simulated once per seed, cut into CloudWatch series by the exporter
// (cloudwatch_series, with each statistic the export uses), read at the
// planned periods and averaged over the seeds. The same seeds for every
// candidate parameter set are calibration's common random numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "models/calibration/series_matching.hpp"
#include "models/scenario.hpp"

namespace mwaa::calibration {

struct SimulatedValues {
  // values[s][k]: plan series s, compared point k, mean over the seeds.
  std::vector<std::vector<double>> values;
  double completion_mean = 0;  // last task end, seconds after the start, mean over the seeds
  int unfinished = 0;          // runs that hit the scenario's time limit
};

// Replication seeds as `run --replications` derives them (replication 0 = seed).
std::vector<std::uint64_t> replication_seeds(std::uint64_t seed, int replications);

// Runs the seeds on up to `threads` threads (0: all cores); the result does
// not depend on the thread count. Runs shorter than the observed window are
// read past their end with the gauges' final values (the system at rest).
SimulatedValues simulate_plan(const Scenario& scenario, const ComparisonPlan& plan,
                              const std::vector<std::uint64_t>& seeds, int threads = 0);

}  // namespace mwaa::calibration
