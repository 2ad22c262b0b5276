#include "models/calibration/timestamp_input.hpp"

#include <cctype>
#include <cmath>
#include <string>

#include "models/report/iso_time.hpp"

namespace mwaa::calibration {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

bool valid_date(int year, int month, int day) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1] && !(month == 2 && day == 29 && !leap);
}

// Epoch seconds written as a number or numeric text; nullopt when not finite
// or outside the years 0..9999 (then it is surely not a timestamp).
std::optional<std::int64_t> epoch_seconds_us(double seconds) {
  if (!std::isfinite(seconds) || std::fabs(seconds) > 253402300800.0) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(seconds * 1e6));
}

}  // namespace

std::optional<std::int64_t> parse_iso8601_us(std::string_view s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':')
    return std::nullopt;
  if (!digits(s, 0, 4, year) || !digits(s, 5, 2, month) || !digits(s, 8, 2, day) || !digits(s, 11, 2, hour) ||
      !digits(s, 14, 2, minute) || !digits(s, 17, 2, second))
    return std::nullopt;
  if (!valid_date(year, month, day) || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::size_t i = 19;
  std::int64_t micros = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    const std::size_t first = i;
    std::int64_t scale = 100000;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      micros += (s[i] - '0') * scale;  // digits past the sixth are dropped (scale 0)
      scale /= 10;
      ++i;
    }
    if (i == first) return std::nullopt;
  }
  std::int64_t offset_seconds = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!digits(s, i + 1, 2, oh)) return std::nullopt;
    std::size_t m = i + 3;
    if (m < s.size() && s[m] == ':') ++m;
    if (!digits(s, m, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_seconds = sign * (oh * 3600 + om * 60);
    i = m + 2;
  }
  if (i != s.size()) return std::nullopt;
  const std::int64_t epoch =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return epoch * 1'000'000 + micros;
}

std::optional<std::int64_t> timestamp_us(const nlohmann::json& v) {
  if (v.is_number()) return epoch_seconds_us(v.get<double>());
  if (!v.is_string()) return std::nullopt;
  const std::string text = v.get<std::string>();
  if (auto iso = parse_iso8601_us(text)) return iso;
  // "1746094020" / "1746094020.5": epoch seconds written as text.
  std::size_t used = 0;
  double seconds = 0;
  try {
    seconds = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size() || text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-'))
    return std::nullopt;
  return epoch_seconds_us(seconds);
}

}  // namespace mwaa::calibration
