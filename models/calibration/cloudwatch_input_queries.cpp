// parse_metric_data_queries: the --metric-data-queries file that produced a
// get-metric-data export; it alone says what each result Id measures.
#include <set>

#include "models/calibration/cloudwatch_input.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::calibration {

namespace {

using input::Json;
using input::Where;

MetricSeries parse_metric_stat(const Json& stat, const Where& w) {
  input::expect_object(stat, w);
  MetricSeries s;
  const Json* metric = input::member(stat, "Metric");
  if (!metric) w.fail("missing \"Metric\" ({\"Namespace\", \"MetricName\", \"Dimensions\"})");
  const Where mw = w.key("Metric");
  input::expect_object(*metric, mw);
  const Json* ns = input::member(*metric, "Namespace");
  const Json* name = input::member(*metric, "MetricName");
  if (!ns) mw.fail("missing \"Namespace\"");
  if (!name) mw.fail("missing \"MetricName\"");
  s.namespace_ = input::get_nonempty_string(*ns, mw.key("Namespace"));
  s.metric = input::get_nonempty_string(*name, mw.key("MetricName"));
  s.label = s.metric;
  if (const Json* dims = input::member(*metric, "Dimensions")) {
    const Where dw = mw.key("Dimensions");
    input::expect_array(*dims, dw);
    for (std::size_t i = 0; i < dims->size(); ++i) {
      const Json& d = input::expect_object((*dims)[i], dw.index(i));
      const Json* n = input::member(d, "Name");
      const Json* v = input::member(d, "Value");
      if (!n || !v) dw.index(i).fail("expected {\"Name\": ..., \"Value\": ...}");
      s.dimensions.push_back(
          {input::get_nonempty_string(*n, dw.index(i).key("Name")), input::get_string(*v, dw.index(i).key("Value"))});
    }
  }
  const Json* period = input::member(stat, "Period");
  if (!period) w.fail("missing \"Period\" (seconds)");
  s.period_seconds = input::get_integer(*period, w.key("Period"), 1, 86400 * 366);
  const Json* st = input::member(stat, "Stat");
  if (!st) w.fail("missing \"Stat\"");
  const std::string text = input::get_nonempty_string(*st, w.key("Stat"));
  const auto parsed = parse_statistic(text);
  if (!parsed) throw std::invalid_argument(text);  // not modelled: the caller warns and skips
  s.stat = *parsed;
  return s;
}

}  // namespace

std::vector<MetricSeries> parse_metric_data_queries(const NamedJson& queries, std::vector<std::string>& warnings) {
  Where root{queries.file, ""};
  const Json* list = &queries.doc;
  if (queries.doc.is_object()) {
    list = input::member(queries.doc, "MetricDataQueries");
    if (!list) root.fail("expected the MetricDataQueries array, or an object with \"MetricDataQueries\"");
    root = root.key("MetricDataQueries");
  }
  if (!list->is_array()) root.fail("expected an array of MetricDataQuery objects, got " + input::describe(*list));
  std::vector<MetricSeries> out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Where w = root.index(i);
    const Json& q = input::expect_object((*list)[i], w);
    const Json* id = input::member(q, "Id");
    if (!id) w.fail("missing \"Id\"");
    const std::string name = input::get_nonempty_string(*id, w.key("Id"));
    if (!ids.insert(name).second) w.key("Id").fail("duplicate query Id \"" + name + "\"");
    if (const Json* rd = input::member(q, "ReturnData"); rd && !input::get_bool(*rd, w.key("ReturnData"))) {
      warnings.push_back(queries.file + ": query \"" + name + "\" has ReturnData false: not compared");
      continue;
    }
    const Json* stat = input::member(q, "MetricStat");
    if (!stat) {
      if (input::member(q, "Expression"))
        warnings.push_back(
            queries.file + ": query \"" + name +
            "\" is a metric-math or Metrics Insights expression: the model does not predict it, ignored");
      else
        w.fail("missing \"MetricStat\" (or \"Expression\")");
      continue;
    }
    try {
      MetricSeries s = parse_metric_stat(*stat, w.key("MetricStat"));
      s.id = name;
      if (const Json* label = input::member(q, "Label")) s.label = input::get_string(*label, w.key("Label"));
      out.push_back(std::move(s));
    } catch (const std::invalid_argument& e) {
      warnings.push_back(queries.file + ": query \"" + name + "\" uses the statistic \"" + e.what() +
                         "\", which the model does not compute (Maximum, Minimum, Average, Sum, SampleCount): ignored");
    }
  }
  return out;
}

}  // namespace mwaa::calibration
