// Distribution::scaled multiplies every value (so the mean) by the factor.
#include <catch2/catch.hpp>

#include "sim/distribution.hpp"

TEST_CASE("scaled distributions scale their mean and keep their shape", "[kernel][distribution]") {
  using sim::Distribution;
  const Distribution ds[] = {Distribution::constant(3), Distribution::uniform(1, 5), Distribution::normal(10, 2),
                             Distribution::lognormal_median_p95(4, 8), Distribution::exponential(2),
                             Distribution::empirical({1, 2, 6})};
  for (const Distribution& d : ds) {
    const Distribution s = d.scaled(2.5);
    CHECK(s.kind() == d.kind());
    CHECK(s.mean() == Approx(d.mean() * 2.5));
    sim::RandomStream a(9), b(9);
    for (int i = 0; i < 100; ++i) CHECK(s.sample(a) == Approx(d.sample(b) * 2.5));
  }
  CHECK_THROWS_AS(ds[0].scaled(0), std::invalid_argument);
  CHECK_THROWS_AS(ds[0].scaled(-1), std::invalid_argument);
}
