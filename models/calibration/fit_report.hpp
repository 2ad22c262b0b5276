// The calibration's fit report: as JSON (--report, --json), as text (stdout)
// and the per-period CSV (--report-csv). Layout: docs/calibration.md, "Outputs".
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "models/calibration/calibration.hpp"

namespace mwaa::calibration {

nlohmann::ordered_json fit_report_json(const CalibrationResult& result);
std::string format_fit_text(const CalibrationResult& result);
// series,model_series,timestamp,observed,simulated_start,simulated_fitted
std::string fit_report_csv(const CalibrationResult& result);

}  // namespace mwaa::calibration
