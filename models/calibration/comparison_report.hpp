// Report pieces shared by `calibrate` and `validate`: per-series errors, the
// completion times, and the observed/simulated CSV.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/calibration/comparison_setup.hpp"

namespace mwaa::calibration {

// The opening fields of both reports: scenario, scenario_file, environment,
// period_seconds, window {start, end}, replications, seeds.
nlohmann::ordered_json comparison_header_json(const PreparedComparison& prepared);

// One object per compared series: Id, matched model series, metric, weight,
// scale, periods, then each labelled error set {"rmse", "mape"} (e.g.
// {"before", errors_before}, {"after", errors_after}).
nlohmann::ordered_json series_report_json(
    const ComparisonPlan& plan, const std::vector<std::pair<std::string, const std::vector<SeriesError>*>>& errors);

// {"observed_seconds", "observed_source", "<label>_seconds"...}: completion =
// last task end, seconds after the scenario's start.
nlohmann::ordered_json completion_json(const PreparedComparison& prepared,
                                       const std::vector<std::pair<std::string, double>>& simulated);

// "series,model_series,timestamp,observed,<label>..." one row per series per
// compared period; each label a SimulatedValues column.
std::string comparison_csv(const ComparisonPlan& plan,
                           const std::vector<std::pair<std::string, const SimulatedValues*>>& columns);

// "22m31.9s": seconds as a duration for text, to the tenth of a second.
std::string seconds_text(double seconds);
// "12.3" / "-" for text tables.
std::string fixed(std::optional<double> v, int decimals = 1);
// A text table of the series errors (RMSE, MAPE) under each label.
std::string series_table_text(const ComparisonPlan& plan,
                              const std::vector<std::pair<std::string, const std::vector<SeriesError>*>>& errors);

}  // namespace mwaa::calibration
