// Derivative-free minimisation for noisy simulation objectives: Nelder-Mead
// (reflection 1, expansion 2, contraction 1/2, shrink 1/2) in a box, every
// trial point clamped into it, with a hard budget of function evaluations.
#pragma once

#include <functional>

#include <Eigen/Dense>

namespace mwaa::calibration {

struct Box {
  Eigen::VectorXd lower, upper;
  Eigen::VectorXd clamp(const Eigen::VectorXd& x) const { return x.cwiseMax(lower).cwiseMin(upper); }
};

struct NelderMeadOptions {
  int max_evaluations = 100;  // including the n + 1 of the first simplex
  double initial_step = 0.5;  // simplex edge along each axis (away from the nearer bound)
  double x_tolerance = 0.02;  // stop when every vertex is this close to the best (max norm)
};

struct NelderMeadResult {
  Eigen::VectorXd x;
  double f = 0;
  int evaluations = 0;
  bool converged = false;  // the simplex shrank below x_tolerance (else the budget ran out)
};

NelderMeadResult nelder_mead(const std::function<double(const Eigen::VectorXd&)>& f, const Eigen::VectorXd& x0,
                             const Box& box, const NelderMeadOptions& options);

}  // namespace mwaa::calibration
