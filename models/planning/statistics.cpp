#include "models/planning/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace mwaa {

double percentile_sorted(const std::vector<double>& v, double q) {
  const double h = std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1);  // 0-based fractional rank
  const auto lo = static_cast<std::size_t>(h);
  const double frac = h - static_cast<double>(lo);
  // Exact ranks and equal neighbours return the order statistic itself, so
  // infinity never meets 0 * inf = NaN.
  if (frac == 0 || lo + 1 >= v.size() || v[lo] == v[lo + 1]) return v[lo];
  if (std::isinf(v[lo + 1])) return v[lo + 1];
  return v[lo] + frac * (v[lo + 1] - v[lo]);
}

PercentileEstimate percentile_with_ci(std::vector<double> v, double q) {
  PercentileEstimate e;
  if (v.empty()) {
    e.lower_open = e.upper_open = true;
    return e;
  }
  std::sort(v.begin(), v.end());
  q = std::clamp(q, 0.0, 1.0);
  const double n = static_cast<double>(v.size());
  e.value = percentile_sorted(v, q);
  const double half = 1.96 * std::sqrt(n * q * (1 - q));
  const double lo_rank = std::floor(n * q - half), hi_rank = std::ceil(n * q + half);  // 1-based
  e.lower_open = lo_rank < 1;
  e.upper_open = hi_rank > n;
  e.lower = v[static_cast<std::size_t>(std::clamp(lo_rank, 1.0, n)) - 1];
  e.upper = v[static_cast<std::size_t>(std::clamp(hi_rank, 1.0, n)) - 1];
  // The interpolated value may lie outside the rank interval for extreme q.
  e.lower = std::min(e.lower, e.value);
  e.upper = std::max(e.upper, e.value);
  return e;
}

Proportion wilson_interval(int successes, int n, double z) {
  Proportion p;
  p.successes = successes;
  p.n = n;
  if (n <= 0) return p;  // nothing observed: share 0, interval [0, 1]
  const double nn = n, share = successes / nn, z2 = z * z;
  const double denom = 1 + z2 / nn;
  const double centre = (share + z2 / (2 * nn)) / denom;
  const double half = z * std::sqrt(share * (1 - share) / nn + z2 / (4 * nn * nn)) / denom;
  p.share = share;
  p.lower = std::max(0.0, centre - half);
  p.upper = std::min(1.0, centre + half);
  return p;
}

MetricDistribution describe_metric(const std::string& name, const std::vector<double>& values) {
  MetricDistribution m;
  m.name = name;
  m.label = name;
  double sum = 0;
  bool any = false;
  for (double v : values) {
    if (std::isinf(v)) {
      ++m.unfinished;
      continue;
    }
    ++m.count;
    sum += v;
    m.min = any ? std::min(m.min, v) : v;
    m.max = any ? std::max(m.max, v) : v;
    any = true;
  }
  if (m.count > 0) m.mean = sum / static_cast<double>(m.count);
  m.p50 = percentile_with_ci(values, 0.50);
  m.p90 = percentile_with_ci(values, 0.90);
  m.p95 = percentile_with_ci(values, 0.95);
  m.p99 = percentile_with_ci(values, 0.99);
  return m;
}

}  // namespace mwaa
