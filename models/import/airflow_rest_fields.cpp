// Field reads for Airflow REST API records, and the timedelta shapes the two
// API versions print (retry_delay, execution_timeout).
#include "models/import/airflow_rest_fields.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "models/import/airflow_rest.hpp"

namespace mwaa::imports {

namespace api {

const Json* field(const Json& record, const char* key) {
  const Json* x = input::member(record, key);
  return x && !x->is_null() ? x : nullptr;
}

std::string required_string(const Json& record, const char* key, const Where& w) {
  const Json* x = field(record, key);
  if (!x) w.fail(std::string("missing \"") + key + "\"");
  return input::get_nonempty_string(*x, w.key(key));
}

std::optional<std::string> opt_string(const Json& record, const char* key, const Where& w) {
  if (const Json* x = field(record, key)) return input::get_string(*x, w.key(key));
  return std::nullopt;
}

std::optional<int> opt_int(const Json& record, const char* key, const Where& w, int min) {
  if (const Json* x = field(record, key)) return input::get_int(*x, w.key(key), min);
  return std::nullopt;
}

std::optional<double> opt_number(const Json& record, const char* key, const Where& w) {
  if (const Json* x = field(record, key)) return input::get_number(*x, w.key(key), -1e15, 1e15);
  return std::nullopt;
}

std::optional<bool> opt_bool(const Json& record, const char* key, const Where& w) {
  if (const Json* x = field(record, key)) return input::get_bool(*x, w.key(key));
  return std::nullopt;
}

std::optional<std::int64_t> opt_datetime(const Json& record, const char* key, const Where& w) {
  const Json* x = field(record, key);
  if (!x) return std::nullopt;
  const std::string text = input::get_string(*x, w.key(key));
  const auto us = parse_iso_datetime_us(text);
  if (!us) w.key(key).fail("expected an ISO-8601 date-time such as \"2025-05-01T10:00:03.25+00:00\", got \"" + text + "\"");
  return us;
}

}  // namespace api

namespace {

// ISO-8601 duration as pydantic prints a timedelta: "P1DT2H3M4.5S", "PT300S",
// "-PT5S" (negative: rejected by the caller).
std::optional<double> iso8601_duration_seconds(const std::string& s) {
  std::size_t i = 0;
  double sign = 1;
  if (i < s.size() && s[i] == '-') {
    sign = -1;
    ++i;
  }
  if (i >= s.size() || s[i] != 'P') return std::nullopt;
  ++i;
  bool time_part = false, any = false;
  double total = 0;
  while (i < s.size()) {
    if (s[i] == 'T') {
      if (time_part) return std::nullopt;
      time_part = true;
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (start == i || i >= s.size()) return std::nullopt;
    double v = 0;
    try {
      v = std::stod(s.substr(start, i - start));
    } catch (const std::exception&) {
      return std::nullopt;
    }
    const char unit = s[i++];
    if (!time_part && unit == 'W') total += v * 7 * 86400;
    else if (!time_part && unit == 'D') total += v * 86400;
    else if (time_part && unit == 'H') total += v * 3600;
    else if (time_part && unit == 'M') total += v * 60;
    else if (time_part && unit == 'S') total += v;
    else return std::nullopt;  // years and months have no fixed length
    any = true;
  }
  if (!any) return std::nullopt;
  return sign * total;
}

// Python's str(timedelta): "0:05:00", "1 day, 2:00:00.500000", "2 days, 0:00:00".
std::optional<double> python_timedelta_seconds(const std::string& s) {
  double days = 0;
  std::string rest = s;
  if (const auto comma = s.find(", "); comma != std::string::npos) {
    const std::string head = s.substr(0, comma);
    const auto space = head.find(' ');
    if (space == std::string::npos || (head.substr(space + 1) != "day" && head.substr(space + 1) != "days"))
      return std::nullopt;
    try {
      std::size_t used = 0;
      days = std::stod(head.substr(0, space), &used);
      if (used != space) return std::nullopt;
    } catch (const std::exception&) {
      return std::nullopt;
    }
    rest = s.substr(comma + 2);
  }
  int h = 0, m = 0;
  double sec = 0;
  char tail = 0;
  if (std::sscanf(rest.c_str(), "%d:%d:%lf%c", &h, &m, &sec, &tail) != 3) return std::nullopt;
  return days * 86400 + h * 3600 + m * 60 + sec;
}

}  // namespace

std::optional<sim::Time> parse_api_timedelta(const Json& v, const std::string& file, const std::string& path) {
  const input::Where w{file, path};
  if (v.is_null()) return std::nullopt;
  double seconds = 0;
  if (v.is_number()) {
    seconds = input::get_number(v, w, 0, 1e12);
  } else if (v.is_object()) {
    // {"__type": "TimeDelta", "days": 0, "seconds": 300, "microseconds": 0}
    input::check_keys(v, w, {"__type", "days", "seconds", "microseconds"});
    if (const Json* t = input::member(v, "__type"); t && *t != "TimeDelta")
      w.key("__type").fail("expected \"TimeDelta\", got " + input::describe(*t));
    auto part = [&](const char* key) { return api::opt_number(v, key, w).value_or(0); };
    seconds = part("days") * 86400 + part("seconds") + part("microseconds") / 1e6;
  } else if (v.is_string()) {
    const std::string s = v.get<std::string>();
    auto parsed = iso8601_duration_seconds(s);
    if (!parsed) parsed = python_timedelta_seconds(s);
    if (!parsed) {
      try {  // plain seconds as text
        std::size_t used = 0;
        const double d = std::stod(s, &used);
        if (used == s.size()) parsed = d;
      } catch (const std::exception&) {
      }
    }
    if (!parsed)
      w.fail("expected a timedelta: {\"__type\": \"TimeDelta\", \"days\", \"seconds\", \"microseconds\"}, seconds, or an "
             "ISO-8601 duration such as \"PT5M\", got " + input::describe(v));
    seconds = *parsed;
  } else {
    w.fail("expected a timedelta, got " + input::describe(v));
  }
  if (!std::isfinite(seconds) || seconds < 0) w.fail("expected a timedelta >= 0, got " + input::describe(v));
  try {
    return sim::Time::from_seconds(seconds);
  } catch (const std::invalid_argument& e) {  // beyond the clock's range (~292,000 years)
    w.fail("expected a timedelta, got " + input::describe(v) + " (" + e.what() + ")");
  }
}

}  // namespace mwaa::imports
