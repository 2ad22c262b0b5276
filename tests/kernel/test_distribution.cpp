// sim/distribution: validated factories and sampling with the right moments.
//
// Statistical checks use a fixed seed and bounds of 5 standard errors (the
// standard error of the sample standard deviation is estimated from the
// sample's own fourth moment), so they are deterministic and not fragile, yet
// an off-by-a-parameter bug (say sigma instead of sigma^2) fails by far.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/random.hpp"

using sim::Distribution;
using sim::RandomStream;

namespace {

constexpr int kDraws = 200000;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Moments {
  double mean, sd, se_mean, se_sd, min, max;
};

std::vector<double> draw(const Distribution& d, std::uint64_t seed, int n = kDraws) {
  RandomStream rng(seed, "distribution-test");
  std::vector<double> v(n);
  for (auto& x : v) x = d.sample(rng);
  return v;
}

Moments moments(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  double s = 0;
  for (double x : v) s += x;
  const double mean = s / n;
  double m2 = 0, m4 = 0;
  for (double x : v) {
    const double d = x - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m4 /= n;
  const double sd = std::sqrt(m2);
  // Var(s^2) ~ (m4 - m2^2)/n; delta method: se(s) = se(s^2) / (2 s).
  const double se_sd = sd > 0 ? std::sqrt((m4 - m2 * m2) / n) / (2 * sd) : 0;
  return {mean, sd, sd / std::sqrt(n), se_sd, *std::min_element(v.begin(), v.end()),
          *std::max_element(v.begin(), v.end())};
}

void check_moments(const Distribution& d, double mean, double sd, std::uint64_t seed) {
  const auto m = moments(draw(d, seed));
  INFO(d.describe() << ": sample mean " << m.mean << " (expected " << mean << " +- " << 5 * m.se_mean
                    << "), sample sd " << m.sd << " (expected " << sd << " +- " << 5 * m.se_sd << ")");
  CHECK(std::fabs(m.mean - mean) < 5 * m.se_mean);
  CHECK(std::fabs(m.sd - sd) < 5 * m.se_sd);
  CHECK(m.min >= 0);
  CHECK(std::isfinite(m.max));
}

double fraction_at_or_below(const std::vector<double>& v, double x) {
  return static_cast<double>(std::count_if(v.begin(), v.end(), [x](double s) { return s <= x; })) /
         static_cast<double>(v.size());
}

double phi(double z) { return std::exp(-z * z / 2) / std::sqrt(2 * M_PI); }
double Phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

TEST_CASE("Constant distribution", "[kernel][distribution]") {
  RandomStream rng(1);
  const Distribution d = Distribution::constant(3.5);
  CHECK(d.is_constant());
  CHECK(d.kind() == Distribution::Kind::Constant);
  for (int i = 0; i < 100; ++i) REQUIRE(d.sample(rng) == 3.5);
  CHECK(d.mean() == 3.5);
  const Distribution zero;
  CHECK(zero.sample(rng) == 0.0);
  CHECK(zero.mean() == 0.0);
  CHECK(Distribution::constant(0).sample(rng) == 0.0);
}

TEST_CASE("Uniform distribution", "[kernel][distribution]") {
  const Distribution d = Distribution::uniform(2, 5);
  CHECK(d.mean() == 3.5);
  check_moments(d, 3.5, 3 / std::sqrt(12.0), 1);
  const auto v = draw(d, 2, 20000);
  CHECK(*std::min_element(v.begin(), v.end()) >= 2.0);
  CHECK(*std::max_element(v.begin(), v.end()) < 5.0);
  // Degenerate interval.
  RandomStream rng(3);
  CHECK(Distribution::uniform(4, 4).sample(rng) == 4.0);
}

TEST_CASE("Normal distribution far from zero: untruncated moments", "[kernel][distribution]") {
  const Distribution d = Distribution::normal(10, 2);
  CHECK(d.mean() == 10);
  CHECK(d.a() == 10);
  CHECK(d.b() == 2);
  check_moments(d, 10, 2, 4);
  // Symmetry: about half below the mean.
  const auto v = draw(d, 5);
  CHECK(std::fabs(fraction_at_or_below(v, 10) - 0.5) < 5 * std::sqrt(0.25 / kDraws));
}

TEST_CASE("Normal distribution is truncated at zero (by rejection)", "[kernel][distribution]") {
  SECTION("never negative, even with the mean at zero and a large spread") {
    for (const auto& d : {Distribution::normal(0, 1), Distribution::normal(0.5, 3), Distribution::normal(1, 100)}) {
      const auto v = draw(d, 6, 50000);
      CHECK(*std::min_element(v.begin(), v.end()) >= 0.0);
    }
  }
  SECTION("mean 0: the half-normal") {
    check_moments(Distribution::normal(0, 1), std::sqrt(2 / M_PI), std::sqrt(1 - 2 / M_PI), 7);
  }
  SECTION("mean 1, sd 2: the truncated-normal moments") {
    const double mu = 1, sigma = 2, alpha = (0 - mu) / sigma;
    const double lambda = phi(alpha) / (1 - Phi(alpha));
    const double mean = mu + sigma * lambda;
    const double var = sigma * sigma * (1 + alpha * lambda - lambda * lambda);
    check_moments(Distribution::normal(mu, sigma), mean, std::sqrt(var), 8);
  }
  SECTION("zero stddev is the constant mean") {
    RandomStream rng(9);
    CHECK(Distribution::normal(2.5, 0).sample(rng) == 2.5);
  }
}

TEST_CASE("Lognormal from mean and stddev", "[kernel][distribution]") {
  const Distribution d = Distribution::lognormal_mean_stddev(3, 1);
  CHECK(d.kind() == Distribution::Kind::Lognormal);
  CHECK(d.mean() == Approx(3).epsilon(1e-12));
  // Parameters of the log: sigma^2 = ln(1 + (sd/mean)^2), mu = ln(mean) - sigma^2/2.
  const double sigma2 = std::log(1 + 1.0 / 9);
  CHECK(d.b() == Approx(std::sqrt(sigma2)).epsilon(1e-12));
  CHECK(d.a() == Approx(std::log(3.0) - sigma2 / 2).epsilon(1e-12));
  check_moments(d, 3, 1, 10);
  // A heavier tail: mean 2, sd 2 (sigma^2 = ln 2).
  check_moments(Distribution::lognormal_mean_stddev(2, 2), 2, 2, 11);
  // Zero stddev degenerates to the mean.
  RandomStream rng(12);
  CHECK(Distribution::lognormal_mean_stddev(5, 0).sample(rng) == Approx(5).epsilon(1e-12));
}

TEST_CASE("Lognormal from median and p95", "[kernel][distribution]") {
  const Distribution d = Distribution::lognormal_median_p95(10, 30);
  CHECK(d.a() == Approx(std::log(10.0)));
  CHECK(d.b() == Approx(std::log(3.0) / 1.6448536269514722));
  CHECK(d.describe() == "lognormal(median=10, p95=30)");
  const auto v = draw(d, 13);
  // The empirical CDF at the stated quantiles is binomial: bound by 5 SE.
  CHECK(std::fabs(fraction_at_or_below(v, 10) - 0.50) < 5 * std::sqrt(0.50 * 0.50 / kDraws));
  CHECK(std::fabs(fraction_at_or_below(v, 30) - 0.95) < 5 * std::sqrt(0.95 * 0.05 / kDraws));
  // And not any other quantile: the 90th percentile is well below 30.
  CHECK(fraction_at_or_below(v, 25) < 0.94);
  CHECK(*std::min_element(v.begin(), v.end()) > 0);
  // Mean = exp(mu + sigma^2 / 2).
  const double sigma = std::log(3.0) / 1.6448536269514722;
  check_moments(d, 10 * std::exp(sigma * sigma / 2), 10 * std::exp(sigma * sigma / 2) * std::sqrt(std::expm1(sigma * sigma)),
                14);
  // p95 == median is a constant.
  RandomStream rng(15);
  CHECK(Distribution::lognormal_median_p95(4, 4).sample(rng) == Approx(4).epsilon(1e-12));
}

TEST_CASE("Exponential distribution", "[kernel][distribution]") {
  const Distribution d = Distribution::exponential(2.5);
  CHECK(d.mean() == 2.5);
  check_moments(d, 2.5, 2.5, 16);
  // Memoryless shape: P(X > mean) = 1/e.
  const auto v = draw(d, 17);
  CHECK(std::fabs((1 - fraction_at_or_below(v, 2.5)) - std::exp(-1.0)) < 5 * std::sqrt(0.2325 / kDraws));
  RandomStream rng(18);
  CHECK(Distribution::exponential(0).sample(rng) == 0.0);
}

TEST_CASE("Empirical distribution resamples the given values uniformly", "[kernel][distribution]") {
  const std::vector<double> given = {0.5, 1, 4, 9, 16};
  const Distribution d = Distribution::empirical(given);
  CHECK(d.kind() == Distribution::Kind::Empirical);
  CHECK(d.samples() == given);
  CHECK(d.mean() == Approx(30.5 / 5));
  std::map<double, int> counts;
  for (double x : draw(d, 19)) ++counts[x];
  REQUIRE(counts.size() == given.size());  // nothing but the given values ...
  const double p = 1.0 / 5, se = std::sqrt(p * (1 - p) / kDraws);
  for (double g : given) {
    INFO("value " << g);
    REQUIRE(counts.count(g) == 1);
    CHECK(std::fabs(counts[g] / static_cast<double>(kDraws) - p) < 5 * se);  // ... equally often
  }

  SECTION("duplicates weigh by multiplicity") {
    std::map<double, int> c2;
    for (double x : draw(Distribution::empirical({1, 2, 2, 7}), 20)) ++c2[x];
    REQUIRE(c2.size() == 3);
    CHECK(std::fabs(c2[2] / static_cast<double>(kDraws) - 0.5) < 5 * std::sqrt(0.25 / kDraws));
    CHECK(std::fabs(c2[7] / static_cast<double>(kDraws) - 0.25) < 5 * std::sqrt(0.1875 / kDraws));
  }
  SECTION("one sample") {
    RandomStream rng(21);
    const Distribution one = Distribution::empirical({3.25});
    for (int i = 0; i < 10; ++i) CHECK(one.sample(rng) == 3.25);
  }
}

TEST_CASE("Sampling is reproducible from the seed", "[kernel][distribution]") {
  const Distribution d = Distribution::lognormal_mean_stddev(5, 2);
  CHECK(draw(d, 99, 1000) == draw(d, 99, 1000));
  CHECK(draw(d, 99, 1000) != draw(d, 100, 1000));
}

TEST_CASE("Invalid parameters throw std::invalid_argument", "[kernel][distribution]") {
  using E = std::invalid_argument;
  CHECK_THROWS_AS(Distribution::constant(-1), E);
  CHECK_THROWS_AS(Distribution::constant(kNaN), E);
  CHECK_THROWS_AS(Distribution::constant(kInf), E);

  CHECK_THROWS_AS(Distribution::uniform(-1, 2), E);
  CHECK_THROWS_AS(Distribution::uniform(3, 2), E);  // high < low
  CHECK_THROWS_AS(Distribution::uniform(0, kNaN), E);
  CHECK_THROWS_AS(Distribution::uniform(kNaN, 1), E);
  CHECK_THROWS_AS(Distribution::uniform(0, kInf), E);

  CHECK_THROWS_AS(Distribution::normal(-1, 1), E);
  CHECK_THROWS_AS(Distribution::normal(1, -1), E);
  CHECK_THROWS_AS(Distribution::normal(kNaN, 1), E);
  CHECK_THROWS_AS(Distribution::normal(1, kNaN), E);
  CHECK_THROWS_AS(Distribution::normal(1, kInf), E);

  CHECK_THROWS_AS(Distribution::lognormal_mean_stddev(0, 1), E);
  CHECK_THROWS_AS(Distribution::lognormal_mean_stddev(-1, 1), E);
  CHECK_THROWS_AS(Distribution::lognormal_mean_stddev(1, -1), E);
  CHECK_THROWS_AS(Distribution::lognormal_mean_stddev(kNaN, 1), E);
  CHECK_THROWS_AS(Distribution::lognormal_mean_stddev(1, kNaN), E);
  CHECK_THROWS_AS(Distribution::lognormal_mean_stddev(kInf, 1), E);

  CHECK_THROWS_AS(Distribution::lognormal_median_p95(0, 1), E);
  CHECK_THROWS_AS(Distribution::lognormal_median_p95(-1, 5), E);
  CHECK_THROWS_AS(Distribution::lognormal_median_p95(10, 5), E);  // p95 < median
  CHECK_THROWS_AS(Distribution::lognormal_median_p95(10, kNaN), E);
  CHECK_THROWS_AS(Distribution::lognormal_median_p95(kNaN, 10), E);
  CHECK_THROWS_AS(Distribution::lognormal_median_p95(10, kInf), E);

  CHECK_THROWS_AS(Distribution::exponential(-1), E);
  CHECK_THROWS_AS(Distribution::exponential(kNaN), E);
  CHECK_THROWS_AS(Distribution::exponential(kInf), E);

  CHECK_THROWS_AS(Distribution::empirical({}), E);
  CHECK_THROWS_AS(Distribution::empirical({1, -1}), E);
  CHECK_THROWS_AS(Distribution::empirical({1, kNaN}), E);
  CHECK_THROWS_AS(Distribution::empirical({kInf}), E);

  CHECK_THROWS_WITH(Distribution::uniform(3, 2), Catch::Contains("high"));
  CHECK_THROWS_WITH(Distribution::empirical({1, -1}), Catch::Contains("sample 1"));
}

TEST_CASE("describe() names the kind and parameters", "[kernel][distribution]") {
  CHECK(Distribution::constant(3).describe() == "3");
  CHECK(Distribution::uniform(1, 2).describe() == "uniform(1, 2)");
  CHECK(Distribution::normal(5, 1).describe() == "normal(mean=5, stddev=1)");
  CHECK(Distribution::exponential(4).describe() == "exponential(mean=4)");
  CHECK(Distribution::empirical({1, 2, 3}).describe() == "empirical(3 samples)");
}

TEST_CASE("Lognormal with an enormous coefficient of variation stays finite", "[kernel][distribution]") {
  // (sd/mean)^2 overflows a double; the parameters must not.
  const Distribution d = Distribution::lognormal_mean_stddev(1, 1e200);
  CHECK(std::isfinite(d.a()));
  CHECK(std::isfinite(d.b()));
  CHECK(d.b() == Approx(std::sqrt(2 * std::log(1e200))).epsilon(1e-12));
  const Distribution e = Distribution::lognormal_mean_stddev(1, 1e100);  // still the exact formula
  CHECK(e.b() == Approx(std::sqrt(std::log1p(1e200))).epsilon(1e-12));
}
