// Exact simulated time: signed 64-bit integer microseconds.
//
// Invariant: every instant and every span in the simulator is a whole number of
// microseconds, so equal times compare equal and golden outputs never drift.
// Range: +-292,000 years, far beyond any scenario.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sim {

struct Time {
  std::int64_t us = 0;

  static constexpr Time zero() { return Time{0}; }
  static constexpr Time max() { return Time{INT64_MAX}; }
  static constexpr Time micros(std::int64_t v) { return Time{v}; }
  static constexpr Time millis(std::int64_t v) { return Time{v * 1000}; }
  static constexpr Time seconds(std::int64_t v) { return Time{v * 1'000'000}; }
  static constexpr Time minutes(std::int64_t v) { return Time{v * 60'000'000}; }
  // Rounds to the nearest microsecond. Throws std::invalid_argument for NaN,
  // infinities and values outside the representable range.
  static Time from_seconds(double s);

  constexpr double to_seconds() const { return static_cast<double>(us) / 1e6; }

  friend constexpr bool operator==(Time a, Time b) { return a.us == b.us; }
  friend constexpr bool operator!=(Time a, Time b) { return a.us != b.us; }
  friend constexpr bool operator<(Time a, Time b) { return a.us < b.us; }
  friend constexpr bool operator<=(Time a, Time b) { return a.us <= b.us; }
  friend constexpr bool operator>(Time a, Time b) { return a.us > b.us; }
  friend constexpr bool operator>=(Time a, Time b) { return a.us >= b.us; }
  friend constexpr Time operator+(Time a, Time b) { return Time{a.us + b.us}; }
  friend constexpr Time operator-(Time a, Time b) { return Time{a.us - b.us}; }
  friend constexpr Time operator*(Time a, std::int64_t k) { return Time{a.us * k}; }
  constexpr Time& operator+=(Time b) { us += b.us; return *this; }
  constexpr Time& operator-=(Time b) { us -= b.us; return *this; }
};

constexpr std::int64_t kMicrosPerSecond = 1'000'000;

// Parses a human duration: "4m30s", "90s", "1.5s", "250ms", "2h", "1d2h",
// "120us"; a bare number means seconds ("30" = 30 s). Whitespace between parts
// is allowed. Throws std::invalid_argument with the reason on anything else.
Time parse_duration(std::string_view text);

// Formats a span as the shortest exact human duration: "0s", "4m30s",
// "1h2m3.5s", "-12s", "0.000001s". parse_duration(format_duration(t)) == t.
std::string format_duration(Time t);

}  // namespace sim
