// Recorders: what a model measures while it runs.
//
//  Gauge    a level that changes at events (queue depth, running tasks,
//           workers), kept as its change points. Aggregates into fixed periods
//           the way CloudWatch aggregates 1-minute data: either from point
//           samples taken every `sample_interval` (SampleCount, Sum, Average,
//           Minimum, Maximum, as CloudWatch computes them from published
//           samples) or time-weighted (exact average and extremes).
//  Counter  increments at instants (e.g. tasks failed); sums per period.
//  Samples  a set of observations (latencies) with exact percentiles.
//
// Invariant: changes are recorded in non-decreasing time order (the engine's
// clock guarantees it); several changes at one instant keep only the last, as
// nothing can observe the level between them. Memory: 16 bytes per change.
// Aggregation over n periods is O(changes + n + samples).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/time.hpp"

namespace sim {

struct PeriodStats {
  double average = 0;
  double minimum = 0;
  double maximum = 0;
  double sum = 0;          // sampled: sum of samples; time-weighted: integral in value*seconds
  double sample_count = 0; // sampled: number of samples; time-weighted: 0
};

class Gauge {
 public:
  explicit Gauge(double initial = 0) : value_(initial) { points_.push_back({Time::zero(), initial}); }

  // Hot path (called at most events): inline; unchanged values cost a compare.
  void set(Time t, double value) {
    if (value == value_ && t >= points_.back().time) return;
    set_slow(t, value);
  }
  void add(Time t, double delta) { set(t, value_ + delta); }
  double value() const { return value_; }
  // Highest level in force at some instant, and the first instant it was. A
  // value overwritten at the same instant never was in force, so it does not
  // count (value_at(peak_time()) == peak()).
  double peak() const { return points_.back().value > peak_ ? points_.back().value : peak_; }
  Time peak_time() const { return points_.back().value > peak_ ? points_.back().time : peak_time_; }
  // Level in force at instant t (after every change at t).
  double value_at(Time t) const;
  // Integral of the level over [from, to), in value*seconds.
  double integral(Time from, Time to) const;
  double time_average(Time from, Time to) const;

  // n periods [start + i*period, start + (i+1)*period); samples at
  // start + k*sample_interval for every k >= 0 inside each period.
  // O(n + points): runs of samples over which the level is constant count at once.
  std::vector<PeriodStats> sampled(Time start, Time period, std::size_t n, Time sample_interval) const;
  // n periods, exact time-weighted average and extremes.
  std::vector<PeriodStats> time_weighted(Time start, Time period, std::size_t n) const;

  struct Point {
    Time time;
    double value;
  };
  const std::vector<Point>& points() const { return points_; }
  void reserve(std::size_t n) { points_.reserve(n); }

 private:
  void set_slow(Time t, double value);
  std::size_t index_at(Time t) const;  // last point with time <= t
  std::vector<Point> points_;
  double value_;
  // Peak over points_ except the last (which may still be overwritten).
  double peak_ = -std::numeric_limits<double>::infinity();
  Time peak_time_ = Time::zero();
};

class Counter {
 public:
  void add(Time t, double n = 1);
  double total() const { return total_; }
  std::vector<double> per_period(Time start, Time period, std::size_t n) const;

 private:
  std::vector<Gauge::Point> increments_;
  double total_ = 0;
};

// Invariant: holds no NaN (NaN has no order, so sorting would be undefined).
class Samples {
 public:
  // Throws std::invalid_argument for NaN; infinities are kept.
  void add(double v) {
    if (v != v) reject_nan("Samples::add");
    values_.push_back(v);
    sorted_ = false;
  }
  std::size_t count() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  // Quantile q in [0,1] by linear interpolation between order statistics
  // (Hyndman & Fan type 7, as numpy's default). 0 for an empty set; q is
  // clamped to [0,1]; a NaN q throws std::invalid_argument.
  double quantile(double q) const;
  double min() const { return quantile(0); }
  double max() const { return quantile(1); }
  double mean() const;
  void reserve(std::size_t n) { values_.reserve(n); }

 private:
  [[noreturn]] static void reject_nan(const char* where);
  mutable std::vector<double> values_;
  mutable bool sorted_ = true;
};

}  // namespace sim
