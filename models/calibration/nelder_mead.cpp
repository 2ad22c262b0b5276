#include "models/calibration/nelder_mead.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

namespace mwaa::calibration {

namespace {

constexpr double kReflect = 1.0, kExpand = 2.0, kContract = 0.5, kShrink = 0.5;

// Thrown inside the search when the budget is spent: the best point so far is the answer.
struct BudgetSpent {};

class Counted {
 public:
  Counted(const std::function<double(const Eigen::VectorXd&)>& f, int budget) : f_(f), budget_(budget) {}
  double operator()(const Eigen::VectorXd& x) {
    if (used_ >= budget_) throw BudgetSpent{};
    ++used_;
    return f_(x);
  }
  int used() const { return used_; }

 private:
  const std::function<double(const Eigen::VectorXd&)>& f_;
  int budget_;
  int used_ = 0;
};

}  // namespace

NelderMeadResult nelder_mead(const std::function<double(const Eigen::VectorXd&)>& f, const Eigen::VectorXd& x0,
                             const Box& box, const NelderMeadOptions& options) {
  const auto n = static_cast<std::size_t>(x0.size());
  Counted eval(f, std::max(1, options.max_evaluations));
  std::vector<Eigen::VectorXd> x;
  std::vector<double> fx;
  NelderMeadResult best;
  best.x = box.clamp(x0);
  best.f = std::numeric_limits<double>::infinity();
  auto remember = [&](const Eigen::VectorXd& p, double v) {
    if (v < best.f) {
      best.f = v;
      best.x = p;
    }
  };
  try {
    x.push_back(box.clamp(x0));
    fx.push_back(eval(x[0]));
    remember(x[0], fx[0]);
    for (std::size_t i = 0; i < n; ++i) {
      Eigen::VectorXd p = x[0];
      const auto k = static_cast<Eigen::Index>(i);
      // Step away from the nearer bound, so the vertex is not clamped back.
      const bool up = box.upper[k] - p[k] >= p[k] - box.lower[k];
      p[k] += up ? options.initial_step : -options.initial_step;
      p = box.clamp(p);
      x.push_back(p);
      fx.push_back(eval(p));
      remember(p, fx.back());
    }
    std::vector<std::size_t> order(n + 1);
    while (true) {
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fx[a] < fx[b]; });
      std::vector<Eigen::VectorXd> xs;
      std::vector<double> fs;
      for (std::size_t i : order) {
        xs.push_back(x[i]);
        fs.push_back(fx[i]);
      }
      x = std::move(xs);
      fx = std::move(fs);
      double size = 0;
      for (std::size_t i = 1; i <= n; ++i) size = std::max(size, (x[i] - x[0]).cwiseAbs().maxCoeff());
      if (size < options.x_tolerance) {
        best.converged = true;
        break;
      }
      Eigen::VectorXd centroid = Eigen::VectorXd::Zero(x0.size());
      for (std::size_t i = 0; i < n; ++i) centroid += x[i];
      centroid /= static_cast<double>(n);
      const Eigen::VectorXd& worst = x[n];
      const Eigen::VectorXd xr = box.clamp(centroid + kReflect * (centroid - worst));
      const double fr = eval(xr);
      remember(xr, fr);
      if (fr < fx[0]) {
        const Eigen::VectorXd xe = box.clamp(centroid + kExpand * (xr - centroid));
        const double fe = eval(xe);
        remember(xe, fe);
        if (fe < fr) {
          x[n] = xe;
          fx[n] = fe;
        } else {
          x[n] = xr;
          fx[n] = fr;
        }
        continue;
      }
      if (fr < fx[n - 1]) {
        x[n] = xr;
        fx[n] = fr;
        continue;
      }
      const bool outside = fr < fx[n];
      const Eigen::VectorXd xc = box.clamp(outside ? Eigen::VectorXd(centroid + kContract * (xr - centroid))
                                                   : Eigen::VectorXd(centroid + kContract * (worst - centroid)));
      const double fc = eval(xc);
      remember(xc, fc);
      if (fc < std::min(fr, fx[n])) {
        x[n] = xc;
        fx[n] = fc;
        continue;
      }
      for (std::size_t i = 1; i <= n; ++i) {
        x[i] = box.clamp(x[0] + kShrink * (x[i] - x[0]));
        fx[i] = eval(x[i]);
        remember(x[i], fx[i]);
      }
    }
  } catch (const BudgetSpent&) {
    // The budget is spent: the best point evaluated so far stands.
  }
  best.evaluations = eval.used();
  return best;
}

}  // namespace mwaa::calibration
