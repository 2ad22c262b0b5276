#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "models/report/gauge_ops.hpp"

using namespace mwaa;
using namespace report_test;

TEST_CASE("sum_gauges adds levels at every instant", "[report][gauge]") {
  sim::Gauge a, b;
  set(a, 10, 3);
  set(a, 50, 1);
  set(b, 20, 4);
  set(b, 50, 2);  // same instant as a's change
  set(b, 60, 0);
  const sim::Gauge sum = sum_gauges({&a, &b});
  CHECK(sum.value_at(s(0)) == 0);
  CHECK(sum.value_at(s(10)) == 3);
  CHECK(sum.value_at(s(20)) == 7);
  CHECK(sum.value_at(s(50)) == 3);
  CHECK(sum.value_at(s(60)) == 1);
  CHECK(sum.peak() == 7);
  CHECK(sum.peak_time() == s(20));
}

TEST_CASE("time_at_least counts time at or above a level", "[report][gauge]") {
  sim::Gauge g;
  set(g, 10, 5);
  set(g, 20, 10);
  set(g, 35, 2);
  CHECK(time_at_least(g, 5, s(100)) == s(25));
  CHECK(time_at_least(g, 10, s(100)) == s(15));
  CHECK(time_at_least(g, 10, s(30)) == s(10));
  CHECK(time_at_least(g, 1e-9, s(100)) == s(90));
}

TEST_CASE("peak_queue_age is the age just before the oldest message leaves", "[report][gauge]") {
  sim::Gauge oldest;
  set(oldest, 0, -1);
  set(oldest, 12, 12);  // enqueued at 12 s
  set(oldest, 50, 30);  // then the oldest is one enqueued at 30 s
  set(oldest, 75, -1);
  const QueueAgePeak p = peak_queue_age(oldest, s(200));
  CHECK(p.seconds == Approx(45));  // 75 - 30
  CHECK(p.at == s(75));
}
