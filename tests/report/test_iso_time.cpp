#include <catch2/catch.hpp>

#include "models/report/iso_time.hpp"

using namespace mwaa;

TEST_CASE("ISO-8601 at the epoch and at a known instant", "[report][iso]") {
  CHECK(iso_utc_seconds(0) == "1970-01-01T00:00:00+00:00");
  CHECK(iso_utc_micros_z(0) == "1970-01-01T00:00:00.000000Z");
  CHECK(iso_utc_seconds(1746093600 + 420) == "2025-05-01T10:07:00+00:00");
  CHECK(iso_utc_micros_z(1746093600, 3'250'000) == "2025-05-01T10:00:03.250000Z");
  CHECK(iso_utc_micros_z(1746093600, 1) == "2025-05-01T10:00:00.000001Z");
  // Sub-second offsets are floored in the whole-second form.
  CHECK(iso_utc_seconds(1746093600, 59'999'999) == "2025-05-01T10:00:59+00:00");
  CHECK(iso_utc_seconds(1746093600, 60'000'000) == "2025-05-01T10:01:00+00:00");
}

TEST_CASE("ISO-8601 Python isoformat drops a zero fraction", "[report][iso]") {
  CHECK(iso_utc_python(1746093600) == "2025-05-01T10:00:00+00:00");
  CHECK(iso_utc_python(1746093600, 250'000) == "2025-05-01T10:00:00.250000+00:00");
}

TEST_CASE("ISO-8601 leap years", "[report][iso]") {
  const std::int64_t feb29_2024 = days_from_civil(2024, 2, 29) * 86400;
  CHECK(iso_utc_seconds(feb29_2024) == "2024-02-29T00:00:00+00:00");
  CHECK(iso_utc_seconds(feb29_2024 + 86400) == "2024-03-01T00:00:00+00:00");
  CHECK(iso_utc_seconds(days_from_civil(2024, 12, 31) * 86400 + 86399) == "2024-12-31T23:59:59+00:00");
  // 2000 is a leap year (divisible by 400); 1900 and 2100 are not.
  CHECK(iso_utc_seconds(days_from_civil(2000, 2, 28) * 86400 + 86400) == "2000-02-29T00:00:00+00:00");
  CHECK(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28) == 1);
  CHECK(iso_utc_seconds(days_from_civil(2100, 2, 28) * 86400 + 86400) == "2100-03-01T00:00:00+00:00");
  CHECK(days_from_civil(2025, 5, 1) == 20209);
}

TEST_CASE("ISO-8601 around 2038 and far from 1970", "[report][iso]") {
  CHECK(iso_utc_seconds(2147483647) == "2038-01-19T03:14:07+00:00");
  CHECK(iso_utc_seconds(2147483648) == "2038-01-19T03:14:08+00:00");
  CHECK(iso_utc_seconds(4102444800) == "2100-01-01T00:00:00+00:00");
  CHECK(iso_utc_seconds(253402300799) == "9999-12-31T23:59:59+00:00");
  CHECK(iso_utc_seconds(-1) == "1969-12-31T23:59:59+00:00");
  CHECK(iso_utc_micros_z(0, -1) == "1969-12-31T23:59:59.999999Z");
  CHECK(iso_utc_seconds(-2208988800) == "1900-01-01T00:00:00+00:00");
}

TEST_CASE("civil_from_days inverts days_from_civil", "[report][iso]") {
  for (std::int64_t d = -800000; d <= 800000; d += 37) {
    const CivilDate c = civil_from_days(d);
    REQUIRE(days_from_civil(c.year, c.month, c.day) == d);
  }
}
