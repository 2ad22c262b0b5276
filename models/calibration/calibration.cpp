#include "models/calibration/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "models/calibration/levenberg_marquardt.hpp"
#include "models/calibration/nelder_mead.hpp"

namespace mwaa::calibration {

namespace {

// Simulates candidate points (log factors) and remembers them: clamping makes
// Nelder-Mead revisit boundary points, and the same point must cost one
// simulation only. Counts every request against the budget for progress.
class Evaluator {
 public:
  Evaluator(const PreparedComparison& prepared, const std::vector<FitParameter>& fit, const CalibrationOptions& options,
            int budget)
      : prepared_(prepared), fit_(fit), options_(options), budget_(budget), work_(prepared.scenario) {}

  const SimulatedValues& at(const Eigen::VectorXd& x) {
    ++requests_;
    const std::vector<double> key(x.data(), x.data() + x.size());
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      std::vector<double> factors;
      for (double v : key) factors.push_back(std::exp(v));
      work_.model = prepared_.scenario.model;
      apply_factors(work_.model, fit_, factors);
      it =
          cache_.emplace(key, simulate_plan(work_, prepared_.plan, prepared_.seeds, options_.comparison.threads)).first;
    }
    if (options_.progress) options_.progress(std::min(requests_, budget_), budget_);
    return it->second;
  }
  void seed(const Eigen::VectorXd& x, const SimulatedValues& values) {
    cache_.emplace(std::vector<double>(x.data(), x.data() + x.size()), values);
  }
  int distinct() const { return static_cast<int>(cache_.size()); }

 private:
  const PreparedComparison& prepared_;
  const std::vector<FitParameter>& fit_;
  const CalibrationOptions& options_;
  const int budget_;
  Scenario work_;  // the scenario whose model each candidate overwrites
  std::map<std::vector<double>, SimulatedValues> cache_;
  int requests_ = 0;
};

}  // namespace

int default_budget(std::size_t parameters) { return 40 + 30 * static_cast<int>(parameters); }

CalibrationResult calibrate(const Scenario& scenario, const ObservedData& observed,
                            const std::optional<TaskInstanceData>& task_instances, const CalibrationOptions& options) {
  const std::vector<FitParameter> fit = resolve_fit_parameters(options.fit, scenario.model);
  CalibrationResult out;
  out.prepared = prepare_comparison(scenario, observed, task_instances, options.comparison);
  out.warnings = out.prepared.warnings;
  const PreparedComparison& prep = out.prepared;
  const auto n = static_cast<Eigen::Index>(fit.size());
  out.budget = options.max_evaluations > 0 ? options.max_evaluations : default_budget(fit.size());

  Box box{Eigen::VectorXd::Constant(n, std::log(kMinFactor)), Eigen::VectorXd::Constant(n, std::log(kMaxFactor))};
  Evaluator eval(prep, fit, options, out.budget);
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(n);
  eval.seed(zero, prep.at_start);  // the scenario's own parameters, simulated already

  // Start where the task instances point, for what they show directly.
  Eigen::VectorXd x0 = zero;
  std::vector<std::optional<double>> ti_estimate(fit.size());
  for (std::size_t i = 0; i < fit.size(); ++i)
    if (fit[i].key == "task_startup_overhead" && prep.task_instances && prep.task_instances->startup_overhead_mean &&
        *prep.task_instances->startup_overhead_mean > 0) {
      ti_estimate[i] = *prep.task_instances->startup_overhead_mean;
      const double factor = std::clamp(*ti_estimate[i] / fit[i].start_mean(), kMinFactor, kMaxFactor);
      x0[static_cast<Eigen::Index>(i)] = std::log(factor);
    }

  // Nelder-Mead gets the budget less the Levenberg-Marquardt reserve (two
  // Jacobians and a few trial steps).
  const int lm_reserve = std::min(out.budget / 2, static_cast<int>(4 * n + 3));
  NelderMeadOptions nm;
  nm.max_evaluations = std::max(static_cast<int>(n + 1), out.budget - lm_reserve);
  const auto objective = [&](const Eigen::VectorXd& x) { return objective_value(prep.plan, eval.at(x)); };
  const NelderMeadResult found = nelder_mead(objective, x0, box, nm);
  out.nelder_mead_evaluations = found.evaluations;
  out.nelder_mead_converged = found.converged;

  const ResidualFunction residuals = [&](const Eigen::VectorXd& x) { return residual_vector(prep.plan, eval.at(x)); };
  LmOptions lm;
  lm.max_evaluations = std::max(0, out.budget - found.evaluations);
  const LmResult refined =
      levenberg_marquardt(residuals, found.x, residual_vector(prep.plan, eval.at(found.x)), box, lm);
  out.lm_evaluations = refined.evaluations;
  out.lm_steps_accepted = refined.accepted_steps;
  out.evaluations = eval.distinct() - 1;  // the scenario's own parameters were simulated before the search

  // A search started from the task instances' estimate may end worse than the
  // scenario's own parameters: never report a fit worse than no fit.
  Eigen::VectorXd best = refined.x;
  out.objective_before = objective_value(prep.plan, prep.at_start);
  const bool start_wins = objective_value(prep.plan, eval.at(best)) > out.objective_before;
  if (start_wins) {
    best = zero;
    out.warnings.push_back("no point the search found beats the scenario's own parameters: they are kept");
  }
  out.after = eval.at(best);
  out.objective_after = objective_value(prep.plan, out.after);
  out.errors_before = series_errors(prep.plan, prep.at_start);
  out.errors_after = series_errors(prep.plan, out.after);

  Uncertainty u;
  if (refined.jacobian.size() > 0 && !start_wins) {
    u = least_squares_uncertainty(refined.jacobian, refined.r);
    if (!refined.jacobian_at_x)
      u.note += (u.note.empty() ? "" : "; ") + std::string("Jacobian from one step before the end point");
  } else {
    u.sd.assign(fit.size(), std::nullopt);
    u.note = start_wins ? "the scenario's own parameters are kept: no uncertainty"
                        : "evaluation budget too small for a Jacobian: no uncertainty";
  }
  out.uncertainty_note = u.note;

  out.fitted = prep.scenario.model;
  std::vector<double> factors;
  for (Eigen::Index i = 0; i < n; ++i) factors.push_back(std::exp(best[i]));
  apply_factors(out.fitted, fit, factors);
  for (std::size_t i = 0; i < fit.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    FittedParameter p;
    p.param = fit[i];
    p.factor = factors[i];
    p.start_mean = fit[i].start_mean();
    ModelParams copy = out.fitted;
    p.mean = fit[i].is_distribution ? find_distribution_param(copy, fit[i].key)->mean()
                                    : find_duration_param(copy, fit[i].key)->to_seconds();
    p.log_factor_sd = u.sd[i];
    // Delta method: sd(mean) = mean x sd(log factor).
    if (u.sd[i]) p.mean_sd = p.mean * *u.sd[i];
    p.task_instance_estimate = ti_estimate[i];
    p.at_bound = best[k] <= box.lower[k] + 1e-9 || best[k] >= box.upper[k] - 1e-9;
    if (p.at_bound)
      out.warnings.push_back(fit[i].key + " ended at the search bound (" +
                             nlohmann::json(best[k] > 0 ? kMaxFactor : kMinFactor).dump() +
                             "x its start): the data push it further than the model can explain");
    out.parameters.push_back(std::move(p));
  }
  if (out.after.unfinished > 0)
    out.warnings.push_back(std::to_string(out.after.unfinished) + " of " + std::to_string(prep.seeds.size()) +
                           " runs with the fitted parameters did not finish within the scenario's time limit");
  return out;
}

}  // namespace mwaa::calibration
