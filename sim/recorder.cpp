#include "sim/recorder.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace sim {

void Gauge::set_slow(Time t, double value) {
  if (t < points_.back().time) throw std::logic_error("Gauge::set: time went backwards");
  if (t == points_.back().time) {
    points_.back().value = value;
  } else if (value != value_) {
    // The previous last point is final now; only final points feed peak_.
    if (points_.back().value > peak_) {
      peak_ = points_.back().value;
      peak_time_ = points_.back().time;
    }
    points_.push_back({t, value});
  }
  value_ = value;
}

std::size_t Gauge::index_at(Time t) const {
  auto it = std::upper_bound(points_.begin(), points_.end(), t,
                             [](Time x, const Point& p) { return x < p.time; });
  return it == points_.begin() ? 0 : static_cast<std::size_t>(it - points_.begin()) - 1;
}

double Gauge::value_at(Time t) const {
  if (t < points_.front().time) return points_.front().value;
  return points_[index_at(t)].value;
}

double Gauge::integral(Time from, Time to) const {
  if (to <= from) return 0;
  double area = 0;
  std::size_t i = index_at(from);
  Time cursor = from;
  while (cursor < to) {
    const Time next = i + 1 < points_.size() ? std::min(points_[i + 1].time, to) : to;
    const double level = cursor < points_[i].time ? points_.front().value : points_[i].value;
    area += level * (next - cursor).to_seconds();
    cursor = next;
    ++i;
  }
  return area;
}

double Gauge::time_average(Time from, Time to) const {
  if (to <= from) return value_at(from);
  return integral(from, to) / (to - from).to_seconds();
}

std::vector<PeriodStats> Gauge::sampled(Time start, Time period, std::size_t n, Time sample_interval) const {
  if (period.us <= 0 || sample_interval.us <= 0) throw std::invalid_argument("Gauge::sampled: period and interval must be > 0");
  std::vector<PeriodStats> out(n);
  std::size_t i = index_at(start);
  Time sample = start;
  for (std::size_t p = 0; p < n; ++p) {
    const Time end = start + period * static_cast<std::int64_t>(p + 1);
    PeriodStats& s = out[p];
    bool first = true;
    // A run of samples over which the gauge does not change counts at once:
    // O(periods + points), not O(samples) (a decade of 5 s samples is 6*10^7).
    while (sample < end) {
      while (i + 1 < points_.size() && points_[i + 1].time <= sample) ++i;
      const double v = sample < points_.front().time ? points_.front().value : points_[i].value;
      const Time until = i + 1 < points_.size() ? std::min(end, points_[i + 1].time) : end;
      const std::int64_t k = (until.us - sample.us + sample_interval.us - 1) / sample_interval.us;  // >= 1
      s.sum += v * static_cast<double>(k);
      s.sample_count += static_cast<double>(k);
      s.minimum = first ? v : std::min(s.minimum, v);
      s.maximum = first ? v : std::max(s.maximum, v);
      first = false;
      sample += sample_interval * k;
    }
    s.average = s.sample_count > 0 ? s.sum / s.sample_count : 0;
  }
  return out;
}

std::vector<PeriodStats> Gauge::time_weighted(Time start, Time period, std::size_t n) const {
  if (period.us <= 0) throw std::invalid_argument("Gauge::time_weighted: period must be > 0");
  std::vector<PeriodStats> out(n);
  for (std::size_t p = 0; p < n; ++p) {
    const Time from = start + period * static_cast<std::int64_t>(p);
    const Time to = from + period;
    PeriodStats& s = out[p];
    s.sum = integral(from, to);
    s.average = s.sum / period.to_seconds();
    s.minimum = s.maximum = value_at(from);
    for (std::size_t i = index_at(from) + 1; i < points_.size() && points_[i].time < to; ++i) {
      s.minimum = std::min(s.minimum, points_[i].value);
      s.maximum = std::max(s.maximum, points_[i].value);
    }
  }
  return out;
}

void Counter::add(Time t, double n) {
  if (!increments_.empty() && t < increments_.back().time) throw std::logic_error("Counter::add: time went backwards");
  increments_.push_back({t, n});
  total_ += n;
}

std::vector<double> Counter::per_period(Time start, Time period, std::size_t n) const {
  std::vector<double> out(n, 0.0);
  if (period.us <= 0) throw std::invalid_argument("Counter::per_period: period must be > 0");
  for (const auto& inc : increments_) {
    if (inc.time < start) continue;
    const auto p = static_cast<std::size_t>((inc.time - start).us / period.us);
    if (p < n) out[p] += inc.value;
  }
  return out;
}

void Samples::reject_nan(const char* where) {
  throw std::invalid_argument(std::string(where) + ": NaN is not a value");
}

double Samples::quantile(double q) const {
  if (q != q) reject_nan("Samples::quantile");
  if (values_.empty()) return 0;
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
  q = std::clamp(q, 0.0, 1.0);
  const double h = q * static_cast<double>(values_.size() - 1);
  const auto lo = static_cast<std::size_t>(h);
  const std::size_t hi = std::min(lo + 1, values_.size() - 1);
  const double frac = h - static_cast<double>(lo);
  // Exact order statistics and ties return as they are, so infinities (runs
  // that never finished) do not turn into inf - inf = NaN.
  if (frac == 0 || values_[lo] == values_[hi]) return values_[lo];
  return values_[lo] + frac * (values_[hi] - values_[lo]);
}

double Samples::mean() const {
  if (values_.empty()) return 0;
  double s = 0;
  for (double v : values_) s += v;
  return s / static_cast<double>(values_.size());
}

}  // namespace sim
