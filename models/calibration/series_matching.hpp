// Which observed series the model predicts, and how each observed period maps
// onto a simulated one.
//
// An observed series matches the exporter's definition
// (metric_series_definitions with level_stat = the observed statistic) with
// the same namespace, metric name, dimensions other than Environment, and
// statistic. The level series (queued/running/pool gauges) are computed with
// whatever statistic the export used; the others (ApproximateAgeOfOldestTask
// Maximum, worker CPUUtilization SampleCount) only with their own.
//
// Simulated periods start at the scenario's "start" (t = 0); an observed
// period starting at T is compared with simulated period
// round((T - start) / period). Observed periods before the start are not
// compared (there is nothing simulated there). The simulation stops at
// start + time_limit; periods up to start + 2 x time_limit are compared with
// its final state (warning), a datapoint later than that is an InputError
// (a mistyped year would otherwise size the simulated series by the span).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/calibration/cloudwatch_input.hpp"
#include "models/scenario.hpp"

namespace mwaa::calibration {

struct MatchedSeries {
  ObservedSeries observed;
  std::size_t model_index = 0;  // into metric_series_definitions(scenario, {stat()})
  std::string model_id;         // that definition's Id, e.g. "executor_running_tasks"
  // The compared points: observed timestamp, value, simulated period index.
  std::vector<std::int64_t> timestamps;
  std::vector<double> values;
  std::vector<std::size_t> period;
  double weight = 1;
  double scale = 1;  // max(1, max observed value): errors are divided by it
  const std::string& id() const { return observed.series.id; }
  Statistic stat() const { return observed.series.stat; }
};

struct ComparisonPlan {
  std::vector<MatchedSeries> series;
  std::int64_t period_seconds = 60;
  std::int64_t window_start = 0;   // epoch seconds: the earliest observed period's start
  std::int64_t window_end = 0;     // the latest observed period's end
  std::size_t periods_needed = 0;  // simulated periods the comparison reads
  std::string environment;         // the observed series' Environment dimension value
  std::vector<std::string> warnings;
};

// Matches `observed` against the scenario's series and sets the scenario's
// model.metrics_period to the observed period. `weights` (by observed or model
// Id) default to 1. Throws InputError when no series can be compared (none
// the model predicts, no datapoints, or all before the start), when a
// datapoint lies past start + 2 x time_limit, when the series name more than
// one Environment, mix periods, or a weight names no compared series.
ComparisonPlan plan_comparison(Scenario& scenario, const ObservedData& observed,
                               const std::map<std::string, double>& weights = {});

// The observed completion from the metrics: the end of the last period with a
// nonzero RunningTasks (executor's, else the queue's), seconds after the
// scenario start. still_running is true when that period is the last one
// exported (the run may go on beyond the window).
struct MetricsCompletion {
  std::optional<double> seconds;
  bool still_running = false;
  std::string series_id;
};
MetricsCompletion completion_from_metrics(const ComparisonPlan& plan, const Scenario& scenario);

// Throws InputError unless the scenario's start and start + completion both
// fall inside the exported window.
void check_window(const ComparisonPlan& plan, const Scenario& scenario, double completion_seconds,
                  const std::string& completion_source);

}  // namespace mwaa::calibration
