// Percentiles with confidence intervals and the Wilson interval, on data whose
// answers are computed by hand in the comments.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "models/planning/statistics.hpp"

using namespace mwaa;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<double> one_to(int n) {
  std::vector<double> v;
  for (int i = 1; i <= n; ++i) v.push_back(i);
  return v;
}
}  // namespace

TEST_CASE("percentile_sorted interpolates between order statistics (type 7)") {
  const std::vector<double> v = {1, 2, 3, 4};
  CHECK(percentile_sorted(v, 0.0) == 1);
  CHECK(percentile_sorted(v, 1.0) == 4);
  CHECK(percentile_sorted(v, 0.5) == Approx(2.5));  // rank 1.5
  CHECK(percentile_sorted(v, 0.9) == Approx(3.7));  // rank 2.7: 3 + 0.7 * (4 - 3)
  CHECK(percentile_sorted({42}, 0.95) == 42);
}

TEST_CASE("percentile_with_ci on 1..100") {
  // P50: value at rank 49.5 (0-based) = 50.5; half width 1.96 * sqrt(100 * .5 * .5) = 9.8,
  // ranks floor(50 - 9.8) = 40 and ceil(50 + 9.8) = 60 (1-based): values 40 and 60.
  const PercentileEstimate p50 = percentile_with_ci(one_to(100), 0.5);
  CHECK(p50.value == Approx(50.5));
  CHECK(p50.lower == 40);
  CHECK(p50.upper == 60);
  CHECK_FALSE(p50.lower_open);
  CHECK_FALSE(p50.upper_open);
  // P95: 1 + .95 * 99 = 95.05; half width 1.96 * sqrt(4.75) = 4.27: ranks 90 and 100.
  const PercentileEstimate p95 = percentile_with_ci(one_to(100), 0.95);
  CHECK(p95.value == Approx(95.05));
  CHECK(p95.lower == 90);
  CHECK(p95.upper == 100);
  CHECK_FALSE(p95.upper_open);
}

TEST_CASE("percentile_with_ci marks a bound beyond the sample as open") {
  // 20 values, P95: 1 + .95 * 19 = 19.05; half width 1.96 * sqrt(.95) = 1.91:
  // ranks floor(17.09) = 17 and ceil(20.91) = 21 > 20, so the upper bound is the max, open.
  const PercentileEstimate e = percentile_with_ci(one_to(20), 0.95);
  CHECK(e.value == Approx(19.05));
  CHECK(e.lower == 17);
  CHECK(e.upper == 20);
  CHECK_FALSE(e.lower_open);
  CHECK(e.upper_open);

  const PercentileEstimate none = percentile_with_ci({}, 0.5);
  CHECK(none.value == 0);
  CHECK(none.lower_open);
  CHECK(none.upper_open);
}

TEST_CASE("percentile_with_ci does not depend on the input order") {
  const std::vector<double> shuffled = {7, 3, 9, 1, 5, 2, 8, 6, 4, 10};
  const PercentileEstimate a = percentile_with_ci(shuffled, 0.9), b = percentile_with_ci(one_to(10), 0.9);
  CHECK(a.value == b.value);
  CHECK(a.lower == b.lower);
  CHECK(a.upper == b.upper);
}

TEST_CASE("infinite values (did not finish) sort last and are never averaged away") {
  const std::vector<double> v = {3, 1, kInf, 2};
  CHECK(percentile_with_ci(v, 0.5).value == Approx(2.5));           // rank 1.5 between 2 and 3
  CHECK(percentile_with_ci(v, 2.0 / 3.0).value == 3);               // exact rank 2: no 0 * inf
  CHECK(std::isinf(percentile_with_ci(v, 0.9).value));              // between 3 and inf
  CHECK(std::isinf(percentile_with_ci(v, 1.0).value));

  const MetricDistribution m = describe_metric("completion_seconds", v);
  CHECK(m.count == 3);
  CHECK(m.unfinished == 1);
  CHECK(m.mean == Approx(2.0));
  CHECK(m.min == 1);
  CHECK(m.max == 3);
  CHECK(std::isinf(m.p95.value));
}

TEST_CASE("Wilson interval") {
  // 8 of 10: centre (0.8 + 1.96^2 / 20) / (1 + 1.96^2 / 10) = 0.71674,
  // half 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.22658.
  const Proportion p = wilson_interval(8, 10);
  CHECK(p.share == Approx(0.8));
  CHECK(p.lower == Approx(0.490157).epsilon(1e-5));
  CHECK(p.upper == Approx(0.943319).epsilon(1e-5));
  // 0 of 10: [0, 1.96^2/10 / (1 + 1.96^2/10)] = [0, 0.27754]; 10 of 10 mirrors it.
  const Proportion none = wilson_interval(0, 10);
  CHECK(none.lower == Approx(0).margin(1e-12));
  CHECK(none.upper == Approx(0.277540).epsilon(1e-5));
  const Proportion all = wilson_interval(10, 10);
  CHECK(all.lower == Approx(0.722460).epsilon(1e-5));
  CHECK(all.upper == 1);
  // 47 of 50.
  const Proportion most = wilson_interval(47, 50);
  CHECK(most.lower == Approx(0.837827).epsilon(1e-5));
  CHECK(most.upper == Approx(0.979385).epsilon(1e-5));
  // Nothing observed: the whole range.
  const Proportion empty = wilson_interval(0, 0);
  CHECK(empty.lower == 0);
  CHECK(empty.upper == 1);
}
