#include "models/report/iso_time.hpp"

#include <cstdio>

namespace mwaa {

// Algorithms from http://howardhinnant.github.io/date_algorithms.html: a 400-
// year era has exactly 146097 days, and counting years from March puts the
// leap day last, so month lengths follow a fixed (153*m+2)/5 pattern.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                                   // [0, 399]
  const unsigned doy = (153 * static_cast<unsigned>(m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                              // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  return {y + (m <= 2 ? 1 : 0), static_cast<int>(m), static_cast<int>(d)};
}

namespace {

constexpr std::int64_t kMicros = 1'000'000;

// Floor division: instants before 1970 must still land on the right second.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct Split {
  CivilDate date;
  int hour, minute, second;
  int micro;
};

Split split(std::int64_t epoch_seconds, std::int64_t offset_us) {
  const std::int64_t secs = epoch_seconds + floor_div(offset_us, kMicros);
  const auto micro = static_cast<int>(offset_us - floor_div(offset_us, kMicros) * kMicros);
  const std::int64_t days = floor_div(secs, 86400);
  const auto sod = static_cast<int>(secs - days * 86400);
  return {civil_from_days(days), sod / 3600, sod / 60 % 60, sod % 60, micro};
}

std::string date_time(const Split& s) {
  char buf[64];
  // Years outside 0..9999 are not ISO-8601 basic but still print unambiguously.
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(s.date.year), s.date.month,
                s.date.day, s.hour, s.minute, s.second);
  return buf;
}

std::string micros6(int micro) {
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06d", micro);
  return buf;
}

}  // namespace

std::string iso_utc_seconds(std::int64_t epoch_seconds, std::int64_t offset_us) {
  return date_time(split(epoch_seconds, offset_us)) + "+00:00";
}

std::string iso_utc_micros_z(std::int64_t epoch_seconds, std::int64_t offset_us) {
  const Split s = split(epoch_seconds, offset_us);
  return date_time(s) + micros6(s.micro) + "Z";
}

std::string iso_utc_python(std::int64_t epoch_seconds, std::int64_t offset_us) {
  const Split s = split(epoch_seconds, offset_us);
  return date_time(s) + (s.micro != 0 ? micros6(s.micro) : std::string()) + "+00:00";
}

}  // namespace mwaa
