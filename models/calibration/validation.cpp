#include "models/calibration/validation.hpp"

#include "models/calibration/comparison_report.hpp"
#include "models/report/iso_time.hpp"

namespace mwaa::calibration {

namespace {

using J = nlohmann::ordered_json;

J optional_number(std::optional<double> v) { return v ? J(*v) : J(nullptr); }

}  // namespace

ValidationResult validate_run(const Scenario& scenario, const ObservedData& observed,
                              const std::optional<TaskInstanceData>& task_instances, const ComparisonOptions& options) {
  ValidationResult out;
  out.prepared = prepare_comparison(scenario, observed, task_instances, options);
  out.errors = series_errors(out.prepared.plan, out.prepared.at_start);
  out.mean_mape = mean_mape(out.errors);
  out.objective = objective_value(out.prepared.plan, out.prepared.at_start);
  return out;
}

J validation_report_json(const ValidationResult& r, std::optional<double> max_mape) {
  const PreparedComparison& prep = r.prepared;
  J j = comparison_header_json(prep);
  j["objective"] = r.objective;
  j["mean_mape_percent"] = optional_number(r.mean_mape);
  j["max_mape_percent"] = optional_number(max_mape);
  j["passed"] = !max_mape || (r.mean_mape && *r.mean_mape <= *max_mape);
  j["series"] = series_report_json(prep.plan, {{"simulated", &r.errors}});
  j["completion"] = completion_json(prep, {{"simulated", prep.at_start.completion_mean}});
  j["task_instances"] = prep.task_instances ? estimates_json(*prep.task_instances) : J(nullptr);
  j["warnings"] = prep.warnings;
  return j;
}

std::string format_validation_text(const ValidationResult& r, std::optional<double> max_mape) {
  const PreparedComparison& prep = r.prepared;
  std::string out = "Validation of " + prep.scenario.name + " (" + prep.scenario.source_file + ") against " +
                    std::to_string(prep.plan.series.size()) + " series, " + std::to_string(prep.plan.period_seconds) +
                    " s periods, " + iso_utc_seconds(prep.plan.window_start) + " to " +
                    iso_utc_seconds(prep.plan.window_end) + ", " + std::to_string(prep.seeds.size()) +
                    " replications\n";
  out += "  objective " + fixed(r.objective, 4) + "; mean MAPE " + fixed(r.mean_mape, 1) + " %";
  if (max_mape)
    out += " (bound " + fixed(*max_mape, 1) + " %: " + ((r.mean_mape && *r.mean_mape <= *max_mape) ? "pass" : "FAIL") +
           ")";
  out += "\n\nSeries (RMSE in the series' units; MAPE over periods with a nonzero observation)\n";
  out += series_table_text(prep.plan, {{"simulated", &r.errors}});
  out += "\nCompletion (last task end after the start)\n";
  out +=
      "  observed   " +
      (prep.observed_completion ? seconds_text(*prep.observed_completion) + " (" + prep.observed_completion_source + ")"
                                : std::string("unknown")) +
      "\n";
  out += "  simulated  " + seconds_text(prep.at_start.completion_mean) + "\n";
  if (!prep.warnings.empty()) {
    out += "\nWarnings\n";
    for (const auto& w : prep.warnings) out += "  - " + w + "\n";
  }
  return out;
}

std::string validation_csv(const ValidationResult& r) {
  return comparison_csv(r.prepared.plan, {{"simulated", &r.prepared.at_start}});
}

}  // namespace mwaa::calibration
