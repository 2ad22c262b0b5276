#include "models/calibration/objective.hpp"

#include <algorithm>
#include <cmath>

namespace mwaa::calibration {

Eigen::VectorXd residual_vector(const ComparisonPlan& plan, const SimulatedValues& sim) {
  std::size_t total = 0;
  for (const auto& m : plan.series) total += m.values.size();
  Eigen::VectorXd r(static_cast<Eigen::Index>(total));
  Eigen::Index at = 0;
  for (std::size_t s = 0; s < plan.series.size(); ++s) {
    const MatchedSeries& m = plan.series[s];
    const double factor = std::sqrt(m.weight / static_cast<double>(m.values.size())) / m.scale;
    for (std::size_t k = 0; k < m.values.size(); ++k) r[at++] = factor * (sim.values[s][k] - m.values[k]);
  }
  return r;
}

double objective_value(const ComparisonPlan& plan, const SimulatedValues& sim) {
  return residual_vector(plan, sim).squaredNorm();
}

std::vector<SeriesError> series_errors(const ComparisonPlan& plan, const SimulatedValues& sim) {
  std::vector<SeriesError> out;
  for (std::size_t s = 0; s < plan.series.size(); ++s) {
    const MatchedSeries& m = plan.series[s];
    SeriesError e;
    e.id = m.id();
    e.model_id = m.model_id;
    e.periods = m.values.size();
    double squares = 0, ape = 0;
    for (std::size_t k = 0; k < m.values.size(); ++k) {
      const double diff = sim.values[s][k] - m.values[k];
      squares += diff * diff;
      if (m.values[k] != 0) {
        ape += std::fabs(diff) / std::fabs(m.values[k]);
        ++e.nonzero_periods;
      }
    }
    const double n = static_cast<double>(std::max<std::size_t>(1, e.periods));
    e.rmse = std::sqrt(squares / n);
    if (e.nonzero_periods > 0) e.mape = 100 * ape / static_cast<double>(e.nonzero_periods);
    e.term = m.weight * squares / n / (m.scale * m.scale);
    e.weight = m.weight;
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<double> mean_mape(const std::vector<SeriesError>& errors) {
  double sum = 0, weights = 0;
  for (const auto& e : errors)
    if (e.mape && e.weight > 0) {
      sum += e.weight * *e.mape;
      weights += e.weight;
    }
  if (weights <= 0) return std::nullopt;
  return sum / weights;
}

}  // namespace mwaa::calibration
