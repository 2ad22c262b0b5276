// Real CloudWatch exports read for calibration: what the AWS CLI writes for
// `aws cloudwatch get-metric-data` (with the --metric-data-queries that
// produced it) and `aws cloudwatch get-metric-statistics`.
//
// Results of get-metric-data carry only an Id and a Label, so each series'
// namespace, metric, dimensions, period and statistic come from its query.
// What the readers accept (docs/calibration.md, "Inputs"):
//  - pages: one or more files, each one response; NextToken pages are merged
//    by result Id (the CLI's own auto-pagination also repeats an Id within
//    one file), duplicate datapoints kept once;
//  - order: newest first (the default ScanBy) or oldest first;
//  - timestamps: ISO-8601 with an offset or "Z" (CLI v2), or epoch seconds
//    numbers (CLI v1), see timestamp_input.hpp;
//  - periods without data are absent: they stay missing, never zero.
// Nothing is dropped silently: a StatusCode other than Complete, service
// Messages, periods missing inside a series, results without a query and
// queries without data become warnings; malformed input is an InputError
// naming the file, the JSON path and what was expected.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/report/cloudwatch_export.hpp"

namespace mwaa::calibration {

// One parsed JSON document and the file it came from (for messages).
struct NamedJson {
  std::string file;
  nlohmann::json doc;
};

struct ObservedSeries {
  // Id, namespace, metric, dimensions, stat, period from the query; the
  // datapoints present, oldest first (epoch seconds, values).
  MetricSeries series;
  std::string source;  // the file(s) it was read from
};

struct ObservedData {
  std::vector<ObservedSeries> series;
  std::vector<std::string> warnings;  // gaps, partial data, service messages, ignored queries
};

// The MetricDataQueries of a --metric-data-queries file: the array itself, or
// {"MetricDataQueries": [...]} as in a --cli-input-json file. Returns one
// definition (no data) per MetricStat query; expression queries and queries
// with ReturnData false are skipped with a warning.
std::vector<MetricSeries> parse_metric_data_queries(const NamedJson& queries, std::vector<std::string>& warnings);

// get-metric-data responses (pages, in any order) against their queries.
ObservedData parse_metric_data(const std::vector<NamedJson>& pages, const NamedJson& queries);
ObservedData read_metric_data(const std::vector<std::string>& page_files, const std::string& queries_file);

// Which metric a get-metric-statistics file holds (its output names none):
// "FILE:Namespace:MetricName[:Dim=Value,Dim=Value...]", e.g.
// "running.json:AmazonMWAA:RunningTasks:Function=Executor,Environment=prod".
struct StatisticsSpec {
  std::string file;
  std::string namespace_;
  std::string metric;
  std::vector<MetricDimension> dimensions;
};
// Throws InputError (path "--statistics") for a malformed spec.
StatisticsSpec parse_statistics_spec(const std::string& text);

// {"Label", "Datapoints": [{"Timestamp", "Maximum"|"Average"|..., "Unit"}...]}
// in any order: one series per statistic present (Id
// "<metric>_<statistic>" in lower case, e.g. "runningtasks_maximum"). The
// period is the smallest gap between datapoints (60 s, with a warning, when
// fewer than two). ExtendedStatistics are ignored with a warning.
ObservedData parse_metric_statistics(const NamedJson& doc, const StatisticsSpec& spec);
ObservedData read_metric_statistics(const StatisticsSpec& spec);

// Appends `from` to `into`; an Id that is already present is an InputError
// (two inputs would otherwise be compared as one series).
void append_observed(ObservedData& into, ObservedData from);

// The dimension's value, or "" when the series has no such dimension.
std::string dimension_value(const MetricSeries& series, const std::string& name);

}  // namespace mwaa::calibration
