// Scenario loading: the top-level keys, then each part (environment, pools,
// model, workload) by its own file; see models/scenario_loader_parts.hpp.
#include "models/scenario_loader.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <tuple>

#include "models/errors.hpp"
#include "models/scenario_loader_parts.hpp"

namespace mwaa {

namespace {

using input::Json;
using input::Where;

const std::vector<std::string> kTopKeys = {"$schema", "name",  "description", "environment", "pools",      "model",
                                           "workload", "start", "seed",        "time_limit",  "targets",
                                           "reference"};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "2025-05-01T10:00:00Z" (also fractional seconds and a +HH:MM offset) ->
// epoch seconds and the normalised UTC text.
std::pair<std::int64_t, std::string> parse_start(const Json& v, const Where& w) {
  const std::string s = input::get_string(v, w);
  auto bad = [&] {
    w.fail("expected an ISO-8601 UTC date-time such as \"2025-05-01T10:00:00Z\", got " + input::describe(v));
  };
  auto digits = [&](std::size_t at, std::size_t n) -> int {
    if (at + n > s.size()) bad();
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) bad();
      value = value * 10 + (s[i] - '0');
    }
    return value;
  };
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':')
    bad();
  const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  const int hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {  // fractional seconds: dropped (the start is whole seconds)
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  int offset_minutes = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    if (i + 6 != s.size() || s[i + 3] != ':') bad();
    offset_minutes = sign * (digits(i + 1, 2) * 60 + digits(i + 4, 2));
    i += 6;
  } else {
    w.fail("expected a UTC date-time ending in \"Z\" (or an offset such as \"+00:00\"), got " + input::describe(v));
  }
  if (i != s.size()) bad();
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || (month == 2 && day == 29 && !leap) || hour > 23 ||
      minute > 59 || second > 60)
    bad();
  const std::int64_t epoch = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                             hour * 3600 + minute * 60 + second - offset_minutes * 60;
  // Normalised UTC text of the same instant.
  const std::int64_t days = epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400;
  const std::int64_t secs = epoch - days * 86400;
  // civil_from_days
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char text[96];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return {epoch, text};
}

Targets parse_targets(const Json& v, const Where& w) {
  input::expect_object(v, w);
  input::check_keys(v, w, {"completion", "max_queue_age"});
  Targets t;
  if (const Json* c = input::member(v, "completion")) {
    const Where at = w.key("completion");
    if (c->is_object()) {
      // {"p95": "4m30s"}: the completion time at that percentile over replications.
      if (c->size() != 1) at.fail("expected one key such as {\"p95\": \"4m30s\"}, got " + std::to_string(c->size()) + " keys");
      const std::string key = c->begin().key();
      double pct = 0;
      std::size_t used = 0;
      try {
        if (key.size() >= 2 && key[0] == 'p') pct = std::stod(key.substr(1), &used);
      } catch (const std::exception&) {
      }
      if (used == 0 || used != key.size() - 1 || !(pct > 0 && pct <= 100))
        at.key(key).fail("unknown key \"" + key + "\"; expected a percentile key such as \"p50\", \"p95\" or \"p99\"");
      t.completion_percentile = pct;
      t.completion = input::get_duration(c->begin().value(), at.key(key));
    } else {
      t.completion = input::get_duration(*c, at);
    }
  }
  if (const Json* x = input::member(v, "max_queue_age")) t.max_queue_age = input::get_duration(*x, w.key("max_queue_age"));
  return t;
}

// "reference": {"makespan": d, "source": "..."} (source optional).
Reference parse_reference(const Json& v, const Where& w) {
  input::expect_object(v, w);
  input::check_keys(v, w, {"makespan", "source"});
  const Json* m = input::member(v, "makespan");
  if (!m) w.fail("missing \"makespan\" (the recorded duration to compare with)");
  Reference r{input::get_duration(*m, w.key("makespan")), ""};
  if (const Json* x = input::member(v, "source")) r.source = input::get_string(*x, w.key("source"));
  return r;
}

std::string factor_text(double f) {
  std::ostringstream out;
  out << f;
  return out.str();
}

}  // namespace

Scenario load_scenario(const nlohmann::json& doc, const std::string& source_name, const std::string& base_dir) {
  const Where root{source_name, ""};
  if (!doc.is_object()) root.fail("expected a scenario object, got " + input::describe(doc));
  input::check_keys(doc, root, kTopKeys);
  Scenario s;
  s.source_file = source_name;
  s.name = source_name.empty() ? "scenario" : std::filesystem::path(source_name).stem().string();
  if (const Json* x = input::member(doc, "$schema")) input::get_string(*x, root.key("$schema"));
  if (const Json* x = input::member(doc, "name")) s.name = input::get_nonempty_string(*x, root.key("name"));
  if (const Json* x = input::member(doc, "description")) s.description = input::get_string(*x, root.key("description"));
  if (const Json* x = input::member(doc, "environment"))
    s.environment = input::parse_environment(*x, root.key("environment"), base_dir, s.warnings);
  if (const Json* x = input::member(doc, "model")) s.model = input::parse_model(*x, root.key("model"));
  s.pools = input::parse_pools(input::member(doc, "pools"), root.key("pools"), s.environment.airflow, s.warnings);
  if (const Json* x = input::member(doc, "start")) std::tie(s.start_epoch_seconds, s.start) = parse_start(*x, root.key("start"));
  if (const Json* x = input::member(doc, "seed")) s.seed = input::get_uint64(*x, root.key("seed"));
  if (const Json* x = input::member(doc, "time_limit")) {
    s.time_limit = input::get_duration(*x, root.key("time_limit"));
    if (s.time_limit <= sim::Time::zero()) root.key("time_limit").fail("expected a duration > 0, got " + input::describe(*x));
  }
  if (const Json* x = input::member(doc, "targets")) s.targets = parse_targets(*x, root.key("targets"));
  if (const Json* x = input::member(doc, "reference")) s.reference = parse_reference(*x, root.key("reference"));
  const Json* workload = input::member(doc, "workload");
  if (!workload) root.fail("missing \"workload\": nothing would ever run");
  s.workload = input::parse_workload(*workload, root.key("workload"), s.environment.airflow, s.pools, s.warnings);

  if (s.parallelism_is_assumed())
    s.warnings.push_back("core.parallelism not set: using MWAA's dynamic default " + std::to_string(s.parallelism()) +
                         " per scheduler (assumption: MaxWorkers x tasks per worker / Schedulers x " +
                         factor_text(s.model.parallelism_factor) + ")");
  return s;
}

Scenario load_scenario_file(const std::string& path) {
  const Json doc = input::read_json_file(path);
  return load_scenario(doc, path, input::parent_directory(path));
}

}  // namespace mwaa
