// Statistics over replications: percentiles with distribution-free confidence
// intervals, the Wilson interval of a proportion, and the distribution of one
// metric. Values may be +infinity, meaning "never reached" (a replication that
// did not finish has an infinite completion time): they sort last, so a
// percentile that falls on them is infinite too, instead of being silently
// computed over the finished replications only.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mwaa {

// Percentile q in [0, 1] of `sorted` (ascending, non-empty): linear
// interpolation between order statistics (Hyndman-Fan type 7, the default of R
// and NumPy). Interpolating towards +infinity gives +infinity.
double percentile_sorted(const std::vector<double>& sorted, double q);

// A percentile with a 95 % confidence interval from order statistics: the
// ranks n*q -/+ 1.96*sqrt(n*q*(1-q)) (normal approximation of the binomial),
// rounded outwards. When a rank falls outside the sample the bound is the
// sample's min / max and *_open is set: the true bound may lie beyond it (too
// few replications for this percentile).
struct PercentileEstimate {
  double value = 0, lower = 0, upper = 0;
  bool lower_open = false, upper_open = false;
};

// Percentile q in [0, 1] of `values` with its confidence interval; all zero
// (and both bounds open) for no values.
PercentileEstimate percentile_with_ci(std::vector<double> values, double q);

// A proportion successes / n with its Wilson score 95 % interval (good for
// small n and for shares near 0 or 1, unlike the normal interval).
struct Proportion {
  int successes = 0, n = 0;
  double share = 0, lower = 0, upper = 1;
};
Proportion wilson_interval(int successes, int n, double z = 1.96);

struct MetricDistribution {
  std::string name;       // key, e.g. "completion_seconds"
  std::string label;      // for text, e.g. "completion"; defaults to name
  bool seconds = false;   // a duration in seconds (else a count)
  std::size_t count = 0;       // finite values
  std::size_t unfinished = 0;  // +infinity values: replications that never reached it
  double mean = 0, min = 0, max = 0;  // over the finite values
  PercentileEstimate p50, p90, p95, p99;
};

MetricDistribution describe_metric(const std::string& name, const std::vector<double>& values);

}  // namespace mwaa
