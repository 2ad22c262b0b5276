#include "models/calibration/fit_report.hpp"

#include <cmath>

#include "models/calibration/comparison_report.hpp"
#include "models/calibration/model_block.hpp"
#include "models/report/iso_time.hpp"

namespace mwaa::calibration {

namespace {

using J = nlohmann::ordered_json;

J optional_number(std::optional<double> v) { return v ? J(*v) : J(nullptr); }

const char* const kUncertaintyNote =
    "approximate: +- one standard deviation from s^2 (J^T J)^-1 with a finite-difference Jacobian of the noisy, "
    "replication-averaged simulation at the end point, propagated to the mean by the delta method";

const char* const kObjective =
    "sum over series of weight x mean over compared periods of ((simulated - observed) / max(1, max observed))^2";

std::string value_text(const FittedParameter& p, const ModelParams& fitted) {
  ModelParams copy = fitted;
  if (p.param.is_distribution) return find_distribution_param(copy, p.param.key)->describe();
  return sim::format_duration(*find_duration_param(copy, p.param.key));
}

}  // namespace

J fit_report_json(const CalibrationResult& r) {
  const PreparedComparison& prep = r.prepared;
  J j = comparison_header_json(prep);
  j["search"] = {{"space", "log factor on each parameter's start"},
                 {"bounds", J::array({kMinFactor, kMaxFactor})},
                 {"budget", r.budget},
                 {"distinct_points_simulated", r.evaluations},
                 {"nelder_mead_evaluations", r.nelder_mead_evaluations},
                 {"nelder_mead_converged", r.nelder_mead_converged},
                 {"levenberg_marquardt_evaluations", r.lm_evaluations},
                 {"levenberg_marquardt_steps_accepted", r.lm_steps_accepted}};
  j["objective"] = {{"definition", kObjective}, {"before", r.objective_before}, {"after", r.objective_after}};

  const J block = model_block_json(r.fitted, [&] {
    std::vector<FitParameter> fit;
    for (const auto& p : r.parameters) fit.push_back(p.param);
    return fit;
  }());
  J params = J::array();
  for (const auto& p : r.parameters) {
    J x;
    x["key"] = p.param.key;
    if (p.param.requested != p.param.key) x["requested_as"] = p.param.requested;
    x["kind"] = p.param.is_distribution ? "distribution" : "duration";
    x["factor"] = p.factor;
    x["start_mean_seconds"] = p.start_mean;
    x["mean_seconds"] = p.mean;
    x["mean_stddev_seconds"] = optional_number(p.mean_sd);
    x["factor_interval_1sd"] =
        p.log_factor_sd ? J::array({p.factor * std::exp(-*p.log_factor_sd), p.factor * std::exp(*p.log_factor_sd)})
                        : J(nullptr);
    x["value"] = block["model"][p.param.key];
    x["described"] = value_text(p, r.fitted);
    x["task_instance_estimate_mean_seconds"] = optional_number(p.task_instance_estimate);
    x["at_bound"] = p.at_bound;
    params.push_back(std::move(x));
  }
  j["parameters"] = std::move(params);
  j["uncertainty"] = {{"method", kUncertaintyNote}, {"note", r.uncertainty_note}};
  j["model"] = block["model"];
  j["series"] = series_report_json(prep.plan, {{"before", &r.errors_before}, {"after", &r.errors_after}});
  j["mean_mape_percent"] = {{"before", optional_number(mean_mape(r.errors_before))},
                            {"after", optional_number(mean_mape(r.errors_after))}};
  j["completion"] = completion_json(
      prep, {{"simulated_before", prep.at_start.completion_mean}, {"simulated_after", r.after.completion_mean}});
  j["task_instances"] = prep.task_instances ? estimates_json(*prep.task_instances) : J(nullptr);
  j["warnings"] = r.warnings;
  return j;
}

std::string format_fit_text(const CalibrationResult& r) {
  const PreparedComparison& prep = r.prepared;
  std::string out = "Calibration of " + prep.scenario.name + " (" + prep.scenario.source_file + ") against " +
                    std::to_string(prep.plan.series.size()) + " series, " + std::to_string(prep.plan.period_seconds) +
                    " s periods, " + iso_utc_seconds(prep.plan.window_start) + " to " +
                    iso_utc_seconds(prep.plan.window_end) + "\n";
  out += "  " + std::to_string(prep.seeds.size()) + " replications per point (common seeds), " +
         std::to_string(r.evaluations) + " points simulated of a budget of " + std::to_string(r.budget) +
         "; Nelder-Mead " + (r.nelder_mead_converged ? "converged" : "stopped at its budget") +
         ", Levenberg-Marquardt " + std::to_string(r.lm_steps_accepted) + " step(s) accepted\n";
  out += "  objective " + fixed(r.objective_before, 4) + " -> " + fixed(r.objective_after, 4) + "; mean MAPE " +
         fixed(mean_mape(r.errors_before), 1) + " % -> " + fixed(mean_mape(r.errors_after), 1) + " %\n\n";
  out += "Parameters (+- one standard deviation of the mean, approximate)\n";
  for (const auto& p : r.parameters) {
    out += "  " + p.param.key + ": mean " + fixed(p.mean, 3) + " s" +
           (p.mean_sd ? " +- " + fixed(*p.mean_sd, 3) + " s" : std::string(" (+- n/a)")) + " (x" + fixed(p.factor, 3) +
           " of " + fixed(p.start_mean, 3) + " s) = " + value_text(p, r.fitted);
    if (p.task_instance_estimate) out += "; task instances show " + fixed(*p.task_instance_estimate, 3) + " s";
    out += p.at_bound ? " [AT BOUND]\n" : "\n";
  }
  if (!r.uncertainty_note.empty()) out += "  (" + r.uncertainty_note + ")\n";
  out += "\nSeries (RMSE in the series' units; MAPE over periods with a nonzero observation)\n";
  out += series_table_text(prep.plan, {{"before", &r.errors_before}, {"after", &r.errors_after}});
  out += "\nCompletion (last task end after the start)\n";
  out +=
      "  observed   " +
      (prep.observed_completion ? seconds_text(*prep.observed_completion) + " (" + prep.observed_completion_source + ")"
                                : std::string("unknown")) +
      "\n";
  out += "  simulated  " + seconds_text(prep.at_start.completion_mean) + " before, " +
         seconds_text(r.after.completion_mean) + " after\n";
  if (prep.task_instances) {
    const auto& t = *prep.task_instances;
    out += "\nTask instances (" + std::to_string(t.tries) + " tries, " + std::to_string(t.workers) + " workers)\n";
    out += "  queued -> start  mean " + fixed(t.queue_wait.mean, 2) + " s, P50 " + fixed(t.queue_wait.p50, 2) +
           " s, P95 " + fixed(t.queue_wait.p95, 2) + " s, max " + fixed(t.queue_wait.max, 2) + " s\n";
    out += "  start-up overhead " +
           (t.startup_overhead_mean ? fixed(*t.startup_overhead_mean, 3) + " s (" + t.startup_note + ")"
                                    : t.startup_note) +
           "\n";
    out += "  durations: " + std::to_string(t.tasks_compared) + " tasks compared, " +
           std::to_string(t.differing.size()) + " differ from the scenario by more than " +
           std::to_string(static_cast<int>(kDurationTolerance * 100)) + " %\n";
  }
  if (!r.warnings.empty()) {
    out += "\nWarnings\n";
    for (const auto& w : r.warnings) out += "  - " + w + "\n";
  }
  return out;
}

std::string fit_report_csv(const CalibrationResult& r) {
  return comparison_csv(r.prepared.plan, {{"simulated_start", &r.prepared.at_start}, {"simulated_fitted", &r.after}});
}

}  // namespace mwaa::calibration
