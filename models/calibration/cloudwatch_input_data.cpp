// parse_metric_data: get-metric-data responses (one or more pages) merged by
// result Id, sorted oldest first, with every irregularity reported.
#include <algorithm>
#include <map>
#include <set>

#include "models/calibration/cloudwatch_input.hpp"
#include "models/calibration/timestamp_input.hpp"
#include "models/errors.hpp"
#include "models/report/iso_time.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::calibration {

namespace {

using input::Json;
using input::Where;

// What the pages said about one result Id, before it becomes a series.
struct Collected {
  std::map<std::int64_t, double> points;  // epoch seconds -> value
  std::set<std::string> statuses;
  std::set<std::string> files;
  std::size_t entries = 0;
};

std::string messages_text(const Json& messages, const Where& w) {
  input::expect_array(messages, w);
  std::string out;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const Json& m = messages[i];
    std::string text;
    if (m.is_object()) {
      const Json* code = input::member(m, "Code");
      const Json* value = input::member(m, "Value");
      text = (code && code->is_string() ? code->get<std::string>() : std::string("?")) + ": " +
             (value && value->is_string() ? value->get<std::string>() : std::string(""));
    } else {
      text = input::describe(m);
    }
    out += (out.empty() ? "" : "; ") + text;
  }
  return out;
}

std::int64_t parse_time(const Json& v, const Where& w) {
  const auto us = timestamp_us(v);
  if (!us)
    w.fail("unparsable timestamp " + input::describe(v) +
           ": expected an ISO-8601 date-time such as \"2025-05-01T10:07:00+00:00\" or epoch seconds");
  // CloudWatch periods start on whole seconds; a fraction would be noise.
  return *us >= 0 ? *us / 1'000'000 : -((-*us + 999'999) / 1'000'000);
}

void collect_result(const Json& r, const Where& w, const std::string& file, std::map<std::string, Collected>& by_id,
                    const std::set<std::string>& known, std::set<std::string>& unknown_reported,
                    std::vector<std::string>& warnings) {
  input::expect_object(r, w);
  const Json* id = input::member(r, "Id");
  if (!id) w.fail("missing \"Id\"");
  const std::string name = input::get_nonempty_string(*id, w.key("Id"));
  if (!known.count(name)) {
    if (unknown_reported.insert(name).second)
      warnings.push_back(file + ": result \"" + name + "\" has no MetricStat query in the queries file: ignored");
    return;
  }
  const Json* ts = input::member(r, "Timestamps");
  const Json* vs = input::member(r, "Values");
  if (!ts || !vs) w.fail("expected \"Timestamps\" and \"Values\" arrays");
  input::expect_array(*ts, w.key("Timestamps"));
  input::expect_array(*vs, w.key("Values"));
  if (ts->size() != vs->size())
    w.fail(std::to_string(ts->size()) + " Timestamps but " + std::to_string(vs->size()) +
           " Values: they must pair one to one");
  Collected& c = by_id[name];
  ++c.entries;
  c.files.insert(file);
  if (const Json* status = input::member(r, "StatusCode"))
    c.statuses.insert(input::get_string(*status, w.key("StatusCode")));
  if (const Json* m = input::member(r, "Messages"); m && !m->empty())
    warnings.push_back(file + ": series \"" + name + "\": service messages: " + messages_text(*m, w.key("Messages")));
  for (std::size_t i = 0; i < ts->size(); ++i) {
    const std::int64_t t = parse_time((*ts)[i], w.key("Timestamps").index(i));
    const double v = input::get_number((*vs)[i], w.key("Values").index(i), -1e300, 1e300);
    const auto [it, inserted] = c.points.emplace(t, v);
    if (!inserted && it->second != v)
      warnings.push_back(file + ": series \"" + name + "\" has two values at " + iso_utc_seconds(t) + " (" +
                         Json(it->second).dump() + " and " + Json(v).dump() + "): kept the first");
  }
}

// Periods missing inside a series' span (absent = no data, never zero), and
// timestamps off the period grid.
void report_gaps(const MetricSeries& s, std::vector<std::string>& warnings) {
  std::int64_t missing = 0, off_grid = 0;
  std::string first_gap;
  for (std::size_t i = 1; i < s.timestamps.size(); ++i) {
    const std::int64_t gap = s.timestamps[i] - s.timestamps[i - 1];
    if (gap % s.period_seconds != 0) ++off_grid;
    const std::int64_t lost = gap / s.period_seconds - 1;
    if (lost > 0 && missing == 0) first_gap = iso_utc_seconds(s.timestamps[i - 1] + s.period_seconds);
    if (lost > 0) missing += lost;
  }
  if (missing > 0)
    warnings.push_back("series \"" + s.id + "\": " + std::to_string(missing) +
                       " period(s) without data inside its span (first at " + first_gap +
                       "): treated as missing, not zero");
  if (off_grid > 0)
    warnings.push_back("series \"" + s.id + "\": " + std::to_string(off_grid) +
                       " timestamp gap(s) are not a multiple of its " + std::to_string(s.period_seconds) + " s period");
}

}  // namespace

ObservedData parse_metric_data(const std::vector<NamedJson>& pages, const NamedJson& queries) {
  ObservedData out;
  const std::vector<MetricSeries> defs = parse_metric_data_queries(queries, out.warnings);
  std::set<std::string> known;
  for (const auto& d : defs) known.insert(d.id);

  std::map<std::string, Collected> by_id;
  std::set<std::string> unknown_reported;
  std::size_t with_token = 0;
  for (const auto& page : pages) {
    const Where root{page.file, ""};
    input::expect_object(page.doc, root);
    const Json* results = input::member(page.doc, "MetricDataResults");
    if (!results) root.fail("missing \"MetricDataResults\": expected the output of `aws cloudwatch get-metric-data`");
    input::expect_array(*results, root.key("MetricDataResults"));
    for (std::size_t i = 0; i < results->size(); ++i)
      collect_result((*results)[i], root.key("MetricDataResults").index(i), page.file, by_id, known, unknown_reported,
                     out.warnings);
    if (const Json* m = input::member(page.doc, "Messages"); m && !m->empty())
      out.warnings.push_back(page.file + ": service messages: " + messages_text(*m, root.key("Messages")));
    if (const Json* token = input::member(page.doc, "NextToken"); token && !token->is_null()) ++with_token;
  }
  if (!pages.empty() && with_token == pages.size())
    out.warnings.push_back(
        "every page carries a NextToken: the export's last page seems missing (pass every page "
        "tools/export-cloudwatch.sh wrote)");

  for (const auto& def : defs) {
    const auto found = by_id.find(def.id);
    if (found == by_id.end()) {
      out.warnings.push_back("query \"" + def.id + "\" (" + def.namespace_ + " " + def.metric + " " +
                             to_string(def.stat) + ") has no result in the export");
      continue;
    }
    const Collected& c = found->second;
    ObservedSeries o;
    o.series = def;
    for (const auto& [t, v] : c.points) {
      o.series.timestamps.push_back(t);
      o.series.values.push_back(v);
    }
    for (const auto& f : c.files) o.source += (o.source.empty() ? "" : ", ") + f;
    // Pages before the last of a paginated series say PartialData; the series
    // is complete when any of its pages says Complete.
    const bool complete = c.statuses.count("Complete") > 0;
    for (const auto& status : c.statuses)
      if (status != "Complete" && (status != "PartialData" || !complete))
        out.warnings.push_back("series \"" + def.id + "\": StatusCode " + status + " in " + o.source +
                               (status == "PartialData" ? ": more data exists (fetch the remaining NextToken pages)"
                                                        : ": its data may be incomplete"));
    if (o.series.timestamps.empty()) out.warnings.push_back("series \"" + def.id + "\": no datapoints in the export");
    report_gaps(o.series, out.warnings);
    out.series.push_back(std::move(o));
  }
  return out;
}

ObservedData read_metric_data(const std::vector<std::string>& page_files, const std::string& queries_file) {
  std::vector<NamedJson> pages;
  for (const auto& f : page_files) pages.push_back({f, input::read_json_file(f)});
  return parse_metric_data(pages, {queries_file, input::read_json_file(queries_file)});
}

void append_observed(ObservedData& into, ObservedData from) {
  for (auto& s : from.series) {
    for (const auto& existing : into.series)
      if (existing.series.id == s.series.id)
        throw InputError(s.source, "",
                         "series Id \"" + s.series.id + "\" also comes from " + existing.source +
                             ": give each input series a distinct Id");
    into.series.push_back(std::move(s));
  }
  for (auto& w : from.warnings) into.warnings.push_back(std::move(w));
}

std::string dimension_value(const MetricSeries& series, const std::string& name) {
  for (const auto& d : series.dimensions)
    if (d.name == name) return d.value;
  return "";
}

}  // namespace mwaa::calibration
