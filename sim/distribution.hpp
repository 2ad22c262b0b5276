// Distributions declared as data: a kind plus parameters, validated when made.
//
// Values are in the caller's unit (the models use seconds). Every factory
// throws std::invalid_argument naming the bad parameter; a constructed
// Distribution always samples a finite value >= 0 (durations and delays are
// never negative: the normal is truncated at 0 by rejection, which accepts at
// least half the draws because the mean must be >= 0).
#pragma once

#include <string>
#include <vector>

#include "sim/random.hpp"

namespace sim {

class Distribution {
 public:
  enum class Kind { Constant, Uniform, Normal, Lognormal, Exponential, Empirical };

  Distribution() = default;  // constant 0
  static Distribution constant(double value);
  static Distribution uniform(double low, double high);
  static Distribution normal(double mean, double stddev);  // truncated at 0
  static Distribution lognormal_mean_stddev(double mean, double stddev);
  static Distribution lognormal_median_p95(double median, double p95);
  static Distribution exponential(double mean);
  static Distribution empirical(std::vector<double> samples);  // resampled uniformly

  double sample(RandomStream& rng) const;
  // The same shape with every value multiplied by factor (> 0): the mean and
  // every quantile scale by factor. Calibration fits such factors.
  Distribution scaled(double factor) const;
  // Analytic mean (for the truncated normal: of the untruncated normal).
  double mean() const;
  Kind kind() const { return kind_; }
  bool is_constant() const { return kind_ == Kind::Constant; }
  // A short human form, e.g. "lognormal(mean=3, stddev=1)".
  std::string describe() const;
  // Parameters as stored: constant(a), uniform(a=low,b=high), normal(a=mean,b=sd),
  // lognormal(a=mu,b=sigma of the log), exponential(a=mean).
  double a() const { return a_; }
  double b() const { return b_; }
  const std::vector<double>& samples() const { return samples_; }

 private:
  Kind kind_ = Kind::Constant;
  double a_ = 0;
  double b_ = 0;
  std::vector<double> samples_;
};

}  // namespace sim
