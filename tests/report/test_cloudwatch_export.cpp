#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "models/errors.hpp"
#include "models/report/cloudwatch_export.hpp"

using namespace mwaa;
using namespace report_test;

namespace {

// Three 1-minute periods (last task end 150 s), samples every 5 s.
RunResult recorded_run() {
  RunResult r;
  r.finished = true;
  r.end_time = s(150);
  r.first_trigger = s(0);
  r.last_task_end = s(150);
  r.schedulers.resize(2);
  // Scheduler 0: 4 from 10 s, 2 from 70 s, 0 from 130 s.
  set(r.schedulers[0].executor_running, 10, 4);
  set(r.schedulers[0].executor_running, 70, 2);
  set(r.schedulers[0].executor_running, 130, 0);
  // Scheduler 1: 6 from 20 s to 100 s.
  set(r.schedulers[1].executor_running, 20, 6);
  set(r.schedulers[1].executor_running, 100, 0);
  set(r.sqs_visible, 12, 3);
  set(r.sqs_visible, 50, 1);
  set(r.sqs_visible, 75, 0);
  set(r.sqs_oldest_enqueued, 0, -1);
  set(r.sqs_oldest_enqueued, 12, 12);
  set(r.sqs_oldest_enqueued, 50, 30);
  set(r.sqs_oldest_enqueued, 75, -1);
  set(r.workers, 0, 2);
  set(r.workers, 30, 5);
  set(r.workers, 90, 3);
  set(r.workers, 150, 1);
  r.pools.resize(1);
  r.pools[0].name = "default_pool";
  r.pools[0].slots = 10;
  set(r.pools[0].running_slots, 10, 4);
  set(r.pools[0].running_slots, 70, 2);
  set(r.pools[0].running_slots, 130, 0);
  set(r.pools[0].queued_slots, 20, 6);
  set(r.pools[0].queued_slots, 40, 3);
  set(r.pools[0].queued_slots, 100, 0);
  return r;
}

const MetricSeries& by_id(const std::vector<MetricSeries>& all, const std::string& id) {
  for (const auto& m : all)
    if (m.id == id) return m;
  FAIL("no series " << id);
  throw std::logic_error("unreachable");
}

std::vector<double> values(const Scenario& sc, const RunResult& r, const std::string& id, Statistic stat) {
  return by_id(cloudwatch_series(sc, r, {stat}), id).values;
}

}  // namespace

TEST_CASE("executor gauges merge every scheduler's samples per period", "[report][cloudwatch]") {
  const Scenario sc = base_scenario();
  const RunResult r = recorded_run();
  // Period 0: scheduler 0 samples 0,0 then ten 4s (sum 40); scheduler 1 four 0s then eight 6s (sum 48).
  // Period 1: scheduler 0 4,4 then ten 2s (28); scheduler 1 eight 6s then four 0s (48).
  // Period 2: scheduler 0 2,2 then 0s (4); scheduler 1 all 0.
  CHECK(values(sc, r, "executor_running_tasks", Statistic::Maximum) == std::vector<double>{6, 6, 2});
  CHECK(values(sc, r, "executor_running_tasks", Statistic::Minimum) == std::vector<double>{0, 0, 0});
  CHECK(values(sc, r, "executor_running_tasks", Statistic::Sum) == std::vector<double>{88, 76, 4});
  CHECK(values(sc, r, "executor_running_tasks", Statistic::SampleCount) == std::vector<double>{24, 24, 24});
  CHECK(values(sc, r, "executor_running_tasks", Statistic::Average) == std::vector<double>{88.0 / 24, 76.0 / 24, 4.0 / 24});
  CHECK(values(sc, r, "executor_queued_tasks", Statistic::Maximum) == std::vector<double>{0, 0, 0});
}

TEST_CASE("SQS queue series and the age of the oldest task", "[report][cloudwatch]") {
  const Scenario sc = base_scenario();
  const RunResult r = recorded_run();
  CHECK(values(sc, r, "queue_queued_tasks", Statistic::Maximum) == std::vector<double>{3, 1, 0});
  CHECK(values(sc, r, "queue_queued_tasks", Statistic::SampleCount) == std::vector<double>{12, 12, 12});
  // Samples: 45 s -> 45-12 = 33 (50 s -> 20 after the oldest left); 70 s -> 70-30 = 40; then none waiting.
  const auto age = by_id(cloudwatch_series(sc, r), "queue_age_of_oldest_task");
  CHECK(age.values == std::vector<double>{33, 40, 0});
  CHECK(age.stat == Statistic::Maximum);
  // The age is always Maximum, whatever the level statistic.
  CHECK(values(sc, r, "queue_age_of_oldest_task", Statistic::Average) == std::vector<double>{33, 40, 0});
}

TEST_CASE("worker counts as CPUUtilization SampleCount", "[report][cloudwatch]") {
  const Scenario sc = base_scenario();
  const RunResult r = recorded_run();
  // Time-weighted workers: (2*30 + 5*30)/60 = 3.5, (5*30 + 3*30)/60 = 4, (3*30 + 1*30)/60 = 2.
  // AdditionalWorker = round(average - 1): 2.5 -> 3 (half away from zero), 3, 1.
  const auto all = cloudwatch_series(sc, r);
  CHECK(by_id(all, "base_workers").values == std::vector<double>{1, 1, 1});
  CHECK(by_id(all, "additional_workers").values == std::vector<double>{3, 3, 1});

  RunResult idle;  // no worker at all: BaseWorker 0, AdditionalWorker clamped at 0
  idle.finished = true;
  idle.last_task_end = s(61);
  const auto none = cloudwatch_series(sc, idle);
  CHECK(by_id(none, "base_workers").values == std::vector<double>{0, 0});
  CHECK(by_id(none, "additional_workers").values == std::vector<double>{0, 0});
}

TEST_CASE("pool slot series, open slots and unlimited pools", "[report][cloudwatch]") {
  Scenario sc = base_scenario();
  sc.pools.push_back({"Big Pool!", -1, false});
  const RunResult r = recorded_run();
  CHECK(values(sc, r, "pool_running_slots_default_pool", Statistic::Maximum) == std::vector<double>{4, 4, 2});
  CHECK(values(sc, r, "pool_queued_slots_default_pool", Statistic::Maximum) == std::vector<double>{6, 3, 0});
  // Occupied samples: p0 0,0,4,4,10x4,7x4; p1 7,7,5x6,2x4; p2 2,2,0x10.
  CHECK(values(sc, r, "pool_open_slots_default_pool", Statistic::Maximum) == std::vector<double>{10, 8, 10});
  CHECK(values(sc, r, "pool_open_slots_default_pool", Statistic::Minimum) == std::vector<double>{0, 3, 8});
  CHECK(values(sc, r, "pool_open_slots_default_pool", Statistic::Sum) == std::vector<double>{120 - 76, 120 - 52, 120 - 4});
  // An unlimited pool (not recorded by this run) reports -1 open slots.
  CHECK(values(sc, r, "pool_open_slots_big_pool_", Statistic::Maximum) == std::vector<double>{-1, -1, -1});
  CHECK(values(sc, r, "pool_running_slots_big_pool_", Statistic::Maximum) == std::vector<double>{0, 0, 0});
}

TEST_CASE("periods run to the end of the period holding the last task end", "[report][cloudwatch]") {
  const Scenario sc = base_scenario();
  RunResult r = recorded_run();
  r.last_task_end = s(120);  // exactly on a boundary: [120, 180) holds it
  CHECK(by_id(cloudwatch_series(sc, r), "base_workers").timestamps.size() == 3);
  r.last_task_end = s(119.999999);
  CHECK(by_id(cloudwatch_series(sc, r), "base_workers").timestamps.size() == 2);
  r.finished = false;  // unfinished: up to where the simulation stopped
  r.end_time = s(200);
  CHECK(by_id(cloudwatch_series(sc, r), "base_workers").timestamps.size() == 4);
}

TEST_CASE("get-metric-data JSON shape", "[report][cloudwatch]") {
  const Scenario sc = base_scenario();
  const auto series = cloudwatch_series(sc, recorded_run());
  const auto doc = metric_data_json(series);
  REQUIRE(doc["MetricDataResults"].size() == series.size());
  CHECK(doc["MetricDataResults"][1].dump() ==
        R"({"Id":"executor_running_tasks","Label":"RunningTasks","Timestamps":["2025-05-01T10:00:00+00:00",)"
        R"("2025-05-01T10:01:00+00:00","2025-05-01T10:02:00+00:00"],"Values":[6.0,6.0,2.0],"StatusCode":"Complete",)"
        R"("Messages":[]})");
  CHECK(doc["Messages"].dump() == "[]");
  CHECK(doc.dump().rfind(R"({"MetricDataResults":[)", 0) == 0);
}

TEST_CASE("metric data queries name each series as CloudWatch would", "[report][cloudwatch]") {
  const Scenario sc = base_scenario();
  const auto q = metric_data_queries(sc);
  CHECK(q[0].dump() ==
        R"({"Id":"executor_queued_tasks","MetricStat":{"Metric":{"Namespace":"AmazonMWAA","MetricName":"QueuedTasks",)"
        R"("Dimensions":[{"Name":"Function","Value":"Executor"},{"Name":"Environment","Value":"perf-env"}]},)"
        R"("Period":60,"Stat":"Maximum"},"ReturnData":true})");
  CHECK(q[6].dump() ==
        R"({"Id":"additional_workers","MetricStat":{"Metric":{"Namespace":"AWS/MWAA","MetricName":"CPUUtilization",)"
        R"("Dimensions":[{"Name":"Cluster","Value":"AdditionalWorker"},{"Name":"Environment","Value":"perf-env"}]},)"
        R"("Period":60,"Stat":"SampleCount"},"ReturnData":true})");
  CHECK(q[7]["MetricStat"]["Metric"]["Dimensions"][0].dump() == R"({"Name":"Pool","Value":"default_pool"})");
  CHECK(metric_data_queries(sc, {Statistic::Average})[2]["MetricStat"]["Stat"] == "Average");
  // The queries list the same series, in the same order, as the export.
  const auto series = cloudwatch_series(sc, recorded_run());
  REQUIRE(q.size() == series.size());
  for (std::size_t i = 0; i < series.size(); ++i) CHECK(q[i]["Id"] == series[i].id);
}

TEST_CASE("metrics CSV: one row per period", "[report][cloudwatch]") {
  const Scenario sc = base_scenario();
  const std::string csv = metric_data_csv(cloudwatch_series(sc, recorded_run()));
  const std::string header =
      "timestamp,executor_queued_tasks,executor_running_tasks,queue_queued_tasks,queue_running_tasks,"
      "queue_age_of_oldest_task,base_workers,additional_workers,pool_running_slots_default_pool,"
      "pool_queued_slots_default_pool,pool_open_slots_default_pool\n";
  CHECK(csv.substr(0, header.size()) == header);
  CHECK(csv.substr(header.size()) ==
        "2025-05-01T10:00:00+00:00,0.0,6.0,3.0,0.0,33.0,1.0,3.0,4.0,6.0,10.0\n"
        "2025-05-01T10:01:00+00:00,0.0,6.0,1.0,0.0,40.0,1.0,3.0,4.0,3.0,8.0\n"
        "2025-05-01T10:02:00+00:00,0.0,2.0,0.0,0.0,0.0,1.0,1.0,2.0,0.0,10.0\n");
}

TEST_CASE("statistic names", "[report][cloudwatch]") {
  CHECK(parse_statistic("SampleCount") == Statistic::SampleCount);
  CHECK_FALSE(parse_statistic("samplecount").has_value());
  CHECK(to_string(Statistic::Average) == "Average");
}

TEST_CASE("metrics_period must be whole seconds", "[report][cloudwatch]") {
  Scenario sc = base_scenario();
  sc.model.metrics_period = sim::Time::millis(1500);
  CHECK_THROWS_AS(metric_series_definitions(sc), std::invalid_argument);
}

TEST_CASE("an export of more than kMaxExportPeriods periods per series is refused, naming metrics_period", "[report][cloudwatch]") {
  const Scenario sc = base_scenario();
  RunResult r = recorded_run();
  CHECK_NOTHROW(cloudwatch_series(sc, r, MetricsOptions{}));
  // As if the last task had ended 2 * 10^6 minutes in (a run of about 4 years).
  r.last_task_end = sc.model.metrics_period * static_cast<std::int64_t>(2 * kMaxExportPeriods);
  try {
    cloudwatch_series(sc, r, MetricsOptions{});
    FAIL("expected a refusal");
  } catch (const mwaa::InputError& e) {
    CHECK(e.path() == "model.metrics_period");
    CHECK(std::string(e.what()).find("2000001 periods of 1m per series") != std::string::npos);
  }
}
