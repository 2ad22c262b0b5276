#include "sim/time.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace sim {

Time Time::from_seconds(double s) {
  if (!std::isfinite(s)) throw std::invalid_argument("time must be a finite number of seconds");
  const double us = std::round(s * 1e6);
  if (std::fabs(us) > 9.2e18) throw std::invalid_argument("time is out of range (more than 292,000 years)");
  return Time{static_cast<std::int64_t>(us)};
}

namespace {

std::int64_t unit_micros(std::string_view unit) {
  if (unit == "us") return 1;
  if (unit == "ms") return 1000;
  if (unit == "s") return kMicrosPerSecond;
  if (unit == "m" || unit == "min") return 60 * kMicrosPerSecond;
  if (unit == "h") return 3600 * kMicrosPerSecond;
  if (unit == "d") return 86400 * kMicrosPerSecond;
  return 0;
}

[[noreturn]] void bad(std::string_view text, const std::string& why) {
  throw std::invalid_argument("invalid duration \"" + std::string(text) + "\": " + why +
                              " (expected e.g. \"4m30s\", \"90s\", \"250ms\", \"1.5h\")");
}

}  // namespace

Time parse_duration(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto skip_ws = [&] { while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
  skip_ws();
  bool negative = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) { negative = text[i] == '-'; ++i; }
  skip_ws();
  if (i >= n) bad(text, "it is empty");
  long double total = 0;
  int parts = 0;
  std::int64_t last_unit = INT64_MAX;
  while (i < n) {
    skip_ws();
    if (i >= n) break;
    const std::size_t num_start = i;
    bool dot = false;
    while (i < n && (std::isdigit(static_cast<unsigned char>(text[i])) || (text[i] == '.' && !dot))) {
      if (text[i] == '.') dot = true;
      ++i;
    }
    if (i == num_start) bad(text, "expected a number at position " + std::to_string(num_start));
    const std::string number(text.substr(num_start, i - num_start));
    if (number == ".") bad(text, "a lone '.' is not a number");
    const std::size_t unit_start = i;
    while (i < n && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    std::int64_t mult = kMicrosPerSecond;
    if (unit.empty()) {
      skip_ws();  // trailing whitespace after a bare number is fine, like after "4m30s"
      if (parts > 0 || i < n) bad(text, "a number without a unit is only allowed alone (seconds)");
    } else {
      mult = unit_micros(unit);
      if (mult == 0) bad(text, "unknown unit \"" + std::string(unit) + "\" (use d, h, m, s, ms, us)");
      if (mult >= last_unit) bad(text, "units must go from largest to smallest, each once");
      last_unit = mult;
    }
    long double value = 0;
    try {
      value = std::stold(number);
    } catch (const std::out_of_range&) {  // more digits than long double holds (~1e4932)
      bad(text, "it is out of range");
    }
    total += value * static_cast<long double>(mult);
    ++parts;
  }
  // Round in long double (64-bit mantissa): going through double lost exactness
  // above 2^53 us (~285 years), breaking parse(format(t)) == t.
  // Range-check the rounded value: 2^63 - 0.5 passes a check of the unrounded
  // one but rounds to 2^63, which llroundl cannot return.
  const long double rounded = std::roundl(total);
  if (!(rounded <= (negative ? 9223372036854775808.0L : 9223372036854775807.0L))) bad(text, "it is out of range");
  if (negative && rounded == 9223372036854775808.0L) return Time{INT64_MIN};
  const auto us = static_cast<std::int64_t>(rounded);
  return Time{negative ? -us : us};
}

std::string format_duration(Time t) {
  if (t.us == 0) return "0s";
  std::string out;
  // Work in unsigned magnitude so INT64_MIN does not overflow.
  std::uint64_t v = t.us < 0 ? static_cast<std::uint64_t>(-(t.us + 1)) + 1 : static_cast<std::uint64_t>(t.us);
  if (t.us < 0) out += '-';
  const std::uint64_t hour = 3600ULL * kMicrosPerSecond, minute = 60ULL * kMicrosPerSecond;
  if (v >= hour) { out += std::to_string(v / hour) + "h"; v %= hour; }
  if (v >= minute) { out += std::to_string(v / minute) + "m"; v %= minute; }
  if (v > 0) {
    out += std::to_string(v / kMicrosPerSecond);
    if (const std::uint64_t frac = v % kMicrosPerSecond; frac != 0) {
      std::string digits = std::to_string(frac);
      digits.insert(0, 6 - digits.size(), '0');
      while (digits.back() == '0') digits.pop_back();
      out += "." + digits;
    }
    out += "s";
  }
  return out;
}

}  // namespace sim
