// Nelder-Mead and Levenberg-Marquardt on problems with known answers.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/calibration/levenberg_marquardt.hpp"
#include "models/calibration/nelder_mead.hpp"

using namespace mwaa::calibration;

namespace {

Box box(int n, double lo, double hi) { return {Eigen::VectorXd::Constant(n, lo), Eigen::VectorXd::Constant(n, hi)}; }

}  // namespace

TEST_CASE("Nelder-Mead finds the minimum of a shifted quadratic", "[calibration][optimizers]") {
  int calls = 0;
  const auto f = [&](const Eigen::VectorXd& x) {
    ++calls;
    return std::pow(x[0] - 1.1, 2) + 3 * std::pow(x[1] + 0.7, 2) + 0.5 * std::pow(x[2] - 0.2, 2);
  };
  NelderMeadOptions o;
  o.max_evaluations = 400;
  o.x_tolerance = 1e-4;
  const NelderMeadResult r = nelder_mead(f, Eigen::VectorXd::Zero(3), box(3, -3, 3), o);
  CHECK(r.converged);
  CHECK(r.x[0] == Approx(1.1).margin(1e-3));
  CHECK(r.x[1] == Approx(-0.7).margin(1e-3));
  CHECK(r.x[2] == Approx(0.2).margin(1e-3));
  CHECK(r.evaluations == calls);
  CHECK(r.evaluations <= 400);
}

TEST_CASE("Nelder-Mead stays in its box and within its budget", "[calibration][optimizers]") {
  const auto f = [](const Eigen::VectorXd& x) { return std::pow(x[0] - 5, 2) + std::pow(x[1] + 5, 2); };
  NelderMeadOptions o;
  o.max_evaluations = 60;
  const NelderMeadResult r = nelder_mead(f, Eigen::VectorXd::Zero(2), box(2, -1, 1), o);
  CHECK(r.evaluations <= 60);
  CHECK(r.x[0] == Approx(1).margin(1e-2));  // the minimum is outside: it ends on the bound
  CHECK(r.x[1] == Approx(-1).margin(1e-2));

  NelderMeadOptions tiny;
  tiny.max_evaluations = 2;  // less than the first simplex: the best of what was evaluated
  CHECK(nelder_mead(f, Eigen::VectorXd::Zero(2), box(2, -1, 1), tiny).evaluations == 2);
}

TEST_CASE("Nelder-Mead copes with a step-wise (noisy, simulated-like) objective", "[calibration][optimizers]") {
  // Rounded to 0.01: flat steps like a discrete-event simulation's output.
  const auto f = [](const Eigen::VectorXd& x) {
    return std::round(100 * (std::pow(x[0] - 0.8, 2) + std::pow(x[1] - std::log(0.5), 2))) / 100;
  };
  NelderMeadOptions o;
  o.max_evaluations = 120;
  const NelderMeadResult r = nelder_mead(f, Eigen::VectorXd::Zero(2), box(2, std::log(0.05), std::log(20)), o);
  CHECK(r.x[0] == Approx(0.8).margin(0.15));
  CHECK(r.x[1] == Approx(std::log(0.5)).margin(0.15));
}

TEST_CASE("Levenberg-Marquardt solves a nonlinear least-squares fit", "[calibration][optimizers]") {
  // y = a * exp(b t) sampled exactly at t = 0..9; start away from (2, -0.3).
  const ResidualFunction r = [](const Eigen::VectorXd& x) {
    Eigen::VectorXd out(10);
    for (int t = 0; t < 10; ++t) out[t] = x[0] * std::exp(x[1] * t) - 2 * std::exp(-0.3 * t);
    return out;
  };
  const Eigen::VectorXd x0 = Eigen::Vector2d(1.5, -0.2);
  LmOptions o;
  o.max_evaluations = 200;
  o.max_iterations = 30;
  o.difference_step = 1e-4;
  const LmResult res = levenberg_marquardt(r, x0, r(x0), box(2, -5, 5), o);
  CHECK(res.accepted_steps > 0);
  CHECK(res.x[0] == Approx(2).margin(1e-3));
  CHECK(res.x[1] == Approx(-0.3).margin(1e-3));
  CHECK(res.evaluations <= 200);
}

TEST_CASE("Levenberg-Marquardt never returns a worse point", "[calibration][optimizers]") {
  // Already at the minimum of |r|^2: every trial step is refused.
  const ResidualFunction r = [](const Eigen::VectorXd& x) {
    return Eigen::VectorXd(Eigen::Vector2d(x[0] - 1, x[1] + 2));
  };
  const Eigen::VectorXd x0 = Eigen::Vector2d(1, -2);
  const LmResult res = levenberg_marquardt(r, x0, r(x0), box(2, -5, 5), {});
  CHECK(res.x == x0);
  CHECK(res.jacobian_at_x);
}

TEST_CASE("uncertainty: s^2 (J^T J)^-1 of a linear regression", "[calibration][optimizers]") {
  // y = b0 + b1 t with residuals e: cov(b) = s^2 (X^T X)^-1, s^2 = |e|^2 / (m - 2).
  const int m = 6;
  Eigen::MatrixXd j(m, 2);
  Eigen::VectorXd e(m);
  const double noise[] = {0.1, -0.2, 0.05, 0.15, -0.1, 0.0};
  for (int i = 0; i < m; ++i) {
    j(i, 0) = 1;
    j(i, 1) = i;
    e[i] = noise[i];
  }
  const Uncertainty u = least_squares_uncertainty(j, e);
  const double s2 = e.squaredNorm() / (m - 2);
  const Eigen::MatrixXd cov = s2 * (j.transpose() * j).inverse();
  REQUIRE(u.sd[0]);
  REQUIRE(u.sd[1]);
  CHECK(*u.sd[0] == Approx(std::sqrt(cov(0, 0))));
  CHECK(*u.sd[1] == Approx(std::sqrt(cov(1, 1))));
  CHECK(u.residual_variance == Approx(s2));

  // A parameter the residuals do not depend on has no uncertainty to give.
  Eigen::MatrixXd flat = j;
  flat.col(1).setZero();
  const Uncertainty v = least_squares_uncertainty(flat, e);
  CHECK(v.sd[0]);
  CHECK_FALSE(v.sd[1]);
  CHECK_FALSE(v.note.empty());
}
