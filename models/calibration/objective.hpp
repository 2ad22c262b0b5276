// How far a simulation is from the observed run.
//
// For each compared series s with n_s compared periods, weight w_s and scale
// c_s = max(1, max observed value):
//     objective = sum_s  w_s * (1/n_s) * sum_k ((sim_sk - obs_sk) / c_s)^2
// i.e. the mean squared error per period, normalised by the series' scale, one
// equal vote per series (w_s = 1) unless --weight says otherwise. The
// residual vector r_sk = sqrt(w_s / n_s) * (sim_sk - obs_sk) / c_s has
// |r|^2 = objective; Levenberg-Marquardt works on it.
// Reported per series, in the series' own units: RMSE over the compared
// periods and MAPE over those with a nonzero observation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "models/calibration/series_matching.hpp"
#include "models/calibration/simulated_series.hpp"

namespace mwaa::calibration {

Eigen::VectorXd residual_vector(const ComparisonPlan& plan, const SimulatedValues& sim);
double objective_value(const ComparisonPlan& plan, const SimulatedValues& sim);

struct SeriesError {
  std::string id, model_id;
  std::size_t periods = 0;          // compared
  std::size_t nonzero_periods = 0;  // of them, with a nonzero observation (MAPE's)
  double rmse = 0;                  // series units
  std::optional<double> mape;       // percent; nullopt when every observation is 0
  double term = 0;                  // this series' share of the objective
  double weight = 1;                // the series' weight in the objective
};
std::vector<SeriesError> series_errors(const ComparisonPlan& plan, const SimulatedValues& sim);

// Mean of the series' MAPEs weighted as in the objective (one equal vote per
// series unless --weight says otherwise); series without a nonzero
// observation, or with weight 0, are left out.
std::optional<double> mean_mape(const std::vector<SeriesError>& errors);

}  // namespace mwaa::calibration
