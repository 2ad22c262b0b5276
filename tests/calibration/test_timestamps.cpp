#include <catch2/catch.hpp>

#include "models/calibration/timestamp_input.hpp"

using mwaa::calibration::parse_iso8601_us;
using mwaa::calibration::timestamp_us;
using nlohmann::json;

namespace {
constexpr std::int64_t k1007 = 1746094020;  // 2025-05-01T10:07:00Z
}

TEST_CASE("ISO-8601 timestamps as the AWS CLI and Airflow print them", "[calibration][timestamps]") {
  CHECK(parse_iso8601_us("2025-05-01T10:07:00+00:00") == k1007 * 1'000'000);              // CLI v2
  CHECK(parse_iso8601_us("2025-05-01T10:07:00Z") == k1007 * 1'000'000);                   // CLI v1, service text
  CHECK(parse_iso8601_us("2025-05-01T12:07:00+02:00") == k1007 * 1'000'000);              // another offset
  CHECK(parse_iso8601_us("2025-05-01T05:07:00-0500") == k1007 * 1'000'000);               // offset without colon
  CHECK(parse_iso8601_us("2025-05-01 10:07:00") == k1007 * 1'000'000);                    // no zone: UTC
  CHECK(parse_iso8601_us("2025-05-01T10:07:00.250000Z") == k1007 * 1'000'000 + 250'000);  // Airflow 3
  CHECK(parse_iso8601_us("2025-05-01T10:07:00.25+00:00") == k1007 * 1'000'000 + 250'000);
  CHECK(parse_iso8601_us("2025-05-01T10:07:00.1234567Z") == k1007 * 1'000'000 + 123'456);  // past microseconds: dropped
}

TEST_CASE("epoch seconds as the AWS CLI v1 prints them over the JSON protocol", "[calibration][timestamps]") {
  CHECK(timestamp_us(json(k1007)) == k1007 * 1'000'000);
  CHECK(timestamp_us(json(1746094020.5)) == k1007 * 1'000'000 + 500'000);
  CHECK(timestamp_us(json("1746094020")) == k1007 * 1'000'000);
  CHECK(timestamp_us(json("2025-05-01T10:07:00+00:00")) == k1007 * 1'000'000);
}

TEST_CASE("unparsable timestamps are rejected", "[calibration][timestamps]") {
  for (const char* bad :
       {"", "yesterday", "2025-05-01", "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2025-05-01T25:00:00Z",
        "2025-05-01T10:07:00+0", "2025-05-01T10:07:00Zjunk", "2025-05-01T10:07:00."})
    CHECK_FALSE(parse_iso8601_us(bad));
  CHECK_FALSE(timestamp_us(json(nullptr)));
  CHECK_FALSE(timestamp_us(json(true)));
  CHECK_FALSE(timestamp_us(json("12abc")));
  CHECK_FALSE(timestamp_us(json(1e30)));
  CHECK(parse_iso8601_us("2024-02-29T00:00:00Z"));  // a leap day is fine
}
