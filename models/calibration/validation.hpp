// Validation: the calibration's comparison on a run not used for fitting,
// with the calibrated parameters laid over the scenario (`mwaa-sim validate`).
// Report only; the caller judges the mean MAPE against a bound.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/calibration/comparison_setup.hpp"

namespace mwaa::calibration {

struct ValidationResult {
  PreparedComparison prepared;  // prepared.at_start: the scenario with the given parameters
  std::vector<SeriesError> errors;
  std::optional<double> mean_mape;  // percent, mean over series with a nonzero observation
  double objective = 0;
};

ValidationResult validate_run(const Scenario& scenario, const ObservedData& observed,
                              const std::optional<TaskInstanceData>& task_instances, const ComparisonOptions& options);

nlohmann::ordered_json validation_report_json(const ValidationResult& result, std::optional<double> max_mape);
std::string format_validation_text(const ValidationResult& result, std::optional<double> max_mape);
// series,model_series,timestamp,observed,simulated
std::string validation_csv(const ValidationResult& result);

}  // namespace mwaa::calibration
