// The run as CloudWatch would have recorded it: 1-minute (metrics_period)
// statistics of the MWAA metrics the load tests watch, in the shape of
// `aws cloudwatch get-metric-data` output, as the MetricDataQueries that would
// fetch the real series, and as CSV.
//
// Series (Id: Label, namespace, dimensions besides Environment=<env name>, stat):
//   executor_queued_tasks        QueuedTasks   AmazonMWAA Function=Executor   level stat
//   executor_running_tasks       RunningTasks  AmazonMWAA Function=Executor   level stat
//   queue_queued_tasks           QueuedTasks   AWS/MWAA (SQS visible)         level stat
//   queue_running_tasks          RunningTasks  AWS/MWAA (SQS in flight)       level stat
//   queue_age_of_oldest_task     ApproximateAgeOfOldestTask  AWS/MWAA         Maximum
//   base_workers                 CPUUtilization AWS/MWAA Cluster=BaseWorker        SampleCount
//   additional_workers           CPUUtilization AWS/MWAA Cluster=AdditionalWorker  SampleCount
//   pool_running_slots_<pool>    PoolRunningSlots AmazonMWAA Pool=<pool>      level stat
//   pool_queued_slots_<pool>     PoolQueuedSlots  AmazonMWAA Pool=<pool>      level stat
//   pool_open_slots_<pool>       PoolOpenSlots    AmazonMWAA Pool=<pool>      level stat
// "level stat" is MetricsOptions::level_stat (Maximum by default).
//
// How each value is made (and where it is an approximation):
//  - Periods run from the scenario start (t = 0, start_epoch_seconds), not from
//    clock-aligned minutes, through the period holding the last task end (or
//    the end of the simulation when the run did not finish).
//  - Gauges are sampled every model.metrics_sample_interval (Gauge::sampled)
//    and the samples of a period give its statistic, as CloudWatch computes it
//    from published datapoints.
//  - Executor gauges: every scheduler publishes its own gauge under the same
//    metric, so a period's statistic is taken over the union of all
//    schedulers' samples (Maximum = the largest single scheduler's value, Sum =
//    sum over every sample of every scheduler, SampleCount = samples x schedulers).
//  - ApproximateAgeOfOldestTask: at each sample instant, instant - enqueue time
//    of the oldest waiting message (0 when none waits); the period's Maximum.
//  - Worker counts: CloudWatch's SampleCount of CPUUtilization is one datapoint
//    per running container per minute. BaseWorker = 1 for a period in which at
//    least one worker ran, else 0. AdditionalWorker = round(time-weighted
//    average of workers over the period - 1), never negative: an
//    approximation, since containers that lived for part of a minute may or may
//    not have published that minute's datapoint.
//  - PoolOpenSlots = slots - running - queued per sample. For an unlimited pool
//    (slots = -1) Airflow reports open slots as infinity, which CloudWatch
//    cannot store; -1 is emitted instead (Sum = -SampleCount).
//  - Real CloudWatch omits periods without data (e.g. AdditionalWorker while no
//    additional worker runs); these series are dense and give 0 there, so
//    every series has the same timestamps.
//  - The queue metrics are queried with the Environment dimension only, as
//    published dashboards do; MWAA's documentation names a "Queue" dimension
//    group without giving its value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/result.hpp"
#include "models/scenario.hpp"

namespace mwaa {

enum class Statistic { Maximum, Minimum, Average, Sum, SampleCount };
std::string to_string(Statistic s);
// Exact CloudWatch spelling ("Maximum", "SampleCount", ...); nullopt otherwise.
std::optional<Statistic> parse_statistic(std::string_view text);
const std::vector<std::string>& statistic_names();

struct MetricsOptions {
  Statistic level_stat = Statistic::Maximum;  // for queued/running/pool level series
};

struct MetricDimension {
  std::string name;
  std::string value;
};

struct MetricSeries {
  std::string id;          // CloudWatch query Id: lowercase, digits, underscores
  std::string label;       // the metric name, as CloudWatch labels results
  std::string namespace_;  // "AmazonMWAA" | "AWS/MWAA"
  std::string metric;      // MetricName
  std::vector<MetricDimension> dimensions;
  Statistic stat = Statistic::Maximum;
  std::int64_t period_seconds = 60;
  std::vector<std::int64_t> timestamps;  // epoch seconds of each period's start, oldest first
  std::vector<double> values;            // pairs with timestamps
};

// The series this exporter produces for a scenario, without data (ids, names,
// dimensions, stats): what calibration maps real CloudWatch series onto.
// Throws std::invalid_argument when model.metrics_period is not a positive
// whole number of seconds (CloudWatch periods are whole seconds).
std::vector<MetricSeries> metric_series_definitions(const Scenario& scenario, const MetricsOptions& options = {});

// The same series with their values for one run.
// Periods per exported series at most: beyond, cloudwatch_series throws an
// InputError at model.metrics_period (CloudWatch itself returns at most
// 100,800 datapoints per series per request).
inline constexpr std::size_t kMaxExportPeriods = 1'000'000;

std::vector<MetricSeries> cloudwatch_series(const Scenario& scenario, const RunResult& result,
                                            const MetricsOptions& options = {});

// {"MetricDataResults": [{"Id","Label","Timestamps","Values","StatusCode":"Complete","Messages":[]}...], "Messages": []}
// Timestamps oldest first (as with --scan-by TimestampAscending).
nlohmann::ordered_json metric_data_json(const std::vector<MetricSeries>& series);

// The MetricDataQueries array that fetches each series from CloudWatch:
// [{"Id","MetricStat":{"Metric":{"Namespace","MetricName","Dimensions":[{"Name","Value"}...]},"Period","Stat"},"ReturnData":true}...]
nlohmann::ordered_json metric_data_queries(const Scenario& scenario, const MetricsOptions& options = {});
nlohmann::ordered_json metric_data_queries(const std::vector<MetricSeries>& series);

// One row per period: "timestamp" (ISO-8601 "+00:00") then one column per
// series Id, in series order; empty cells where a series has no datapoint.
std::string metric_data_csv(const std::vector<MetricSeries>& series);

}  // namespace mwaa
