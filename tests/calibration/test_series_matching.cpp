// Matching observed series to the model's, period alignment, and the
// InputErrors for exports calibration cannot use.
#include <chrono>

#include "calibration_fixtures.hpp"
#include "models/calibration/comparison_setup.hpp"
#include "models/calibration/observed_inputs.hpp"
#include "models/calibration/series_matching.hpp"
#include "models/calibration/timestamp_input.hpp"
#include "models/calibration/validation.hpp"
#include "models/simulation.hpp"
#include "tests/cli/cli_runner.hpp"

using namespace mwaa;
using namespace mwaa::calibration;
using namespace calib_test;

namespace {

constexpr std::int64_t kT0 = 1746093600;  // the scenario's start, 2025-05-01T10:00:00Z

ObservedSeries observed(const std::string& id, const std::string& ns, const std::string& metric,
                        std::vector<MetricDimension> dims, Statistic stat, std::vector<std::int64_t> ts,
                        std::vector<double> values, std::int64_t period = 60) {
  ObservedSeries o;
  o.series.id = id;
  o.series.namespace_ = ns;
  o.series.metric = metric;
  o.series.dimensions = std::move(dims);
  o.series.stat = stat;
  o.series.period_seconds = period;
  o.series.timestamps = std::move(ts);
  o.series.values = std::move(values);
  o.source = "export.json";
  return o;
}

ObservedSeries running(Statistic stat = Statistic::Maximum, const std::string& env = "prod",
                       std::vector<std::int64_t> ts = {kT0, kT0 + 60, kT0 + 120}) {
  std::vector<double> v(ts.size(), 3.0);
  return observed("running", "AmazonMWAA", "RunningTasks", {{"Function", "Executor"}, {"Environment", env}}, stat, ts,
                  v);
}

std::int64_t epoch(const char* iso) { return *parse_iso8601_us(iso) / 1'000'000; }

// A get-metric-data export and its queries, written by the exporter from a
// simulated run of `scenario`, with every result's Timestamps and Values
// replaced by `timestamps` and ones (a hand-edited or mistyped export).
struct WrittenExport {
  std::string scenario, metrics, queries;
};
WrittenExport export_with_timestamps(const ScratchDir& dir, const json& scenario, const json& timestamps) {
  const Scenario sc = load(scenario);
  const std::vector<MetricSeries> series = cloudwatch_series(sc, simulate(sc, 5));
  json metrics = json::parse(metric_data_json(series).dump());
  for (auto& r : metrics.at("MetricDataResults")) {
    r["Timestamps"] = timestamps;
    r["Values"] = json::array();
    for (std::size_t i = 0; i < timestamps.size(); ++i) r["Values"].push_back(1);
  }
  return {dir.write("scenario.json", scenario), dir.write("metrics.json", metrics),
          dir.write("queries.json", json::parse(metric_data_queries(series).dump()))};
}

}  // namespace

TEST_CASE("observed series match the model by namespace, metric, dimensions and statistic", "[calibration][matching]") {
  Scenario sc = load(fit_scenario());
  ObservedData d;
  d.series.push_back(running(Statistic::Average));  // a level series: any statistic
  d.series.push_back(observed("extra", "AWS/MWAA", "CPUUtilization",
                              {{"Cluster", "AdditionalWorker"}, {"Environment", "prod"}}, Statistic::SampleCount, {kT0},
                              {2}));
  d.series.push_back(observed("age_avg", "AWS/MWAA", "ApproximateAgeOfOldestTask", {{"Environment", "prod"}},
                              Statistic::Average, {kT0}, {2}));  // the model only has its Maximum
  d.series.push_back(observed("other_pool", "AmazonMWAA", "PoolOpenSlots", {{"Pool", "etl"}, {"Environment", "prod"}},
                              Statistic::Maximum, {kT0}, {2}));  // no such pool in the scenario
  d.series.push_back(observed("sched_cpu", "AWS/MWAA", "CPUUtilization",
                              {{"Cluster", "Scheduler"}, {"Environment", "prod"}}, Statistic::Average, {kT0}, {20}));
  const ComparisonPlan plan = plan_comparison(sc, d);
  REQUIRE(plan.series.size() == 2);
  CHECK(plan.series[0].model_id == "executor_running_tasks");
  CHECK(plan.series[0].stat() == Statistic::Average);
  CHECK(plan.series[1].model_id == "additional_workers");
  CHECK(plan.environment == "prod");
  CHECK(any_contains(plan.warnings, "3 series the model does not predict"));
  CHECK(any_contains(plan.warnings, "age_avg"));
  CHECK(any_contains(plan.warnings, "export's environment is \"prod\""));
  CHECK(plan.series[0].period == std::vector<std::size_t>{0, 1, 2});
  CHECK(plan.series[0].scale == 3);
  CHECK(plan.window_start == kT0);
  CHECK(plan.window_end == kT0 + 180);
}

TEST_CASE("periods map onto the simulated ones from the scenario's start", "[calibration][matching]") {
  Scenario sc = load(fit_scenario());
  ObservedData d;
  // One period before the start, and periods 20 s off the start's grid.
  d.series.push_back(running(Statistic::Maximum, "prod", {kT0 - 60, kT0 + 20, kT0 + 80, kT0 + 140}));
  const ComparisonPlan plan = plan_comparison(sc, d);
  CHECK(plan.series[0].period == std::vector<std::size_t>{0, 1, 2});
  CHECK(plan.series[0].timestamps.front() == kT0 + 20);
  CHECK(any_contains(plan.warnings, "1 observed datapoint(s) lie before the scenario's start"));
  CHECK(any_contains(plan.warnings, "20 s off the scenario's start"));
}

TEST_CASE("the export's period replaces the scenario's metrics period", "[calibration][matching]") {
  Scenario sc = load(fit_scenario());
  ObservedData d;
  d.series.push_back(observed("running", "AmazonMWAA", "RunningTasks",
                              {{"Function", "Executor"}, {"Environment", "prod"}}, Statistic::Maximum, {kT0, kT0 + 300},
                              {1, 2}, 300));
  const ComparisonPlan plan = plan_comparison(sc, d);
  CHECK(sc.model.metrics_period == sim::Time::seconds(300));
  CHECK(plan.period_seconds == 300);
  CHECK(any_contains(plan.warnings, "the export's period is 300 s"));
}

TEST_CASE("exports calibration cannot use are InputErrors", "[calibration][matching][errors]") {
  SECTION("no series the model can use") {
    Scenario sc = load(fit_scenario());
    ObservedData d;
    d.series.push_back(observed("sched_cpu", "AWS/MWAA", "CPUUtilization",
                                {{"Cluster", "Scheduler"}, {"Environment", "prod"}}, Statistic::Average, {kT0}, {20}));
    const Caught c = catch_input_error([&] { plan_comparison(sc, d); });
    CHECK(c.thrown);
    CHECK(c.file == "export.json");
    CHECK(contains(c.message, "no series the model can use"));
  }
  SECTION("series from different environments") {
    Scenario sc = load(fit_scenario());
    ObservedData d;
    d.series.push_back(running(Statistic::Maximum, "prod"));
    d.series.push_back(running(Statistic::Maximum, "staging"));
    d.series.back().series.id = "running2";
    const Caught c = catch_input_error([&] { plan_comparison(sc, d); });
    CHECK(c.path == "Environment");
    CHECK(contains(c.message, "different environments"));
    CHECK(contains(c.message, "\"prod\""));
    CHECK(contains(c.message, "\"staging\""));
  }
  SECTION("series with different periods") {
    Scenario sc = load(fit_scenario());
    ObservedData d;
    d.series.push_back(running());
    d.series.push_back(observed("age", "AWS/MWAA", "ApproximateAgeOfOldestTask", {{"Environment", "prod"}},
                                Statistic::Maximum, {kT0}, {2}, 300));
    const Caught c = catch_input_error([&] { plan_comparison(sc, d); });
    CHECK(c.path == "Period");
  }
  SECTION("a weight for no compared series") {
    Scenario sc = load(fit_scenario());
    ObservedData d;
    d.series.push_back(running());
    const Caught c = catch_input_error([&] { plan_comparison(sc, d, {{"runing", 2.0}}); });
    CHECK(c.path == "--weight");
    CHECK(contains(c.message, "compared: running"));
  }
  SECTION("an export starting after the scenario's start") {
    Scenario sc = load(fit_scenario());
    ObservedData d;
    d.series.push_back(running(Statistic::Maximum, "prod", {kT0 + 60, kT0 + 120}));
    const ComparisonPlan plan = plan_comparison(sc, d);
    const Caught c = catch_input_error([&] { check_window(plan, sc, 60, "test"); });
    CHECK(c.path == "start");
    CHECK(contains(c.message, "does not cover the scenario's start 2025-05-01T10:00:00Z"));
  }
  SECTION("an export ending before the run does") {
    Scenario sc = load(fit_scenario());
    ObservedData d;
    d.series.push_back(running());
    const ComparisonPlan plan = plan_comparison(sc, d);
    CHECK_NOTHROW(check_window(plan, sc, 180, "test"));
    const Caught c = catch_input_error([&] { check_window(plan, sc, 181, "task instances: last end_date"); });
    CHECK(contains(c.message, "ends before the run does"));
    CHECK(contains(c.message, "task instances: last end_date"));
  }
  SECTION("the task instances' completion outside the window fails before any simulation") {
    ObservedData d;
    d.series.push_back(running());
    TaskInstanceData tis;
    ObservedTry t;
    t.dag_id = "w0_d0";
    t.task_id = "t0";
    t.state = "success";
    t.start_us = (kT0 + 10) * 1'000'000;
    t.end_us = (kT0 + 600) * 1'000'000;
    tis.tries.push_back(t);
    const Caught c = catch_input_error([&] { prepare_comparison(load(fit_scenario()), d, tis, {}); });
    CHECK(contains(c.message, "ends before the run does"));
  }
  SECTION("inputs missing or half given") {
    CHECK(contains(catch_input_error([] { read_observed_inputs({}); }).message, "no metrics given"));
    CHECK(catch_input_error([] { read_observed_inputs({{"a.json"}, "", {}, {}}); }).path == "--queries");
    CHECK(contains(catch_input_error([] { parse_weights({"x=-1"}); }).message, "ID=W"));
    CHECK(parse_weights({"queue_queued_tasks=2.5"}).at("queue_queued_tasks") == 2.5);
  }
}

TEST_CASE("the observed completion comes from the last nonzero RunningTasks period", "[calibration][matching]") {
  Scenario sc = load(fit_scenario());
  ObservedData d;
  d.series.push_back(observed("running", "AmazonMWAA", "RunningTasks",
                              {{"Function", "Executor"}, {"Environment", "prod"}}, Statistic::Maximum,
                              {kT0, kT0 + 60, kT0 + 120, kT0 + 180}, {2, 5, 0, 0}));
  const ComparisonPlan plan = plan_comparison(sc, d);
  const MetricsCompletion m = completion_from_metrics(plan, sc);
  CHECK(m.seconds == 120);
  CHECK_FALSE(m.still_running);
  CHECK(m.series_id == "running");
}

TEST_CASE("a datapoint far past the scenario's time limit is refused before anything is sized by the span",
          "[calibration][matching][errors][window]") {
  json doc = fit_scenario();
  doc["time_limit"] = "1h";
  SECTION("a mistyped year") {
    Scenario sc = load(doc);
    ObservedData d;
    const std::int64_t typo = epoch("2125-05-01T10:00:00Z");
    d.series.push_back(running(Statistic::Maximum, "prod", {kT0, typo}));
    const Caught c = catch_input_error([&] { plan_comparison(sc, d); });
    REQUIRE(c.thrown);
    CHECK(c.file == "export.json");
    CHECK(c.path == "Timestamps");
    INFO(c.message);
    CHECK(contains(c.message, "series \"running\" has a datapoint at 2125-05-01T10:00:00+00:00"));
    CHECK(contains(c.message, "after the scenario's start 2025-05-01T10:00:00Z"));
    CHECK(contains(c.message, "the export's window (2025-05-01T10:00:00+00:00 to 2125-05-01T10:01:00+00:00) is " +
                                  std::to_string((typo + 60 - kT0) / 60) + " periods of 60 s"));
    CHECK(contains(c.message, "time_limit 1h (60 periods"));
  }
  SECTION("ten years of data, the furthest datapoint named") {
    Scenario sc = load(doc);
    ObservedData d;
    const std::int64_t ten_years = epoch("2035-05-01T10:00:00Z");
    d.series.push_back(running(Statistic::Maximum, "prod", {kT0, kT0 + 86400, ten_years}));
    const Caught c = catch_input_error([&] { plan_comparison(sc, d); });
    REQUIRE(c.thrown);
    CHECK(contains(c.message, "has a datapoint at 2035-05-01T10:00:00+00:00"));
    CHECK(contains(c.message, "(2 datapoints of the compared series lie that far out)"));
  }
  SECTION("up to twice the time limit: compared, with a warning; from there on: refused") {
    Scenario sc = load(doc);
    ObservedData d;
    d.series.push_back(running(Statistic::Maximum, "prod", {kT0, kT0 + 3540, kT0 + 3600, kT0 + 7140}));
    const ComparisonPlan plan = plan_comparison(sc, d);
    CHECK(plan.series[0].period == std::vector<std::size_t>{0, 59, 60, 119});
    CHECK(plan.periods_needed == 120);
    CHECK(any_contains(plan.warnings, "2 observed datapoint(s) start at or after the scenario's start + time_limit 1h "
                                      "(2025-05-01T11:00:00+00:00), where the simulation stops"));
    ObservedData far;
    far.series.push_back(running(Statistic::Maximum, "prod", {kT0, kT0 + 7200}));
    Scenario sc2 = load(doc);
    CHECK(catch_input_error([&] { plan_comparison(sc2, far); }).path == "Timestamps");
  }
  SECTION("validate on an exporter-made export with a mistyped year fails fast") {
    ScratchDir dir;
    const WrittenExport e = export_with_timestamps(
        dir, doc, json::array({"2025-05-01T10:00:00+00:00", "2125-05-01T10:00:00+00:00"}));
    const ObservedInputs inputs = read_observed_inputs({{e.metrics}, e.queries, {}, {}});
    const auto began = std::chrono::steady_clock::now();
    const Caught c = catch_input_error([&] { validate_run(load(doc, e.scenario), inputs.metrics, std::nullopt, {}); });
    CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(5));
    REQUIRE(c.thrown);
    CHECK(c.file == e.metrics);
    CHECK(contains(c.message, "has a datapoint at 2125-05-01T10:00:00+00:00"));
  }
}

TEST_CASE("calibrate and validate exit 2 on an export reaching a century past the time limit",
          "[calibration][matching][errors][window]") {
  ScratchDir dir;
  json doc = json::parse(R"({"environment": {"Name": "e", "EnvironmentClass": "mw1.small",
                                             "MinWorkers": 1, "MaxWorkers": 2},
    "start": "2025-05-01T10:00:00Z", "time_limit": "1h",
    "workload": {"dags": [{"dag_id": "d", "trigger_at": ["0s"], "tasks": [{"task_id": "t", "duration": "10s"}]}]}})");
  const WrittenExport e =
      export_with_timestamps(dir, doc, json::array({"2025-05-01T10:00:00+00:00", "2125-05-01T10:00:00+00:00"}));
  const std::string inputs =
      "--scenario '" + e.scenario + "' --cloudwatch '" + e.metrics + "' --queries '" + e.queries + "'";
  cli_test::Outcome r = cli_test::run("validate " + inputs);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "has a datapoint at 2125-05-01T10:00:00+00:00"));
  CHECK(contains(r.err, "time_limit 1h (60 periods"));
  r = cli_test::run("calibrate " + inputs + " --fit startup_overhead -o '" + dir.file("out.json") + "'");
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "has a datapoint at 2125-05-01T10:00:00+00:00"));
}

TEST_CASE("an export that ends before the scenario's start says so, naming both times",
          "[calibration][matching][errors][window]") {
  Scenario sc = load(fit_scenario());
  SECTION("1970") {
    ObservedData d;
    d.series.push_back(running(Statistic::Maximum, "prod", {0, 60}));
    const Caught c = catch_input_error([&] { plan_comparison(sc, d); });
    REQUIRE(c.thrown);
    CHECK(c.file == "export.json");
    CHECK(c.message.rfind("the export ends before the scenario's start: its window is 1970-01-01T00:00:00+00:00 to "
                          "1970-01-01T00:02:00+00:00 and the scenario starts at 2025-05-01T10:00:00Z",
                          0) == 0);
    CHECK_FALSE(contains(c.message, "no series the model can use"));
  }
  SECTION("year 1") {
    ObservedData d;
    d.series.push_back(running(Statistic::Maximum, "prod", {epoch("0001-01-01T00:00:00Z")}));
    const Caught c = catch_input_error([&] { plan_comparison(sc, d); });
    REQUIRE(c.thrown);
    CHECK(contains(c.message, "the export ends before the scenario's start: its window is 0001-01-01T00:00:00+00:00 to "
                              "0001-01-01T00:01:00+00:00 and the scenario starts at 2025-05-01T10:00:00Z"));
  }
  SECTION("series the model predicts but without datapoints") {
    ObservedData d;
    d.series.push_back(running(Statistic::Maximum, "prod", {}));
    const Caught c = catch_input_error([&] { plan_comparison(sc, d); });
    CHECK(contains(c.message, "the series the model can use (running) have no datapoints"));
  }
}
