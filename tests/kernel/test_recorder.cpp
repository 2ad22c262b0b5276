// sim/recorder: Gauge (sampled and time-weighted aggregation), Counter, Samples.
// Expected numbers are worked out by hand in the comments.
#include <catch2/catch.hpp>

#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/recorder.hpp"

using sim::Counter;
using sim::Gauge;
using sim::PeriodStats;
using sim::Samples;
using sim::Time;

namespace {

Time s(std::int64_t seconds) { return Time::seconds(seconds); }

// The series used below (level over time, seconds):
//   [0,10) 0   [10,30) 2   [30,45) 5   [45,70) 1   [70,100) 3   [100,inf) 0
// At 70 s the level is set to 4 and then to 3 at the same instant: 3 wins.
Gauge series() {
  Gauge g;
  g.set(s(10), 2);
  g.set(s(30), 5);
  g.set(s(45), 1);
  g.set(s(70), 4);
  g.set(s(70), 3);
  g.set(s(100), 0);
  return g;
}

}  // namespace

TEST_CASE("Gauge keeps its change points, and same-instant changes keep the last", "[kernel][recorder]") {
  const Gauge g = series();
  const auto& p = g.points();
  REQUIRE(p.size() == 6);
  CHECK(p[0].time == s(0));
  CHECK(p[0].value == 0);
  CHECK(p[4].time == s(70));
  CHECK(p[4].value == 3);
  CHECK(g.value() == 0);

  Gauge h(1);
  h.set(s(5), 1);  // no change: no point
  h.add(s(6), 2);
  h.add(s(6), -1);
  h.add(s(6), 0.5);
  REQUIRE(h.points().size() == 2);
  CHECK(h.points()[1].value == 2.5);
  CHECK(h.value() == 2.5);
}

TEST_CASE("Gauge::value_at", "[kernel][recorder]") {
  const Gauge g = series();
  CHECK(g.value_at(Time::micros(-1)) == 0);
  CHECK(g.value_at(s(0)) == 0);
  CHECK(g.value_at(s(5)) == 0);
  CHECK(g.value_at(s(10)) == 2);  // a change at t is in force at t
  CHECK(g.value_at(Time::micros(29'999'999)) == 2);
  CHECK(g.value_at(s(30)) == 5);
  CHECK(g.value_at(s(69)) == 1);
  CHECK(g.value_at(s(70)) == 3);
  CHECK(g.value_at(s(100)) == 0);
  CHECK(g.value_at(s(1000)) == 0);
}

TEST_CASE("Gauge::integral and time_average", "[kernel][recorder]") {
  const Gauge g = series();
  // [0,60): 0*10 + 2*20 + 5*15 + 1*15 = 130
  CHECK(g.integral(s(0), s(60)) == Approx(130));
  // [60,120): 1*10 + 3*30 + 0*20 = 100
  CHECK(g.integral(s(60), s(120)) == Approx(100));
  CHECK(g.integral(s(0), s(120)) == Approx(230));
  // [20,50): 2*10 + 5*15 + 1*5 = 100
  CHECK(g.integral(s(20), s(50)) == Approx(100));
  // Inside one level, and sub-second.
  CHECK(g.integral(s(31), s(33)) == Approx(10));
  CHECK(g.integral(Time::millis(29'500), Time::millis(30'500)) == Approx(0.5 * 2 + 0.5 * 5));
  // Empty and reversed intervals.
  CHECK(g.integral(s(40), s(40)) == 0);
  CHECK(g.integral(s(50), s(40)) == 0);
  CHECK(g.time_average(s(0), s(60)) == Approx(130.0 / 60));
  CHECK(g.time_average(s(20), s(50)) == Approx(100.0 / 30));
  CHECK(g.time_average(s(40), s(40)) == 5);  // degenerate: the level at that instant

  // Before the first point the initial level holds: Gauge(3) set to 1 at 10 s.
  Gauge h(3);
  h.set(s(10), 1);
  CHECK(h.integral(s(-10), s(5)) == Approx(45));
  CHECK(h.integral(s(-10), s(20)) == Approx(3 * 20 + 1 * 10));
  CHECK(h.value_at(s(-5)) == 3);
}

TEST_CASE("Gauge::time_weighted aggregates exactly per period", "[kernel][recorder]") {
  const Gauge g = series();
  const auto out = g.time_weighted(s(0), s(60), 3);
  REQUIRE(out.size() == 3);
  // [0,60): integral 130, levels seen 0,2,5,1
  CHECK(out[0].sum == Approx(130));
  CHECK(out[0].average == Approx(130.0 / 60));
  CHECK(out[0].minimum == 0);
  CHECK(out[0].maximum == 5);
  CHECK(out[0].sample_count == 0);
  // [60,120): integral 100, levels seen 1 (in force at 60), 3, 0
  CHECK(out[1].sum == Approx(100));
  CHECK(out[1].average == Approx(100.0 / 60));
  CHECK(out[1].minimum == 0);
  CHECK(out[1].maximum == 3);
  // [120,180): 0 throughout
  CHECK(out[2].sum == 0);
  CHECK(out[2].average == 0);
  CHECK(out[2].minimum == 0);
  CHECK(out[2].maximum == 0);

  // Offset periods: [15,45) and [45,75).
  const auto off = g.time_weighted(s(15), s(30), 2);
  // [15,45): 2*15 + 5*15 = 105, levels 2,5; the change at 45 belongs to the next period
  CHECK(off[0].sum == Approx(105));
  CHECK(off[0].average == Approx(3.5));
  CHECK(off[0].minimum == 2);
  CHECK(off[0].maximum == 5);
  // [45,75): 1*25 + 3*5 = 40, levels 1,3
  CHECK(off[1].sum == Approx(40));
  CHECK(off[1].minimum == 1);
  CHECK(off[1].maximum == 3);
  // The transient 4 at 70 s never shows.
  CHECK(g.time_weighted(s(60), s(20), 1)[0].maximum == 3);

  CHECK_THROWS_AS(g.time_weighted(s(0), Time::zero(), 1), std::invalid_argument);
}

TEST_CASE("Gauge::sampled aggregates point samples like CloudWatch", "[kernel][recorder]") {
  const Gauge g = series();
  SECTION("every 20 s: samples at 0,20,40 | 60,80,100") {
    const auto out = g.sampled(s(0), s(60), 2, s(20));
    REQUIRE(out.size() == 2);
    // 0, 2, 5
    CHECK(out[0].sample_count == 3);
    CHECK(out[0].sum == 7);
    CHECK(out[0].average == Approx(7.0 / 3));
    CHECK(out[0].minimum == 0);
    CHECK(out[0].maximum == 5);
    // 1, 3, 0 (the change at exactly 100 s is seen by the sample at 100 s)
    CHECK(out[1].sample_count == 3);
    CHECK(out[1].sum == 4);
    CHECK(out[1].average == Approx(4.0 / 3));
    CHECK(out[1].minimum == 0);
    CHECK(out[1].maximum == 3);
  }
  SECTION("every 15 s: samples at 0,15,30,45 | 60,75,90,105") {
    const auto out = g.sampled(s(0), s(60), 2, s(15));
    // 0, 2, 5, 1
    CHECK(out[0].sample_count == 4);
    CHECK(out[0].sum == 8);
    CHECK(out[0].average == 2);
    CHECK(out[0].minimum == 0);
    CHECK(out[0].maximum == 5);
    // 1, 3, 3, 0
    CHECK(out[1].sample_count == 4);
    CHECK(out[1].sum == 7);
    CHECK(out[1].average == 1.75);
    CHECK(out[1].minimum == 0);
    CHECK(out[1].maximum == 3);
  }
  SECTION("sampling misses what the time-weighted view sees") {
    // Samples at 10,35 | 60,85: levels 2,5 | 1,3.
    const auto out = g.sampled(s(10), s(50), 2, s(25));
    CHECK(out[0].sample_count == 2);
    CHECK(out[0].sum == 7);
    CHECK(out[1].sample_count == 2);
    CHECK(out[1].sum == 4);
    CHECK(out[1].minimum == 1);  // the 0 from 100 s on is not sampled ([60,110) samples 60, 85)
  }
  SECTION("bad arguments") {
    CHECK_THROWS_AS(g.sampled(s(0), Time::zero(), 1, s(1)), std::invalid_argument);
    CHECK_THROWS_AS(g.sampled(s(0), s(60), 1, Time::zero()), std::invalid_argument);
  }
}

TEST_CASE("Gauge peak and peak_time", "[kernel][recorder]") {
  const Gauge g = series();
  CHECK(g.peak() == 5);
  CHECK(g.peak_time() == s(30));

  SECTION("the initial level counts") {
    const Gauge h(7);
    CHECK(h.peak() == 7);
    CHECK(h.peak_time() == s(0));
  }
  SECTION("ties keep the first instant") {
    Gauge h;
    h.set(s(1), 4);
    h.set(s(2), 1);
    h.set(s(3), 4);
    CHECK(h.peak() == 4);
    CHECK(h.peak_time() == s(1));
  }
  SECTION("a value overwritten at the same instant was never in force and is not a peak") {
    Gauge h;
    h.add(s(5), 1);  // e.g. a task queued and picked up at the same instant
    h.add(s(5), -1);
    CHECK(h.peak() == 0);
    CHECK(h.peak_time() == s(0));
    h.add(s(8), 2);
    CHECK(h.peak() == 2);
    CHECK(h.peak_time() == s(8));
    h.set(s(10), 9);
    CHECK(h.peak() == 9);
    CHECK(h.peak_time() == s(10));
    h.set(s(10), 1);  // overwrites the 9
    CHECK(h.peak() == 2);
    CHECK(h.peak_time() == s(8));
    h.set(s(12), 7);
    h.set(s(13), 0);
    CHECK(h.peak() == 7);
    CHECK(h.peak_time() == s(12));
    CHECK(h.value_at(h.peak_time()) == h.peak());
  }
}

TEST_CASE("Gauge refuses time going backwards", "[kernel][recorder]") {
  Gauge g;
  g.set(s(10), 1);
  CHECK_THROWS_AS(g.set(s(9), 2), std::logic_error);
  CHECK_NOTHROW(g.set(s(10), 2));
  CHECK(g.value() == 2);
}

TEST_CASE("Counter sums increments per period", "[kernel][recorder]") {
  Counter c;
  c.add(s(0));               // 1
  c.add(s(30), 2);           // 2
  c.add(Time::micros(59'999'999), 1);
  c.add(s(60), 5);           // exactly at a boundary: the later period
  c.add(s(150), 1);
  c.add(s(200), 3);
  CHECK(c.total() == 13);
  // [0,60) 4   [60,120) 5   [120,180) 1   (200 s is outside)
  CHECK(c.per_period(s(0), s(60), 3) == std::vector<double>{4, 5, 1});
  // [30,90) 2+1+5 = 8   [90,150) 0   (150 s starts the third period)
  CHECK(c.per_period(s(30), s(60), 2) == std::vector<double>{8, 0});
  CHECK(c.per_period(s(0), s(100), 3) == std::vector<double>{9, 1, 3});
  CHECK(c.per_period(s(0), s(60), 0).empty());
  CHECK_THROWS_AS(c.per_period(s(0), Time::zero(), 1), std::invalid_argument);
  CHECK_THROWS_AS(c.add(s(199)), std::logic_error);
}

TEST_CASE("Samples quantiles are type 7 (numpy's default)", "[kernel][recorder]") {
  Samples v;
  CHECK(v.empty());
  CHECK(v.quantile(0.5) == 0);
  CHECK(v.mean() == 0);
  for (double x : {4.0, 1.0, 3.0, 2.0}) v.add(x);  // unsorted on purpose
  CHECK(v.count() == 4);
  // h = q * (n - 1); x[floor h] + frac(h) * (x[floor h + 1] - x[floor h])
  CHECK(v.quantile(0.5) == 2.5);    // h = 1.5
  CHECK(v.quantile(0.25) == 1.75);  // h = 0.75
  CHECK(v.quantile(0.75) == 3.25);  // h = 2.25
  CHECK(v.quantile(0.9) == Approx(3.7));  // h = 2.7
  CHECK(v.quantile(0) == 1);
  CHECK(v.quantile(1) == 4);
  CHECK(v.min() == 1);
  CHECK(v.max() == 4);
  CHECK(v.quantile(-0.5) == 1);  // clamped
  CHECK(v.quantile(2) == 4);
  CHECK(v.mean() == 2.5);

  v.add(0);  // adding after a query re-sorts: {0,1,2,3,4}
  CHECK(v.quantile(0.5) == 2);
  CHECK(v.quantile(0.1) == Approx(0.4));  // h = 0.4

  Samples w;
  for (double x : {10.0, 50.0, 20.0, 40.0, 30.0}) w.add(x);
  CHECK(w.quantile(0.95) == Approx(48));  // h = 3.8: 40 + 0.8 * 10
  CHECK(w.quantile(0.99) == Approx(49.6));

  Samples one;
  one.add(7);
  CHECK(one.quantile(0) == 7);
  CHECK(one.quantile(0.5) == 7);
  CHECK(one.quantile(1) == 7);
}

TEST_CASE("Samples refuse NaN, keep infinities", "[kernel][recorder]") {
  Samples v;
  CHECK_THROWS_AS(v.add(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  CHECK(v.empty());
  v.add(1);
  v.add(std::numeric_limits<double>::infinity());  // e.g. a run that never finished
  CHECK(v.max() == std::numeric_limits<double>::infinity());
  CHECK(v.min() == 1);
  CHECK_THROWS_AS(v.quantile(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

TEST_CASE("Samples quantiles between infinities", "[kernel][recorder]") {
  const double inf = std::numeric_limits<double>::infinity();
  Samples v;
  for (double x : {2.0, inf, inf}) v.add(x);
  CHECK(v.quantile(0.25) == 2 + 0.5 * inf);  // between 2 and inf: inf
  CHECK(v.quantile(0.75) == inf);            // between two infinities: inf, not NaN
  CHECK(v.quantile(0) == 2);
}
