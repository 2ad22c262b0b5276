// get-metric-data exports: every shape the AWS CLI writes, merged pages,
// missing periods and statuses reported as warnings.
#include "calibration_fixtures.hpp"
#include "models/calibration/cloudwatch_input.hpp"

using namespace mwaa;
using namespace mwaa::calibration;
using namespace calib_test;

namespace {

constexpr std::int64_t kT0 = 1746093600;  // 2025-05-01T10:00:00Z

json queries() {
  return json::parse(R"([
    {"Id": "running", "MetricStat": {"Metric": {"Namespace": "AmazonMWAA", "MetricName": "RunningTasks",
      "Dimensions": [{"Name": "Function", "Value": "Executor"}, {"Name": "Environment", "Value": "prod"}]},
      "Period": 60, "Stat": "Maximum"}, "ReturnData": true},
    {"Id": "workers", "MetricStat": {"Metric": {"Namespace": "AWS/MWAA", "MetricName": "CPUUtilization",
      "Dimensions": [{"Name": "Cluster", "Value": "AdditionalWorker"}, {"Name": "Environment", "Value": "prod"}]},
      "Period": 60, "Stat": "SampleCount"}, "ReturnData": true}
  ])");
}

json result(const std::string& id, const json& timestamps, const json& values, const std::string& status = "Complete") {
  return {{"Id", id},         {"Label", id},          {"Timestamps", timestamps},
          {"Values", values}, {"StatusCode", status}, {"Messages", json::array()}};
}

json page(const json& results, const json& extra = json::object()) {
  json p = {{"MetricDataResults", results}, {"Messages", json::array()}};
  for (auto it = extra.begin(); it != extra.end(); ++it) p[it.key()] = it.value();
  return p;
}

ObservedData parse(const std::vector<json>& pages, const json& q = queries()) {
  std::vector<NamedJson> named;
  for (std::size_t i = 0; i < pages.size(); ++i) named.push_back({"page" + std::to_string(i + 1) + ".json", pages[i]});
  return parse_metric_data(named, {"q.json", q});
}

const MetricSeries& series(const ObservedData& d, const std::string& id) {
  for (const auto& s : d.series)
    if (s.series.id == id) return s.series;
  FAIL("no series " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("queries give each result its namespace, metric, dimensions, period and statistic", "[calibration][input]") {
  const ObservedData d = parse({page(json::array({result("running", {"2025-05-01T10:00:00+00:00"}, {3.0})}))});
  const MetricSeries& s = series(d, "running");
  CHECK(s.namespace_ == "AmazonMWAA");
  CHECK(s.metric == "RunningTasks");
  CHECK(s.stat == Statistic::Maximum);
  CHECK(s.period_seconds == 60);
  CHECK(dimension_value(s, "Function") == "Executor");
  CHECK(dimension_value(s, "Environment") == "prod");
  // The workers query has no result: said, not dropped silently.
  CHECK(any_contains(d.warnings, "query \"workers\""));
}

TEST_CASE("the queries may come as a --cli-input-json document", "[calibration][input]") {
  const ObservedData d = parse({page(json::array({result("running", {"2025-05-01T10:00:00Z"}, {1.0}),
                                                  result("workers", {"2025-05-01T10:00:00Z"}, {2.0})}))},
                               {{"MetricDataQueries", queries()}, {"StartTime", "2025-05-01T10:00:00Z"}});
  CHECK(d.series.size() == 2);
  CHECK(d.warnings.empty());
}

TEST_CASE("ISO (CLI v2) and epoch-seconds (CLI v1) timestamps give the same series", "[calibration][input]") {
  const ObservedData iso = parse({page(json::array(
      {result("running", {"2025-05-01T10:00:00+00:00", "2025-05-01T10:01:00+00:00", "2025-05-01T10:02:00+00:00"},
              {1.0, 4.0, 2.0})}))});
  const ObservedData epoch =
      parse({page(json::array({result("running", {kT0, kT0 + 60, kT0 + 120}, {1.0, 4.0, 2.0})}))});
  CHECK(series(iso, "running").timestamps == std::vector<std::int64_t>{kT0, kT0 + 60, kT0 + 120});
  CHECK(series(epoch, "running").timestamps == series(iso, "running").timestamps);
  CHECK(series(epoch, "running").values == series(iso, "running").values);
}

TEST_CASE("newest-first results (the default ScanBy) are sorted oldest first", "[calibration][input]") {
  const ObservedData d = parse({page(json::array(
      {result("running", {"2025-05-01T10:02:00+00:00", "2025-05-01T10:01:00+00:00", "2025-05-01T10:00:00+00:00"},
              {2.0, 4.0, 1.0})}))});
  CHECK(series(d, "running").timestamps == std::vector<std::int64_t>{kT0, kT0 + 60, kT0 + 120});
  CHECK(series(d, "running").values == std::vector<double>{1, 4, 2});
}

TEST_CASE("NextToken pages are merged by Id, in any order", "[calibration][input]") {
  // Page 1 says PartialData and carries a NextToken; page 2 completes it.
  const json p1 = page(json::array({result("running", {kT0, kT0 + 60}, {1.0, 4.0}, "PartialData"),
                                    result("workers", {kT0}, {0.0}, "PartialData")}),
                       {{"NextToken", "abc"}});
  const json p2 =
      page(json::array({result("running", {kT0 + 120, kT0 + 180}, {2.0, 0.0}), result("workers", {kT0 + 60}, {1.0})}));
  for (const auto& pages : {std::vector<json>{p1, p2}, std::vector<json>{p2, p1}}) {
    const ObservedData d = parse(pages);
    CHECK(series(d, "running").values == std::vector<double>{1, 4, 2, 0});
    CHECK(series(d, "workers").values == std::vector<double>{0, 1});
    CHECK(d.warnings.empty());  // PartialData of a page followed by Complete is normal pagination
  }
  // The CLI's own auto-pagination repeats an Id inside one file: merged the same way.
  json joined = p2;
  for (const auto& r : p1["MetricDataResults"]) joined["MetricDataResults"].push_back(r);
  CHECK(series(parse({joined}), "running").values == std::vector<double>{1, 4, 2, 0});
}

TEST_CASE("a missing last page is reported", "[calibration][input]") {
  const ObservedData d = parse({page(
      json::array({result("running", {kT0}, {1.0}, "PartialData"), result("workers", {kT0}, {1.0}, "PartialData")}),
      {{"NextToken", "more"}})});
  CHECK(any_contains(d.warnings, "NextToken"));
  CHECK(any_contains(d.warnings, "series \"running\": StatusCode PartialData"));
}

TEST_CASE("periods without data stay missing and are reported", "[calibration][input]") {
  const ObservedData d = parse({page(
      json::array({result("running", {kT0, kT0 + 60, kT0 + 240}, {1.0, 4.0, 2.0}), result("workers", {kT0}, {1.0})}))});
  const MetricSeries& s = series(d, "running");
  CHECK(s.timestamps == std::vector<std::int64_t>{kT0, kT0 + 60, kT0 + 240});  // no zeros invented
  CHECK(any_contains(d.warnings, "series \"running\": 2 period(s) without data"));
  CHECK(any_contains(d.warnings, "treated as missing, not zero"));
}

TEST_CASE("statuses other than Complete and service messages are warnings naming the series", "[calibration][input]") {
  json r = result("running", {kT0}, {1.0}, "PartialData");
  json w = result("workers", json::array(), json::array(), "Forbidden");
  w["Messages"] = json::array({{{"Code", "Forbidden"}, {"Value", "no access to AWS/MWAA"}}});
  json p = page(json::array({r, w}));
  p["Messages"] = json::array({{{"Code", "MaxQueryTimeRangeExceed"}, {"Value", "too long"}}});
  const ObservedData d = parse({p});
  CHECK(any_contains(d.warnings, "series \"running\": StatusCode PartialData"));
  CHECK(any_contains(d.warnings, "series \"workers\": StatusCode Forbidden"));
  CHECK(any_contains(d.warnings, "no access to AWS/MWAA"));
  CHECK(any_contains(d.warnings, "MaxQueryTimeRangeExceed: too long"));
  CHECK(any_contains(d.warnings, "series \"workers\": no datapoints"));
}

TEST_CASE("duplicate datapoints across pages are kept once, conflicting ones reported", "[calibration][input]") {
  const json p1 = page(json::array({result("running", {kT0, kT0 + 60}, {1.0, 4.0})}));
  const json p2 = page(json::array({result("running", {kT0 + 60, kT0 + 120}, {4.0, 2.0})}));
  CHECK(series(parse({p1, p2}), "running").values == std::vector<double>{1, 4, 2});
  const json p3 = page(json::array({result("running", {kT0 + 60}, {5.0})}));
  const ObservedData d = parse({p1, p3});
  CHECK(series(d, "running").values == std::vector<double>{1, 4});
  CHECK(any_contains(d.warnings, "two values at 2025-05-01T10:01:00+00:00"));
}

TEST_CASE("results and queries the model cannot use are reported, not dropped silently", "[calibration][input]") {
  json q = queries();
  q.push_back(json::parse(R"({"Id": "total", "Expression": "running + workers", "ReturnData": true})"));
  q.push_back(
      json::parse(R"({"Id": "p90", "MetricStat": {"Metric": {"Namespace": "AWS/MWAA", "MetricName": "QueuedTasks"},
                              "Period": 60, "Stat": "p90"}})"));
  q.push_back(
      json::parse(R"({"Id": "hidden", "MetricStat": {"Metric": {"Namespace": "AWS/MWAA", "MetricName": "QueuedTasks"},
                              "Period": 60, "Stat": "Sum"}, "ReturnData": false})"));
  const ObservedData d = parse({page(json::array({result("running", {kT0}, {1.0}), result("workers", {kT0}, {1.0}),
                                                  result("stray", {kT0}, {1.0})}))},
                               q);
  CHECK(d.series.size() == 2);
  CHECK(any_contains(d.warnings, "\"total\" is a metric-math"));
  CHECK(any_contains(d.warnings, "statistic \"p90\""));
  CHECK(any_contains(d.warnings, "\"hidden\" has ReturnData false"));
  CHECK(any_contains(d.warnings, "result \"stray\" has no MetricStat query"));
}

TEST_CASE("malformed get-metric-data input is an InputError naming file and path", "[calibration][input][errors]") {
  auto error_of = [](const json& p, const json& q = queries()) { return catch_input_error([&] { parse({p}, q); }); };
  Caught c = error_of(page(json::array({result("running", {"2025-05-01T10:00:00+00:00", "soon"}, {1.0, 2.0})})));
  CHECK(c.thrown);
  CHECK(c.file == "page1.json");
  CHECK(c.path == "MetricDataResults[0].Timestamps[1]");
  CHECK(contains(c.message, "unparsable timestamp \"soon\""));

  c = error_of(page(json::array({result("running", {kT0, kT0 + 60}, {1.0})})));
  CHECK(c.path == "MetricDataResults[0]");
  CHECK(contains(c.message, "2 Timestamps but 1 Values"));

  c = error_of(json{{"Datapoints", json::array()}});
  CHECK(contains(c.message, "missing \"MetricDataResults\""));

  c = error_of(page(json::array()), json{{"Queries", json::array()}});
  CHECK(c.file == "q.json");
  CHECK(contains(c.message, "MetricDataQueries"));

  c = error_of(
      page(json::array()),
      json::parse(R"([{"Id": "a", "MetricStat": {"Metric": {"Namespace": "N"}, "Period": 60, "Stat": "Maximum"}}])"));
  CHECK(c.path == "[0].MetricStat.Metric");
  CHECK(contains(c.message, "MetricName"));
}

TEST_CASE("the exporter's own output reads back exactly", "[calibration][input]") {
  const Scenario sc = load(fit_scenario());
  std::vector<MetricSeries> defs = metric_series_definitions(sc);
  for (auto& s : defs) {
    s.timestamps = {kT0, kT0 + 60};
    s.values = {1.5, 0};
  }
  const ObservedData d =
      parse({json::parse(metric_data_json(defs).dump())}, json::parse(metric_data_queries(defs).dump()));
  REQUIRE(d.series.size() == defs.size());
  for (std::size_t i = 0; i < defs.size(); ++i) {
    CHECK(d.series[i].series.id == defs[i].id);
    CHECK(d.series[i].series.stat == defs[i].stat);
    CHECK(d.series[i].series.values == defs[i].values);
    CHECK(d.series[i].series.timestamps == defs[i].timestamps);
  }
  CHECK(d.warnings.empty());
}
