// sim/time: exact integer-microsecond time, parse_duration, format_duration.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/time.hpp"

using sim::format_duration;
using sim::parse_duration;
using sim::Time;

namespace {
std::int64_t us(const char* text) { return parse_duration(text).us; }
}  // namespace

TEST_CASE("Time constructors and arithmetic are exact microseconds", "[kernel][time]") {
  CHECK(Time::micros(7).us == 7);
  CHECK(Time::millis(250).us == 250'000);
  CHECK(Time::seconds(90).us == 90'000'000);
  CHECK(Time::minutes(4).us == 240'000'000);
  CHECK(Time::minutes(4) + Time::seconds(30) == Time::micros(270'000'000));
  CHECK(Time::seconds(1) - Time::millis(1) == Time::micros(999'000));
  CHECK(Time::millis(3) * 4 == Time::millis(12));
  CHECK(Time::seconds(2).to_seconds() == 2.0);
  CHECK(Time::micros(1500).to_seconds() == Approx(0.0015));
  CHECK(Time::micros(1) < Time::micros(2));
  CHECK(Time::zero() < Time::max());
  Time t = Time::seconds(1);
  t += Time::millis(500);
  CHECK(t.us == 1'500'000);
  t -= Time::seconds(2);
  CHECK(t.us == -500'000);
}

TEST_CASE("parse_duration accepts the documented forms", "[kernel][time]") {
  CHECK(us("4m30s") == 270'000'000);
  CHECK(us("90s") == 90'000'000);
  CHECK(us("1.5s") == 1'500'000);
  CHECK(us("250ms") == 250'000);
  CHECK(us("2h") == 7'200'000'000);
  CHECK(us("1d2h") == (86400LL + 7200LL) * 1'000'000);
  CHECK(us("120us") == 120);
  CHECK(us("1.5h") == 5'400'000'000);
  CHECK(us("2min") == 120'000'000);
  CHECK(us("1h2m3s4ms5us") == 3'723'004'005);
  CHECK(us(".5s") == 500'000);
  CHECK(us("0.1s") == 100'000);  // not 99'999: decimal fractions land exactly
  CHECK(us("0s") == 0);
}

TEST_CASE("parse_duration: a bare number means seconds", "[kernel][time]") {
  CHECK(us("30") == 30'000'000);
  CHECK(us("0.25") == 250'000);
  CHECK(us("0") == 0);
}

TEST_CASE("parse_duration allows whitespace around and between parts", "[kernel][time]") {
  CHECK(us("  4m30s") == 270'000'000);
  CHECK(us("4m30s  ") == 270'000'000);
  CHECK(us("4m 30s") == 270'000'000);
  CHECK(us("\t1h  2m\n") == 3'720'000'000);
  CHECK(us(" 30") == 30'000'000);
  CHECK(us("30 ") == 30'000'000);
  CHECK(us("  30  ") == 30'000'000);
}

TEST_CASE("parse_duration handles signs", "[kernel][time]") {
  CHECK(us("-4m30s") == -270'000'000);
  CHECK(us("-90") == -90'000'000);
  CHECK(us("- 5s") == -5'000'000);
  CHECK(us("+5s") == 5'000'000);
  CHECK(us("-0s") == 0);
  CHECK(us("-1.5ms") == -1'500);
}

TEST_CASE("parse_duration rounds sub-microsecond input to the nearest microsecond", "[kernel][time]") {
  CHECK(us("0.0000004s") == 0);
  CHECK(us("0.0000006s") == 1);
  CHECK(us("1.4us") == 1);
  CHECK(us("1.6us") == 2);
  CHECK(us("-1.6us") == -2);
}

TEST_CASE("parse_duration rejects malformed text with std::invalid_argument", "[kernel][time]") {
  const std::vector<std::string> bad = {
      "",      "   ",   "-",     "4x",   "5s4m", "s",     "1..2s", ".",    "..",  "1s2s",
      "1m1min", "4m30", "30 4m", "1 s",  "abc",  "1e3s",  "4m-30s", "--5s", "1.5.5s", "ms",
  };
  for (const auto& text : bad) {
    INFO("text: \"" << text << "\"");
    CHECK_THROWS_AS(parse_duration(text), std::invalid_argument);
  }
}

TEST_CASE("parse_duration's error message names the text and the reason", "[kernel][time]") {
  CHECK_THROWS_WITH(parse_duration("4x"), Catch::Contains("\"4x\"") && Catch::Contains("unknown unit"));
  CHECK_THROWS_WITH(parse_duration("5s4m"), Catch::Contains("largest to smallest"));
  CHECK_THROWS_WITH(parse_duration(""), Catch::Contains("empty"));
}

TEST_CASE("parse_duration rejects values beyond the int64 range", "[kernel][time]") {
  CHECK_THROWS_AS(parse_duration("300000000d"), std::invalid_argument);  // ~8.2e5 years
  CHECK_THROWS_AS(parse_duration("99999999999999999999s"), std::invalid_argument);
  CHECK_NOTHROW(parse_duration("100000d"));
  // At the edges: checked after rounding (2^63 - 0.5 us rounds out of range).
  CHECK(parse_duration("9223372036854775807us").us == INT64_MAX);
  CHECK(parse_duration("-9223372036854775808us").us == INT64_MIN);
  CHECK(parse_duration("-9223372036854775807us").us == -INT64_MAX);
  CHECK(parse_duration("-9223372036854775807.5us").us == INT64_MIN);  // 2^63 - 0.5 is exact in long double
  CHECK_THROWS_AS(parse_duration("9223372036854775807.5us"), std::invalid_argument);
  CHECK_THROWS_AS(parse_duration("9223372036854775808us"), std::invalid_argument);
}

TEST_CASE("format_duration gives the shortest exact form", "[kernel][time]") {
  CHECK(format_duration(Time::zero()) == "0s");
  CHECK(format_duration(Time::seconds(270)) == "4m30s");
  CHECK(format_duration(Time::micros(3'723'500'000)) == "1h2m3.5s");
  CHECK(format_duration(Time::seconds(-12)) == "-12s");
  CHECK(format_duration(Time::micros(1)) == "0.000001s");
  CHECK(format_duration(Time::micros(-1)) == "-0.000001s");
  CHECK(format_duration(Time::millis(250)) == "0.25s");
  CHECK(format_duration(Time::seconds(3600)) == "1h");
  CHECK(format_duration(Time::seconds(3601)) == "1h1s");
  CHECK(format_duration(Time::seconds(3660)) == "1h1m");
  CHECK(format_duration(Time::seconds(60)) == "1m");
  CHECK(format_duration(Time::seconds(26 * 3600)) == "26h");  // no days: hours accumulate
  CHECK(format_duration(Time::micros(1'000'010)) == "1.00001s");
}

TEST_CASE("parse_duration(format_duration(t)) == t", "[kernel][time]") {
  std::vector<std::int64_t> values = {
      0, 1, -1, 999, 1'000, 1'001, 999'999, 1'000'000, 1'000'001, 1'500'000, -1'500'000, 59'999'999,
      60'000'000, 270'000'000, 3'599'999'999, 3'600'000'000, 3'723'500'000, 86'400'000'000,
      -3'723'500'001, 123'456'789'012, -987'654'321'098,
      // beyond 2^53 us (~285 years): needs exact (not double) arithmetic
      (std::int64_t{1} << 53) + 1, (std::int64_t{1} << 60) + 12345, 9'000'000'000'000'000'001,
      std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min() + 1,
      std::numeric_limits<std::int64_t>::min()};
  // Plus a spread of pseudo-random values, some fractional at every digit.
  std::uint64_t x = 0x12345678;
  for (int i = 0; i < 2000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const int scale = i % 12;  // magnitudes from 1 us to ~1e11 us
    std::int64_t v = static_cast<std::int64_t>((x >> 20) % 1'000'000'000'000ULL);
    for (int k = 0; k < 11 - scale; ++k) v /= 10;
    values.push_back(i % 3 == 0 ? -v : v);
  }
  for (std::int64_t v : values) {
    const std::string text = format_duration(Time::micros(v));
    INFO("us = " << v << ", formatted \"" << text << "\"");
    REQUIRE(parse_duration(text).us == v);
  }
}

TEST_CASE("Time::from_seconds rounds to the nearest microsecond", "[kernel][time]") {
  CHECK(Time::from_seconds(0).us == 0);
  CHECK(Time::from_seconds(1.5).us == 1'500'000);
  CHECK(Time::from_seconds(270.0).us == 270'000'000);
  CHECK(Time::from_seconds(1.2345674).us == 1'234'567);
  CHECK(Time::from_seconds(1.2345676).us == 1'234'568);
  CHECK(Time::from_seconds(0.0000004).us == 0);
  CHECK(Time::from_seconds(0.0000006).us == 1);
  CHECK(Time::from_seconds(-0.0000006).us == -1);
  CHECK(Time::from_seconds(-2.25).us == -2'250'000);
  CHECK(Time::from_seconds(0.1).us == 100'000);
  CHECK(Time::from_seconds(0.25).us == 250'000);
  CHECK(Time::from_seconds(1e9).us == 1'000'000'000'000'000);
}

TEST_CASE("Time::from_seconds rejects NaN, infinities and out-of-range values", "[kernel][time]") {
  CHECK_THROWS_AS(Time::from_seconds(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  CHECK_THROWS_AS(Time::from_seconds(std::numeric_limits<double>::infinity()), std::invalid_argument);
  CHECK_THROWS_AS(Time::from_seconds(-std::numeric_limits<double>::infinity()), std::invalid_argument);
  CHECK_THROWS_AS(Time::from_seconds(1e13), std::invalid_argument);   // 1e19 us > INT64_MAX
  CHECK_THROWS_AS(Time::from_seconds(-1e13), std::invalid_argument);
  CHECK_THROWS_AS(Time::from_seconds(1e300), std::invalid_argument);
}
