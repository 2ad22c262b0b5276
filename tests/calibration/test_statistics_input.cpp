// get-metric-statistics files named by --statistics specs.
#include "calibration_fixtures.hpp"
#include "models/calibration/cloudwatch_input.hpp"

using namespace mwaa;
using namespace mwaa::calibration;
using namespace calib_test;

namespace {
constexpr std::int64_t kT0 = 1746093600;  // 2025-05-01T10:00:00Z
}

TEST_CASE("a --statistics spec names file, namespace, metric and dimensions", "[calibration][statistics]") {
  const StatisticsSpec s = parse_statistics_spec("run.json:AmazonMWAA:RunningTasks:Function=Executor,Environment=prod");
  CHECK(s.file == "run.json");
  CHECK(s.namespace_ == "AmazonMWAA");
  CHECK(s.metric == "RunningTasks");
  REQUIRE(s.dimensions.size() == 2);
  CHECK(s.dimensions[1].name == "Environment");
  CHECK(s.dimensions[1].value == "prod");
  CHECK(parse_statistics_spec("age.json:AWS/MWAA:ApproximateAgeOfOldestTask").dimensions.empty());
  for (const char* bad :
       {"run.json", "run.json:AmazonMWAA", ":AmazonMWAA:RunningTasks", "f:N:M:Function", "f:N:M:a=b:extra"}) {
    const Caught c = catch_input_error([&] { parse_statistics_spec(bad); });
    CHECK(c.thrown);
    CHECK(c.path == "--statistics");
  }
}

TEST_CASE("unordered datapoints become sorted series, one per statistic", "[calibration][statistics]") {
  const json doc = json::parse(R"({
    "Label": "RunningTasks",
    "Datapoints": [
      {"Timestamp": "2025-05-01T10:02:00+00:00", "Maximum": 2.0, "Average": 1.5, "Unit": "Count"},
      {"Timestamp": "2025-05-01T10:00:00+00:00", "Maximum": 1.0, "Average": 0.5, "Unit": "Count"},
      {"Timestamp": 1746093660, "Maximum": 4.0, "Average": 3.0, "Unit": "Count",
       "ExtendedStatistics": {"p90": 3.5}}
    ]
  })");
  const StatisticsSpec spec =
      parse_statistics_spec("run.json:AmazonMWAA:RunningTasks:Function=Executor,Environment=prod");
  const ObservedData d = parse_metric_statistics({"run.json", doc}, spec);
  REQUIRE(d.series.size() == 2);
  const MetricSeries* max = nullptr;
  const MetricSeries* avg = nullptr;
  for (const auto& o : d.series) (o.series.stat == Statistic::Maximum ? max : avg) = &o.series;
  REQUIRE(max);
  REQUIRE(avg);
  CHECK(max->id == "runningtasks_maximum");
  CHECK(max->timestamps == std::vector<std::int64_t>{kT0, kT0 + 60, kT0 + 120});
  CHECK(max->values == std::vector<double>{1, 4, 2});
  CHECK(avg->values == std::vector<double>{0.5, 3, 1.5});
  CHECK(max->period_seconds == 60);  // the smallest gap
  CHECK(max->namespace_ == "AmazonMWAA");
  CHECK(dimension_value(*max, "Function") == "Executor");
  CHECK(any_contains(d.warnings, "ExtendedStatistics"));
}

TEST_CASE("get-metric-statistics gaps, single datapoints and bad input", "[calibration][statistics]") {
  const StatisticsSpec spec = parse_statistics_spec("w.json:AWS/MWAA:CPUUtilization:Cluster=AdditionalWorker");
  const ObservedData gaps =
      parse_metric_statistics({"w.json", json::parse(R"({"Label": "CPUUtilization", "Datapoints": [
        {"Timestamp": "2025-05-01T10:00:00Z", "SampleCount": 2.0}, {"Timestamp": "2025-05-01T10:01:00Z", "SampleCount": 3.0},
        {"Timestamp": "2025-05-01T10:05:00Z", "SampleCount": 1.0}]})")},
                              spec);
  CHECK(any_contains(gaps.warnings, "3 period(s) without data"));
  const ObservedData one = parse_metric_statistics(
      {"w.json",
       json::parse(
           R"({"Label": "CPUUtilization", "Datapoints": [{"Timestamp": "2025-05-01T10:00:00Z", "SampleCount": 2.0}]})")},
      spec);
  CHECK(one.series.at(0).series.period_seconds == 60);
  CHECK(any_contains(one.warnings, "period assumed 60 s"));

  Caught c = catch_input_error([&] {
    parse_metric_statistics(
        {"w.json", json::parse(R"({"Label": "x", "Datapoints": [{"Timestamp": "noon", "Maximum": 1}]})")}, spec);
  });
  CHECK(c.path == "Datapoints[0].Timestamp");
  CHECK(contains(c.message, "unparsable timestamp"));
  c = catch_input_error([&] {
    parse_metric_statistics({"w.json", json::parse(R"({"MetricDataResults": []})")}, spec);
  });
  CHECK(contains(c.message, "get-metric-statistics"));
}

TEST_CASE("two inputs with one series Id are refused", "[calibration][statistics]") {
  ObservedData a, b;
  a.series.push_back({MetricSeries{}, "a.json"});
  a.series.back().series.id = "x";
  b.series.push_back({MetricSeries{}, "b.json"});
  b.series.back().series.id = "x";
  const Caught c = catch_input_error([&] { append_observed(a, b); });
  CHECK(c.thrown);
  CHECK(contains(c.message, "also comes from a.json"));
}
