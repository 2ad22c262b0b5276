#include "models/report/number_format.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace mwaa {

double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

namespace {
// Integer division rounding half away from zero.
std::int64_t div_round(std::int64_t a, std::int64_t b) { return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b); }
}  // namespace

double seconds3(sim::Time t) { return static_cast<double>(div_round(t.us, 1000)) / 1000.0; }

std::string format_duration_tenths(sim::Time t) { return sim::format_duration(sim::Time{div_round(t.us, 100'000) * 100'000}); }

nlohmann::ordered_json json_number(double x) {
  if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9.0e15) return static_cast<std::int64_t>(x);
  return round3(x);
}

std::string format_number(double x) {
  if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9.0e15) return std::to_string(static_cast<std::int64_t>(x));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", round3(x));
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

}  // namespace mwaa
