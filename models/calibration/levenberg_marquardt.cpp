#include "models/calibration/levenberg_marquardt.hpp"

#include <algorithm>
#include <cmath>

namespace mwaa::calibration {

namespace {

// Relative eigenvalue below which J^T J is treated as singular.
constexpr double kSingular = 1e-10;

}  // namespace

Eigen::MatrixXd finite_difference_jacobian(const ResidualFunction& residuals, const Eigen::VectorXd& x,
                                           const Eigen::VectorXd& r, const Box& box, double step, int* evaluations) {
  Eigen::MatrixXd j(r.size(), x.size());
  for (Eigen::Index k = 0; k < x.size(); ++k) {
    const bool room_up = x[k] + step <= box.upper[k];
    const bool room_down = x[k] - step >= box.lower[k];
    Eigen::VectorXd up = x, down = x;
    up[k] += step;
    down[k] -= step;
    if (room_up && room_down) {
      const Eigen::VectorXd ru = residuals(up), rd = residuals(down);
      *evaluations += 2;
      j.col(k) = (ru - rd) / (2 * step);
    } else if (room_up) {
      j.col(k) = (residuals(up) - r) / step;
      *evaluations += 1;
    } else {
      j.col(k) = (r - residuals(down)) / step;
      *evaluations += 1;
    }
  }
  return j;
}

LmResult levenberg_marquardt(const ResidualFunction& residuals, const Eigen::VectorXd& x0, const Eigen::VectorXd& r0,
                             const Box& box, const LmOptions& options) {
  LmResult out;
  out.x = x0;
  out.r = r0;
  const auto n = x0.size();
  const int jacobian_cost = static_cast<int>(2 * n);
  if (options.max_evaluations < jacobian_cost) return out;
  out.jacobian = finite_difference_jacobian(residuals, out.x, out.r, box, options.difference_step, &out.evaluations);
  out.jacobian_at_x = true;
  double f = out.r.squaredNorm();
  double lambda = options.initial_lambda;
  for (int it = 0; it < options.max_iterations; ++it) {
    const Eigen::MatrixXd a = out.jacobian.transpose() * out.jacobian;
    const Eigen::VectorXd g = out.jacobian.transpose() * out.r;
    const double floor = std::max(1e-12, 1e-9 * a.diagonal().maxCoeff());
    bool accepted = false;
    // Up to four dampings per iteration; each costs one evaluation.
    for (int attempt = 0; attempt < 4 && out.evaluations < options.max_evaluations; ++attempt) {
      Eigen::MatrixXd damped = a;
      for (Eigen::Index k = 0; k < n; ++k) damped(k, k) += lambda * std::max(a(k, k), floor);
      const Eigen::VectorXd delta = damped.ldlt().solve(-g);
      const Eigen::VectorXd xn = box.clamp(out.x + delta);
      if ((xn - out.x).cwiseAbs().maxCoeff() < 1e-6) break;  // nowhere left to go
      const Eigen::VectorXd rn = residuals(xn);
      ++out.evaluations;
      const double fn = rn.squaredNorm();
      if (fn < f) {
        out.x = xn;
        out.r = rn;
        f = fn;
        lambda = std::max(1e-7, lambda / 10);
        accepted = true;
        break;
      }
      lambda *= 10;
    }
    if (!accepted) break;
    ++out.accepted_steps;
    if (out.evaluations + jacobian_cost > options.max_evaluations) {
      out.jacobian_at_x = false;  // the budget ends here: the last Jacobian is one step old
      break;
    }
    out.jacobian = finite_difference_jacobian(residuals, out.x, out.r, box, options.difference_step, &out.evaluations);
  }
  return out;
}

Uncertainty least_squares_uncertainty(const Eigen::MatrixXd& jacobian, const Eigen::VectorXd& r) {
  Uncertainty u;
  const auto m = jacobian.rows(), n = jacobian.cols();
  u.sd.assign(static_cast<std::size_t>(n), std::nullopt);
  if (m <= n) {
    u.note = "fewer compared periods than parameters: no uncertainty";
    return u;
  }
  u.residual_variance = r.squaredNorm() / static_cast<double>(m - n);
  const Eigen::MatrixXd a = jacobian.transpose() * jacobian;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(a);
  const Eigen::VectorXd values = eig.eigenvalues();
  const Eigen::MatrixXd vectors = eig.eigenvectors();
  const double top = values.cwiseAbs().maxCoeff();
  if (!(top > 0)) {
    u.note = "the compared series do not change with any fitted parameter: no uncertainty";
    return u;
  }
  Eigen::MatrixXd inverse = Eigen::MatrixXd::Zero(n, n);
  std::vector<bool> unidentified(static_cast<std::size_t>(n), false);
  for (Eigen::Index k = 0; k < n; ++k) {
    if (values[k] > kSingular * top) {
      inverse += vectors.col(k) * vectors.col(k).transpose() / values[k];
    } else {
      // A direction the data do not constrain: every parameter in it is undetermined.
      for (Eigen::Index i = 0; i < n; ++i)
        if (std::fabs(vectors(i, k)) > 1e-3) unidentified[static_cast<std::size_t>(i)] = true;
    }
  }
  for (Eigen::Index i = 0; i < n; ++i)
    if (!unidentified[static_cast<std::size_t>(i)])
      u.sd[static_cast<std::size_t>(i)] = std::sqrt(std::max(0.0, u.residual_variance * inverse(i, i)));
  bool any_missing = false;
  for (const auto& s : u.sd) any_missing = any_missing || !s;
  if (any_missing)
    u.note = "some parameters are not determined by the compared series (J^T J singular in their direction)";
  return u;
}

}  // namespace mwaa::calibration
