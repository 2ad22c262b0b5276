// Calibration: the model parameters that make a simulated run look like a
// recorded one (docs/calibration.md).
//
// Each fitted parameter is a factor on its starting value, searched in log
// space within [kMinFactor, kMaxFactor]. Every candidate is simulated with the
// same replication seeds (common random numbers) and the replications are
// averaged; Nelder-Mead searches first, then a Levenberg-Marquardt step with a
// finite-difference Jacobian refines where it lowers the objective; the final
// Jacobian gives the approximate uncertainty s^2 (J^T J)^-1.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/calibration/comparison_setup.hpp"
#include "models/calibration/fit_parameters.hpp"

namespace mwaa::calibration {

struct CalibrationOptions {
  ComparisonOptions comparison;
  std::string fit;          // "startup_overhead,provisioning_delay,..."
  int max_evaluations = 0;  // candidate points, each `replications` runs; 0: default_budget(n)
  // Called after each candidate point (done, budget); from the calling thread.
  std::function<void(int, int)> progress;
};

// 40 + 30 n points for n parameters: Nelder-Mead's share plus the
// Levenberg-Marquardt reserve.
int default_budget(std::size_t parameters);

struct FittedParameter {
  FitParameter param;
  double factor = 1;              // on the start
  double start_mean = 0;          // seconds
  double mean = 0;                // seconds, fitted
  std::optional<double> mean_sd;  // +- one standard deviation of the mean (approximate)
  std::optional<double> log_factor_sd;
  std::optional<double> task_instance_estimate;  // mean observed directly, when there is one
  bool at_bound = false;
};

struct CalibrationResult {
  PreparedComparison prepared;
  std::vector<FittedParameter> parameters;
  ModelParams fitted;  // the scenario's parameters with the fitted ones set
  SimulatedValues after;
  double objective_before = 0, objective_after = 0;
  std::vector<SeriesError> errors_before, errors_after;
  int budget = 0;
  int evaluations = 0;  // distinct candidate points simulated by the search (the start is simulated before it)
  int nelder_mead_evaluations = 0, lm_evaluations = 0, lm_steps_accepted = 0;
  bool nelder_mead_converged = false;
  std::string uncertainty_note;
  std::vector<std::string> warnings;  // prepared.warnings plus the fit's own
};

CalibrationResult calibrate(const Scenario& scenario, const ObservedData& observed,
                            const std::optional<TaskInstanceData>& task_instances, const CalibrationOptions& options);

}  // namespace mwaa::calibration
