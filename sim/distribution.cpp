#include "sim/distribution.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace sim {

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

bool finite_nonneg(double v) { return std::isfinite(v) && v >= 0; }

// z such that P(Z <= z) = 0.95 for a standard normal.
constexpr double kZ95 = 1.6448536269514722;

std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

Distribution Distribution::constant(double value) {
  require(finite_nonneg(value), "constant: value must be a finite number >= 0, got " + num(value));
  Distribution d;
  d.a_ = value;
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  require(finite_nonneg(low), "uniform: low must be a finite number >= 0, got " + num(low));
  require(std::isfinite(high) && high >= low, "uniform: high must be finite and >= low, got " + num(high));
  Distribution d;
  d.kind_ = Kind::Uniform;
  d.a_ = low;
  d.b_ = high;
  return d;
}

Distribution Distribution::normal(double mean, double stddev) {
  require(finite_nonneg(mean), "normal: mean must be a finite number >= 0, got " + num(mean));
  require(finite_nonneg(stddev), "normal: stddev must be a finite number >= 0, got " + num(stddev));
  Distribution d;
  d.kind_ = Kind::Normal;
  d.a_ = mean;
  d.b_ = stddev;
  return d;
}

Distribution Distribution::lognormal_mean_stddev(double mean, double stddev) {
  require(std::isfinite(mean) && mean > 0, "lognormal: mean must be a finite number > 0, got " + num(mean));
  require(finite_nonneg(stddev), "lognormal: stddev must be a finite number >= 0, got " + num(stddev));
  Distribution d;
  d.kind_ = Kind::Lognormal;
  // cv² would overflow for cv > ~1e154; there log1p(cv²) = 2·ln(cv) to double precision.
  const double cv = stddev / mean;
  const double sigma2 = cv > 1e150 ? 2 * std::log(cv) : std::log1p(cv * cv);
  d.a_ = std::log(mean) - sigma2 / 2;
  d.b_ = std::sqrt(sigma2);
  return d;
}

Distribution Distribution::lognormal_median_p95(double median, double p95) {
  require(std::isfinite(median) && median > 0, "lognormal: median must be a finite number > 0, got " + num(median));
  require(std::isfinite(p95) && p95 >= median, "lognormal: p95 must be finite and >= median, got " + num(p95));
  Distribution d;
  d.kind_ = Kind::Lognormal;
  d.a_ = std::log(median);
  d.b_ = (std::log(p95) - std::log(median)) / kZ95;
  return d;
}

Distribution Distribution::exponential(double mean) {
  require(finite_nonneg(mean), "exponential: mean must be a finite number >= 0, got " + num(mean));
  Distribution d;
  d.kind_ = Kind::Exponential;
  d.a_ = mean;
  return d;
}

Distribution Distribution::empirical(std::vector<double> samples) {
  require(!samples.empty(), "empirical: needs at least one sample");
  for (std::size_t i = 0; i < samples.size(); ++i)
    require(finite_nonneg(samples[i]),
            "empirical: sample " + std::to_string(i) + " must be a finite number >= 0, got " + num(samples[i]));
  Distribution d;
  d.kind_ = Kind::Empirical;
  d.samples_ = std::move(samples);
  return d;
}

double Distribution::sample(RandomStream& rng) const {
  switch (kind_) {
    case Kind::Constant: return a_;
    case Kind::Uniform: return rng.uniform(a_, b_);
    case Kind::Normal: {
      if (b_ == 0) return a_;
      for (;;) {
        const double v = a_ + b_ * rng.standard_normal();
        if (v >= 0) return v;
      }
    }
    case Kind::Lognormal: return std::exp(a_ + b_ * rng.standard_normal());
    case Kind::Exponential: return rng.exponential(a_);
    case Kind::Empirical: return samples_[rng.below(samples_.size())];
  }
  return a_;
}

Distribution Distribution::scaled(double factor) const {
  require(std::isfinite(factor) && factor > 0, "scaled: factor must be a finite number > 0, got " + num(factor));
  Distribution d = *this;
  switch (kind_) {
    case Kind::Constant: d.a_ = a_ * factor; break;
    case Kind::Uniform: d.a_ = a_ * factor; d.b_ = b_ * factor; break;
    case Kind::Normal: d.a_ = a_ * factor; d.b_ = b_ * factor; break;
    case Kind::Lognormal: d.a_ = a_ + std::log(factor); break;
    case Kind::Exponential: d.a_ = a_ * factor; break;
    case Kind::Empirical: for (double& v : d.samples_) v *= factor; break;
  }
  return d;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::Constant: return a_;
    case Kind::Uniform: return (a_ + b_) / 2;
    case Kind::Normal: return a_;
    case Kind::Lognormal: return std::exp(a_ + b_ * b_ / 2);
    case Kind::Exponential: return a_;
    case Kind::Empirical: {
      double s = 0;
      for (double v : samples_) s += v;
      return s / static_cast<double>(samples_.size());
    }
  }
  return a_;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case Kind::Constant: return num(a_);
    case Kind::Uniform: return "uniform(" + num(a_) + ", " + num(b_) + ")";
    case Kind::Normal: return "normal(mean=" + num(a_) + ", stddev=" + num(b_) + ")";
    case Kind::Lognormal:
      return "lognormal(median=" + num(std::exp(a_)) + ", p95=" + num(std::exp(a_ + kZ95 * b_)) + ")";
    case Kind::Exponential: return "exponential(mean=" + num(a_) + ")";
    case Kind::Empirical: return "empirical(" + std::to_string(samples_.size()) + " samples)";
  }
  return "?";
}

}  // namespace sim
