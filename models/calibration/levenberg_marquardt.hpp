// Levenberg-Marquardt refinement of a least-squares fit whose residuals come
// from a (noisy) simulation: a finite-difference Jacobian (central where the
// box allows, one-sided at a bound) with a step wide enough to see through
// the simulation's discreteness, damped Gauss-Newton steps kept only when they
// lower |r|^2, and a hard evaluation budget. Also the approximate parameter
// covariance s^2 (J^T J)^-1 at the end point.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "models/calibration/nelder_mead.hpp"

namespace mwaa::calibration {

using ResidualFunction = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;

struct LmOptions {
  int max_evaluations = 20;
  int max_iterations = 3;        // accepted steps
  double difference_step = 0.1;  // finite-difference step in x
  double initial_lambda = 1e-2;
};

struct LmResult {
  Eigen::VectorXd x;         // the end point (x0 when no step lowered |r|^2)
  Eigen::VectorXd r;         // its residuals
  Eigen::MatrixXd jacobian;  // at x, when jacobian_at_x
  bool jacobian_at_x = false;
  int evaluations = 0;
  int accepted_steps = 0;
};

// Starts from x0 with residuals r0 (already known: not re-evaluated).
LmResult levenberg_marquardt(const ResidualFunction& residuals, const Eigen::VectorXd& x0, const Eigen::VectorXd& r0,
                             const Box& box, const LmOptions& options);

// Forward/central differences of `residuals` at x (2 evaluations per column
// inside the box, 1 at a bound).
Eigen::MatrixXd finite_difference_jacobian(const ResidualFunction& residuals, const Eigen::VectorXd& x,
                                           const Eigen::VectorXd& r, const Box& box, double step, int* evaluations);

// cov = s^2 (J^T J)^-1 with s^2 = |r|^2 / (m - n): the standard deviation of
// each x (nullopt where J^T J is singular in that direction: the data do not
// determine the parameter), computed on the identifiable subspace.
struct Uncertainty {
  std::vector<std::optional<double>> sd;
  double residual_variance = 0;
  std::string note;  // why it is missing, when it is
};
Uncertainty least_squares_uncertainty(const Eigen::MatrixXd& jacobian, const Eigen::VectorXd& r);

}  // namespace mwaa::calibration
