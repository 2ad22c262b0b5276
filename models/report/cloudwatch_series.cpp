// Builds the CloudWatch-shaped series of one run (see cloudwatch_export.hpp
// for what each series is and where it approximates).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <stdexcept>

#include "models/errors.hpp"
#include "models/report/cloudwatch_export.hpp"
#include "models/report/gauge_ops.hpp"

namespace mwaa {

std::string to_string(Statistic s) {
  switch (s) {
    case Statistic::Maximum: return "Maximum";
    case Statistic::Minimum: return "Minimum";
    case Statistic::Average: return "Average";
    case Statistic::Sum: return "Sum";
    case Statistic::SampleCount: return "SampleCount";
  }
  return "Maximum";
}

const std::vector<std::string>& statistic_names() {
  static const std::vector<std::string> names = {"Maximum", "Minimum", "Average", "Sum", "SampleCount"};
  return names;
}

std::optional<Statistic> parse_statistic(std::string_view text) {
  for (Statistic s : {Statistic::Maximum, Statistic::Minimum, Statistic::Average, Statistic::Sum, Statistic::SampleCount})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

namespace {

// What the simulation recorded, cut into CloudWatch periods.
struct Layout {
  sim::Time period;
  sim::Time sample_interval;
  std::int64_t period_seconds = 60;
  std::int64_t start_epoch = 0;
  std::size_t periods = 0;
};

Layout layout_of(const Scenario& scenario, const RunResult* result) {
  Layout l;
  l.period = scenario.model.metrics_period;
  l.sample_interval = scenario.model.metrics_sample_interval;
  if (l.period.us <= 0 || l.period.us % sim::kMicrosPerSecond != 0)
    throw std::invalid_argument("model.metrics_period must be a positive whole number of seconds, got " +
                                sim::format_duration(l.period));
  if (l.sample_interval.us <= 0)
    throw std::invalid_argument("model.metrics_sample_interval must be positive, got " +
                                sim::format_duration(l.sample_interval));
  l.period_seconds = l.period.us / sim::kMicrosPerSecond;
  l.start_epoch = scenario.start_epoch_seconds;
  if (result) {
    // Through the period holding the last task end; an unfinished run is shown
    // up to where the simulation stopped, so the stuck queue stays visible.
    sim::Time end = result->last_task_end;
    if (!result->finished || end.us < 0) end = std::max(end, result->end_time);
    l.periods = end.us < 0 ? 1 : static_cast<std::size_t>(end.us / l.period.us) + 1;
    // A decade-long run at 60 s periods is 5*10^6 periods per series: gigabytes
    // of JSON nobody asked for. Refused, with the way out, before building it.
    if (l.periods > kMaxExportPeriods)
      throw InputError(scenario.source_file, "model.metrics_period",
                       "the run spans " + sim::format_duration(end) + ": " + std::to_string(l.periods) +
                           " periods of " + sim::format_duration(l.period) + " per series, more than the " +
                           std::to_string(kMaxExportPeriods) +
                           " an export holds; set a longer metrics_period (e.g. \"1h\" or \"1d\") or leave out "
                           "--metrics / --metrics-csv");
  }
  return l;
}

std::string sanitize_id(std::string_view s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
  return out;
}

double pick(const sim::PeriodStats& s, Statistic stat) {
  switch (stat) {
    case Statistic::Maximum: return s.maximum;
    case Statistic::Minimum: return s.minimum;
    case Statistic::Average: return s.average;
    case Statistic::Sum: return s.sum;
    case Statistic::SampleCount: return s.sample_count;
  }
  return s.maximum;
}

// Statistics over the union of several publishers' samples of one metric.
std::vector<sim::PeriodStats> sampled_union(const std::vector<const sim::Gauge*>& gauges, const Layout& l) {
  std::vector<sim::PeriodStats> out(l.periods);
  for (const auto* g : gauges) {
    const auto stats = g->sampled(sim::Time::zero(), l.period, l.periods, l.sample_interval);
    for (std::size_t p = 0; p < l.periods; ++p) {
      sim::PeriodStats& o = out[p];
      const sim::PeriodStats& s = stats[p];
      if (s.sample_count == 0) continue;
      if (o.sample_count == 0) {
        o.minimum = s.minimum;
        o.maximum = s.maximum;
      } else {
        o.minimum = std::min(o.minimum, s.minimum);
        o.maximum = std::max(o.maximum, s.maximum);
      }
      o.sum += s.sum;
      o.sample_count += s.sample_count;
    }
  }
  for (auto& o : out) o.average = o.sample_count > 0 ? o.sum / o.sample_count : 0;
  return out;
}

std::vector<double> values_of(const std::vector<sim::PeriodStats>& stats, Statistic stat) {
  std::vector<double> v;
  v.reserve(stats.size());
  for (const auto& s : stats) v.push_back(pick(s, stat));
  return v;
}

// PoolOpenSlots = slots - (running + queued), sample by sample; the
// statistics of the difference follow from those of the occupied count.
std::vector<double> open_slot_values(const sim::Gauge& running, const sim::Gauge& queued, int slots, const Layout& l,
                                     Statistic stat) {
  const sim::Gauge used = sum_gauges({&running, &queued});
  auto stats = used.sampled(sim::Time::zero(), l.period, l.periods, l.sample_interval);
  for (auto& s : stats) {
    const double k = s.sample_count;
    if (slots < 0) {  // unlimited: Airflow's inf, emitted as -1
      s = {-1, -1, -1, -k, k};
      continue;
    }
    const double total = static_cast<double>(slots);
    s = {k > 0 ? total - s.average : 0, k > 0 ? total - s.maximum : 0, k > 0 ? total - s.minimum : 0,
         total * k - s.sum, k};
  }
  return values_of(stats, stat);
}

std::vector<double> queue_age_values(const sim::Gauge& oldest, const Layout& l) {
  std::vector<double> v(l.periods, 0.0);
  const sim::Time end = l.period * static_cast<std::int64_t>(l.periods);
  for (sim::Time s = sim::Time::zero(); s < end; s += l.sample_interval) {
    const double enqueued = oldest.value_at(s);
    // Ages are whole microseconds; rounding removes the double subtraction's noise.
    const double age = enqueued < 0 ? 0 : std::round((s.to_seconds() - enqueued) * 1e6) / 1e6;
    double& cell = v[static_cast<std::size_t>(s.us / l.period.us)];
    cell = std::max(cell, age);
  }
  return v;
}

std::vector<double> worker_values(const sim::Gauge& workers, const Layout& l, bool base) {
  const auto stats = workers.time_weighted(sim::Time::zero(), l.period, l.periods);
  std::vector<double> v;
  v.reserve(stats.size());
  for (const auto& s : stats) v.push_back(base ? (s.maximum >= 1 ? 1.0 : 0.0) : std::max(0.0, std::round(s.average - 1)));
  return v;
}

std::vector<MetricSeries> build(const Scenario& scenario, const MetricsOptions& options, const RunResult* result) {
  const Layout l = layout_of(scenario, result);
  const std::string& env = scenario.environment.name;
  std::vector<MetricSeries> out;
  auto add = [&](std::string id, std::string ns, std::string metric, std::vector<MetricDimension> dims, Statistic stat,
                 std::vector<double> values) {
    MetricSeries s;
    s.id = std::move(id);
    s.label = metric;
    s.namespace_ = std::move(ns);
    s.metric = std::move(metric);
    dims.push_back({"Environment", env});
    s.dimensions = std::move(dims);
    s.stat = stat;
    s.period_seconds = l.period_seconds;
    for (std::size_t p = 0; p < l.periods; ++p)
      s.timestamps.push_back(l.start_epoch + static_cast<std::int64_t>(p) * l.period_seconds);
    s.values = std::move(values);
    out.push_back(std::move(s));
  };
  const Statistic level = options.level_stat;
  const bool data = result != nullptr;
  const MetricDimension executor{"Function", "Executor"};

  std::vector<const sim::Gauge*> queued, running;
  if (data)
    for (const auto& s : result->schedulers) {
      queued.push_back(&s.executor_queued);
      running.push_back(&s.executor_running);
    }
  add("executor_queued_tasks", "AmazonMWAA", "QueuedTasks", {executor}, level,
      data ? values_of(sampled_union(queued, l), level) : std::vector<double>{});
  add("executor_running_tasks", "AmazonMWAA", "RunningTasks", {executor}, level,
      data ? values_of(sampled_union(running, l), level) : std::vector<double>{});
  add("queue_queued_tasks", "AWS/MWAA", "QueuedTasks", {}, level,
      data ? values_of(sampled_union({&result->sqs_visible}, l), level) : std::vector<double>{});
  add("queue_running_tasks", "AWS/MWAA", "RunningTasks", {}, level,
      data ? values_of(sampled_union({&result->sqs_in_flight}, l), level) : std::vector<double>{});
  add("queue_age_of_oldest_task", "AWS/MWAA", "ApproximateAgeOfOldestTask", {}, Statistic::Maximum,
      data ? queue_age_values(result->sqs_oldest_enqueued, l) : std::vector<double>{});
  add("base_workers", "AWS/MWAA", "CPUUtilization", {{"Cluster", "BaseWorker"}}, Statistic::SampleCount,
      data ? worker_values(result->workers, l, true) : std::vector<double>{});
  add("additional_workers", "AWS/MWAA", "CPUUtilization", {{"Cluster", "AdditionalWorker"}}, Statistic::SampleCount,
      data ? worker_values(result->workers, l, false) : std::vector<double>{});

  const sim::Gauge none;  // a pool the run did not record held nothing
  std::set<std::string> used_ids;
  for (std::size_t i = 0; i < scenario.pools.size(); ++i) {
    const PoolSpec& spec = scenario.pools[i];
    std::string suffix = sanitize_id(spec.name);
    // Distinct pool names can sanitize alike ("a-b", "a_b"): keep ids unique.
    if (!used_ids.insert(suffix).second) suffix += "_" + std::to_string(i);
    const PoolSeries* rec = nullptr;
    if (data)
      for (const auto& p : result->pools)
        if (p.name == spec.name) rec = &p;
    const sim::Gauge& run = rec ? rec->running_slots : none;
    const sim::Gauge& que = rec ? rec->queued_slots : none;
    const std::vector<MetricDimension> dims = {{"Pool", spec.name}};
    add("pool_running_slots_" + suffix, "AmazonMWAA", "PoolRunningSlots", dims, level,
        data ? values_of(sampled_union({&run}, l), level) : std::vector<double>{});
    add("pool_queued_slots_" + suffix, "AmazonMWAA", "PoolQueuedSlots", dims, level,
        data ? values_of(sampled_union({&que}, l), level) : std::vector<double>{});
    add("pool_open_slots_" + suffix, "AmazonMWAA", "PoolOpenSlots", dims, level,
        data ? open_slot_values(run, que, spec.slots, l, level) : std::vector<double>{});
  }
  return out;
}

}  // namespace

std::vector<MetricSeries> metric_series_definitions(const Scenario& scenario, const MetricsOptions& options) {
  return build(scenario, options, nullptr);
}

std::vector<MetricSeries> cloudwatch_series(const Scenario& scenario, const RunResult& result,
                                            const MetricsOptions& options) {
  return build(scenario, options, &result);
}

}  // namespace mwaa
