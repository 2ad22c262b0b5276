// What calibrate and validate both do before judging a simulation against an
// export: match the series, estimate what the task instances show, find the
// observed completion, check that the export covers the run, and simulate
// the scenario as given (its own parameters) with the replication seeds.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/calibration/cloudwatch_input.hpp"
#include "models/calibration/objective.hpp"
#include "models/calibration/series_matching.hpp"
#include "models/calibration/simulated_series.hpp"
#include "models/calibration/task_instance_estimates.hpp"
#include "models/calibration/task_instance_input.hpp"
#include "models/scenario.hpp"

namespace mwaa::calibration {

struct ComparisonOptions {
  int replications = 3;
  std::optional<std::uint64_t> seed;  // default: the scenario's
  int threads = 0;                    // 0: all cores
  std::map<std::string, double> weights;
};

struct PreparedComparison {
  Scenario scenario;  // metrics period set from the export, DAGs compiled
  ComparisonPlan plan;
  std::vector<std::uint64_t> seeds;  // the common random numbers
  std::optional<TaskInstanceEstimates> task_instances;
  std::optional<double> observed_completion;  // seconds after the start
  std::string observed_completion_source;     // "task instances" | "metrics: <series>"
  SimulatedValues at_start;                   // the scenario's own parameters
  std::vector<std::string> warnings;          // inputs', plan's and estimates', in that order
};

// Throws InputError for unusable input (see plan_comparison, check_window).
PreparedComparison prepare_comparison(Scenario scenario, const ObservedData& observed,
                                      const std::optional<TaskInstanceData>& task_instances,
                                      const ComparisonOptions& options);

}  // namespace mwaa::calibration
