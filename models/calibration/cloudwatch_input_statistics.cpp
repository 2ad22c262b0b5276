// parse_metric_statistics: one `aws cloudwatch get-metric-statistics` output
// (datapoints in no order, one metric per file) plus the --statistics spec
// naming its metric, since the output itself only has a Label.
#include <algorithm>
#include <cctype>
#include <map>

#include "models/calibration/cloudwatch_input.hpp"
#include "models/calibration/timestamp_input.hpp"
#include "models/errors.hpp"
#include "models/report/iso_time.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::calibration {

namespace {

using input::Json;
using input::Where;

constexpr std::int64_t kDefaultPeriod = 60;

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

std::string lower_id(const std::string& s) {
  std::string out;
  for (char c : s)
    out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                                                       : '_';
  return out;
}

}  // namespace

StatisticsSpec parse_statistics_spec(const std::string& text) {
  const auto fail = [&](const std::string& why) -> StatisticsSpec {
    throw InputError("", "--statistics",
                     why + " in \"" + text +
                         "\"; expected FILE:Namespace:MetricName[:Dim=Value,...], e.g. "
                         "running.json:AmazonMWAA:RunningTasks:Function=Executor,Environment=my-env");
  };
  const auto parts = split(text, ':');
  if (parts.size() < 3 || parts.size() > 4) return fail("expected 3 or 4 ':'-separated parts");
  StatisticsSpec spec{parts[0], parts[1], parts[2], {}};
  if (spec.file.empty()) return fail("empty FILE");
  if (spec.namespace_.empty()) return fail("empty Namespace");
  if (spec.metric.empty()) return fail("empty MetricName");
  if (parts.size() == 4 && !parts[3].empty())
    for (const auto& d : split(parts[3], ',')) {
      const auto eq = d.find('=');
      if (eq == std::string::npos || eq == 0) return fail("dimension \"" + d + "\" is not Name=Value");
      spec.dimensions.push_back({d.substr(0, eq), d.substr(eq + 1)});
    }
  return spec;
}

ObservedData parse_metric_statistics(const NamedJson& doc, const StatisticsSpec& spec) {
  const Where root{doc.file, ""};
  input::expect_object(doc.doc, root);
  const Json* points = input::member(doc.doc, "Datapoints");
  if (!points) root.fail("missing \"Datapoints\": expected the output of `aws cloudwatch get-metric-statistics`");
  input::expect_array(*points, root.key("Datapoints"));
  ObservedData out;
  if (const Json* label = input::member(doc.doc, "Label");
      label && label->is_string() && label->get<std::string>() != spec.metric)
    out.warnings.push_back(doc.file + ": Label \"" + label->get<std::string>() +
                           "\" differs from the metric named by --statistics (\"" + spec.metric +
                           "\"): the spec is used");

  // statistic -> (epoch seconds -> value)
  std::map<Statistic, std::map<std::int64_t, double>> by_stat;
  bool extended = false;
  for (std::size_t i = 0; i < points->size(); ++i) {
    const Where w = root.key("Datapoints").index(i);
    const Json& p = input::expect_object((*points)[i], w);
    const Json* ts = input::member(p, "Timestamp");
    if (!ts) w.fail("missing \"Timestamp\"");
    const auto us = timestamp_us(*ts);
    if (!us)
      w.key("Timestamp")
          .fail("unparsable timestamp " + input::describe(*ts) +
                ": expected an ISO-8601 date-time such as \"2025-05-01T10:07:00+00:00\" or epoch seconds");
    const std::int64_t t = *us / 1'000'000;
    for (const auto& name : statistic_names())
      if (const Json* v = input::member(p, name)) {
        const double value = input::get_number(*v, w.key(name), -1e300, 1e300);
        const auto [it, inserted] = by_stat[*parse_statistic(name)].emplace(t, value);
        if (!inserted && it->second != value)
          out.warnings.push_back(doc.file + ": two " + name + " datapoints at " + iso_utc_seconds(t) +
                                 ": kept the first");
      }
    if (input::member(p, "ExtendedStatistics")) extended = true;
  }
  if (extended) out.warnings.push_back(doc.file + ": ExtendedStatistics (percentiles) are not modelled: ignored");
  if (by_stat.empty()) {
    out.warnings.push_back(doc.file + ": no datapoint holds Average, Maximum, Minimum, Sum or SampleCount");
    return out;
  }
  for (const auto& [stat, points_of] : by_stat) {
    ObservedSeries o;
    MetricSeries& s = o.series;
    s.id = lower_id(spec.metric) + "_" + lower_id(to_string(stat));
    s.label = spec.metric;
    s.namespace_ = spec.namespace_;
    s.metric = spec.metric;
    s.dimensions = spec.dimensions;
    s.stat = stat;
    for (const auto& [t, v] : points_of) {
      s.timestamps.push_back(t);
      s.values.push_back(v);
    }
    // The output names no period: the smallest gap between datapoints is it
    // (missing periods only make gaps larger).
    std::int64_t period = 0;
    for (std::size_t i = 1; i < s.timestamps.size(); ++i) {
      const std::int64_t gap = s.timestamps[i] - s.timestamps[i - 1];
      if (gap > 0 && (period == 0 || gap < period)) period = gap;
    }
    if (period == 0) {
      period = kDefaultPeriod;
      out.warnings.push_back(doc.file + ": fewer than two datapoints, period assumed " +
                             std::to_string(kDefaultPeriod) + " s");
    }
    s.period_seconds = period;
    o.source = doc.file;
    std::int64_t missing = 0;
    for (std::size_t i = 1; i < s.timestamps.size(); ++i)
      missing += (s.timestamps[i] - s.timestamps[i - 1]) / period - 1;
    if (missing > 0)
      out.warnings.push_back("series \"" + s.id + "\" (" + doc.file + "): " + std::to_string(missing) +
                             " period(s) without data inside its span: treated as missing, not zero");
    out.series.push_back(std::move(o));
  }
  return out;
}

ObservedData read_metric_statistics(const StatisticsSpec& spec) {
  return parse_metric_statistics({spec.file, input::read_json_file(spec.file)}, spec);
}

}  // namespace mwaa::calibration
