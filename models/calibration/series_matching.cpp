#include "models/calibration/series_matching.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "models/errors.hpp"
#include "models/report/iso_time.hpp"

namespace mwaa::calibration {

namespace {

using Dims = std::vector<std::pair<std::string, std::string>>;

Dims dims_without_environment(const MetricSeries& s) {
  Dims d;
  for (const auto& x : s.dimensions)
    if (x.name != "Environment") d.emplace_back(x.name, x.value);
  std::sort(d.begin(), d.end());
  return d;
}

bool has_dimension(const MetricSeries& s, const std::string& name) {
  return std::any_of(s.dimensions.begin(), s.dimensions.end(),
                     [&](const MetricDimension& d) { return d.name == name; });
}

std::string describe_series(const MetricSeries& s) {
  std::string out = s.id + " (" + s.namespace_ + " " + s.metric;
  for (const auto& [n, v] : dims_without_environment(s)) out += " " + n + "=" + v;
  return out + " " + to_string(s.stat) + ")";
}

std::string first_source(const ObservedData& observed) {
  return observed.series.empty() ? std::string() : observed.series.front().source;
}

// The one Environment of the observed series (all of them, matched or not:
// two environments in one export means two different runs).
std::string environment_of(const ObservedData& observed, std::vector<std::string>& warnings) {
  std::map<std::string, std::string> first_with;  // value -> a series having it
  std::size_t without = 0;
  for (const auto& o : observed.series) {
    if (!has_dimension(o.series, "Environment")) {
      ++without;
      continue;
    }
    first_with.emplace(dimension_value(o.series, "Environment"), o.series.id);
  }
  if (first_with.size() > 1) {
    std::string list;
    for (const auto& [env, id] : first_with) list += (list.empty() ? "" : ", ") + ("\"" + env + "\" (e.g. " + id + ")");
    throw InputError(first_source(observed), "Environment",
                     "the series come from different environments: " + list +
                         "; export one environment's run (one Environment dimension value)");
  }
  if (without > 0)
    warnings.push_back(std::to_string(without) +
                       " series have no Environment dimension: they cannot be checked to "
                       "come from the same environment");
  return first_with.empty() ? std::string() : first_with.begin()->first;
}

}  // namespace

ComparisonPlan plan_comparison(Scenario& scenario, const ObservedData& observed,
                               const std::map<std::string, double>& weights) {
  ComparisonPlan plan;
  plan.environment = environment_of(observed, plan.warnings);
  if (!plan.environment.empty() && plan.environment != scenario.environment.name)
    plan.warnings.push_back("the export's environment is \"" + plan.environment + "\", the scenario's \"" +
                            scenario.environment.name + "\" (series are matched without the Environment dimension)");

  // The exporter's definitions for each statistic the export uses.
  std::map<Statistic, std::vector<MetricSeries>> defs;
  std::vector<std::string> ignored;
  std::vector<MatchedSeries> matched;
  for (const auto& o : observed.series) {
    const MetricSeries& s = o.series;
    auto& candidates = defs[s.stat];
    if (candidates.empty()) candidates = metric_series_definitions(scenario, {s.stat});
    const Dims want = dims_without_environment(s);
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < candidates.size() && !found; ++i) {
      const MetricSeries& d = candidates[i];
      if (d.namespace_ == s.namespace_ && d.metric == s.metric && d.stat == s.stat &&
          dims_without_environment(d) == want)
        found = i;
    }
    if (!found) {
      ignored.push_back(describe_series(s));
      continue;
    }
    MatchedSeries m;
    m.observed = o;
    m.model_index = *found;
    m.model_id = candidates[*found].id;
    matched.push_back(std::move(m));
  }
  if (!ignored.empty()) {
    std::string list;
    for (const auto& x : ignored) list += (list.empty() ? "" : "; ") + x;
    plan.warnings.push_back(std::to_string(ignored.size()) +
                            " series the model does not predict, not compared: " + list);
  }

  // One period for every compared series: the simulation is cut into it.
  std::set<std::int64_t> periods;
  for (const auto& m : matched)
    if (!m.observed.series.timestamps.empty()) periods.insert(m.observed.series.period_seconds);
  if (periods.size() > 1) {
    std::string list;
    for (const auto& m : matched)
      list += (list.empty() ? "" : ", ") + m.id() + " " + std::to_string(m.observed.series.period_seconds) + " s";
    throw InputError(first_source(observed), "Period",
                     "the compared series use different periods (" + list + "): export every series with one Period");
  }
  if (!periods.empty()) {
    plan.period_seconds = *periods.begin();
    const sim::Time period = sim::Time::seconds(plan.period_seconds);
    if (period != scenario.model.metrics_period) {
      plan.warnings.push_back("the export's period is " + std::to_string(plan.period_seconds) +
                              " s: the simulated metrics use it instead of model.metrics_period " +
                              sim::format_duration(scenario.model.metrics_period));
      scenario.model.metrics_period = period;
    }
    if (scenario.model.metrics_sample_interval > period)
      plan.warnings.push_back(
          "model.metrics_sample_interval is longer than the export's period: some simulated periods hold no sample");
  }

  const std::int64_t start = scenario.start_epoch_seconds;
  const std::int64_t p = plan.period_seconds;
  // The simulation never runs past start + time_limit. Periods after it are
  // compared with the simulated run's final state, up to one more time_limit;
  // a datapoint further out (a mistyped year) is refused here, before the
  // simulation is laid out over the span (which would take memory and time
  // in proportion to it).
  const std::int64_t limit_seconds = (scenario.time_limit.us + sim::kMicrosPerSecond - 1) / sim::kMicrosPerSecond;
  const std::int64_t limit_end = start + limit_seconds;
  const std::int64_t horizon = start + 2 * limit_seconds;
  bool first = true;
  std::size_t points = 0, beyond = 0;
  const MatchedSeries* furthest = nullptr;
  std::int64_t furthest_t = 0;
  for (const auto& m : matched)
    for (const std::int64_t t : m.observed.series.timestamps) {
      plan.window_start = first ? t : std::min(plan.window_start, t);
      plan.window_end = first ? t + p : std::max(plan.window_end, t + p);
      first = false;
      ++points;
      if (t < horizon) continue;
      ++beyond;
      if (!furthest || t > furthest_t) {
        furthest = &m;
        furthest_t = t;
      }
    }
  const auto periods_in = [p](std::int64_t seconds) { return std::to_string((seconds + p - 1) / p); };
  const std::string window = iso_utc_seconds(plan.window_start) + " to " + iso_utc_seconds(plan.window_end);
  if (furthest)
    throw InputError(
        furthest->observed.source, "Timestamps",
        "series \"" + furthest->id() + "\" has a datapoint at " + iso_utc_seconds(furthest_t) + ", " +
            sim::format_duration(sim::Time::seconds(furthest_t - start)) + " after the scenario's start " +
            scenario.start +
            (beyond > 1 ? " (" + std::to_string(beyond) + " datapoints of the compared series lie that far out)"
                        : std::string()) +
            ": the export's window (" + window + ") is " + periods_in(plan.window_end - plan.window_start) +
            " periods of " + std::to_string(p) + " s, far beyond the scenario's time_limit " +
            sim::format_duration(scenario.time_limit) + " (" + periods_in(limit_seconds) +
            " periods; periods are compared up to twice the time_limit after the start). Check that timestamp "
            "(a mistyped year?), export a window that ends soon after the run, or raise the scenario's "
            "\"time_limit\"");

  std::size_t before_start = 0, past_limit = 0;
  std::int64_t misaligned = 0;
  for (auto& m : matched) {
    const MetricSeries& s = m.observed.series;
    if (s.timestamps.empty()) continue;  // already warned: no datapoints
    for (std::size_t i = 0; i < s.timestamps.size(); ++i) {
      const std::int64_t t = s.timestamps[i];
      const std::int64_t offset = t - start;
      if (2 * offset < -p) {
        ++before_start;
        continue;
      }
      if (t >= limit_end) ++past_limit;
      if (offset % p != 0) misaligned = ((offset % p) + p) % p;
      const auto index = static_cast<std::size_t>(std::max<std::int64_t>(0, (2 * offset + p) / (2 * p)));
      m.timestamps.push_back(t);
      m.values.push_back(s.values[i]);
      m.period.push_back(index);
      plan.periods_needed = std::max(plan.periods_needed, index + 1);
    }
    if (m.values.empty()) continue;
    double peak = 1;
    for (double v : m.values) peak = std::max(peak, std::fabs(v));
    m.scale = peak;
    plan.series.push_back(std::move(m));
  }
  if (before_start > 0)
    plan.warnings.push_back(std::to_string(before_start) + " observed datapoint(s) lie before the scenario's start (" +
                            scenario.start + "): not compared");
  if (past_limit > 0)
    plan.warnings.push_back(std::to_string(past_limit) +
                            " observed datapoint(s) start at or after the scenario's start + time_limit " +
                            sim::format_duration(scenario.time_limit) + " (" + iso_utc_seconds(limit_end) +
                            "), where the simulation stops: they are compared with the simulated run's final "
                            "state (the system at rest only if it finished); raise \"time_limit\" if the run "
                            "went on that long");
  if (misaligned != 0)
    plan.warnings.push_back(
        "observed periods start " + std::to_string(misaligned) +
        " s off the scenario's start on the period grid: each is compared with the simulated period "
        "it overlaps most");
  if (plan.series.empty() && points > 0)
    throw InputError(matched.front().observed.source, "Timestamps",
                     "the export ends before the scenario's start: its window is " + window +
                         " and the scenario starts at " + scenario.start +
                         " (its \"start\"): export the run's window from its start, or set the scenario's "
                         "\"start\" to the run's start");
  if (plan.series.empty() && !matched.empty()) {
    std::string ids;
    for (const auto& m : matched) ids += (ids.empty() ? "" : ", ") + m.id();
    throw InputError(matched.front().observed.source, "",
                     "the series the model can use (" + ids +
                         ") have no datapoints: export a window covering the run (from its start to a little "
                         "after its end)");
  }
  if (plan.series.empty())
    throw InputError(
        first_source(observed), "",
        "no series the model can use: the model predicts executor and queue QueuedTasks/RunningTasks, "
        "ApproximateAgeOfOldestTask, BaseWorker/AdditionalWorker CPUUtilization SampleCount and Pool*Slots "
        "(see tools/cloudwatch-queries.json)");

  for (const auto& [id, w] : weights) {
    bool used = false;
    for (auto& m : plan.series)
      if (m.id() == id || m.model_id == id) {
        m.weight = w;
        used = true;
      }
    if (!used) {
      std::string ids;
      for (const auto& m : plan.series) ids += (ids.empty() ? "" : ", ") + m.id();
      throw InputError("", "--weight", "no compared series has the Id \"" + id + "\" (compared: " + ids + ")");
    }
  }
  return plan;
}

MetricsCompletion completion_from_metrics(const ComparisonPlan& plan, const Scenario& scenario) {
  MetricsCompletion out;
  const MatchedSeries* best = nullptr;
  for (const char* id : {"executor_running_tasks", "queue_running_tasks"})
    for (const auto& m : plan.series)
      if (!best && m.model_id == id) best = &m;
  if (!best) return out;
  out.series_id = best->id();
  const auto& ts = best->observed.series.timestamps;
  const auto& vs = best->observed.series.values;
  for (std::size_t i = ts.size(); i-- > 0;)
    if (vs[i] != 0) {
      out.seconds = static_cast<double>(ts[i] + plan.period_seconds - scenario.start_epoch_seconds);
      out.still_running = ts[i] + plan.period_seconds >= plan.window_end;
      break;
    }
  return out;
}

void check_window(const ComparisonPlan& plan, const Scenario& scenario, double completion_seconds,
                  const std::string& completion_source) {
  const std::int64_t start = scenario.start_epoch_seconds;
  const std::string window = iso_utc_seconds(plan.window_start) + " to " + iso_utc_seconds(plan.window_end);
  if (start < plan.window_start || start >= plan.window_end)
    throw InputError(scenario.source_file, "start",
                     "the export (" + window + ") does not cover the scenario's start " + scenario.start +
                         ": export from the run's start, or set the scenario's \"start\" to it");
  const auto end = static_cast<double>(start) + completion_seconds;
  if (end > static_cast<double>(plan.window_end))
    throw InputError(scenario.source_file, "start",
                     "the export (" + window + ") ends before the run does: start " + scenario.start +
                         " + completion " + sim::format_duration(sim::Time::from_seconds(completion_seconds)) + " (" +
                         completion_source +
                         ") = " + iso_utc_seconds(start, static_cast<std::int64_t>(completion_seconds * 1e6)) +
                         "; export a window that covers the whole run");
}

}  // namespace mwaa::calibration
