#include "models/calibration/task_instance_estimates.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace mwaa::calibration {

namespace {

constexpr std::size_t kDifferingListed = 10;
// Fewer tries than this say too little about their own scatter.
constexpr std::size_t kMinTriesForScatter = 20;
constexpr double kScatterWidening = 1.5;

double quantile_sorted(const std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

nlohmann::ordered_json stats_json(const DurationStats& s) {
  return {{"count", s.count}, {"mean", s.mean}, {"p50", s.p50}, {"p95", s.p95}, {"max", s.max}};
}

}  // namespace

DurationStats duration_stats(std::vector<double> v) {
  DurationStats s;
  s.count = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  s.p50 = quantile_sorted(v, 0.5);
  s.p95 = quantile_sorted(v, 0.95);
  s.max = v.back();
  return s;
}

TaskInstanceEstimates estimate_from_task_instances(const Scenario& scenario, const TaskInstanceData& data) {
  TaskInstanceEstimates e;
  e.tries = data.tries.size();
  e.warnings = data.warnings;
  const bool version3 = scenario.environment.airflow_version.start_date_before_parse();
  if (data.api_version != 0 && data.api_version != (version3 ? 2 : 1))
    e.warnings.push_back("the task instances are in the API v" + std::to_string(data.api_version) +
                         " shape but the scenario runs Airflow " +
                         std::to_string(scenario.environment.airflow_version.major) +
                         ": check the scenario's AirflowVersion");

  std::unordered_map<std::string, const TaskSpec*> specs;  // "dag\ntask" -> spec
  for (const auto& dag : scenario.workload.dags)
    for (const auto& task : dag.tasks) specs.emplace(dag.id + "\n" + task.id, &task);

  const double start_us = static_cast<double>(scenario.start_epoch_seconds) * 1e6;
  const double write_mean = scenario.model.task_state_write_latency.mean();
  std::vector<double> waits, durations, residuals;
  std::map<std::string, std::size_t> per_host;
  std::map<std::pair<std::string, std::string>, std::vector<double>> per_task;  // observed durations
  std::map<std::pair<std::string, std::string>, double> task_mean;
  for (const auto& t : data.tries) {
    if (t.queued_us && t.start_us) waits.push_back(static_cast<double>(*t.start_us - *t.queued_us) / 1e6);
    if (t.start_us) {
      const double at = (static_cast<double>(*t.start_us) - start_us) / 1e6;
      e.first_start = e.first_start ? std::min(*e.first_start, at) : at;
    }
    if (t.end_us) {
      const double at = (static_cast<double>(*t.end_us) - start_us) / 1e6;
      e.completion = e.completion ? std::max(*e.completion, at) : at;
    }
    if (!t.hostname.empty()) ++per_host[t.hostname];
    std::optional<double> d = t.duration;
    if (!d && t.start_us && t.end_us) d = static_cast<double>(*t.end_us - *t.start_us) / 1e6;
    if (!d || (t.state != "success" && t.state != "failed")) continue;
    durations.push_back(*d);
    const auto spec = specs.find(t.dag_id + "\n" + t.task_id);
    if (spec == specs.end()) {
      ++e.unmatched_tries;
      continue;
    }
    if (spec->second->op == OperatorKind::Empty) continue;  // never reaches a worker
    const double expected = spec->second->duration.mean();
    per_task[{t.dag_id, t.task_id}].push_back(*d);
    task_mean[{t.dag_id, t.task_id}] = expected;
    residuals.push_back(*d - expected - write_mean);
  }
  e.queue_wait = duration_stats(waits);
  e.duration = duration_stats(durations);
  // Residual of a try: duration - scenario mean - state write, i.e. the
  // start-up (Airflow 3) plus the task code's deviation from the scenario.
  // Airflow 3: the median residual (robust to tasks whose scenario durations
  // are wrong) stands for the start-up in each task's check; the start-up
  // mean is then the mean residual of the tasks that pass. A task is flagged
  // when it is off by more than kDurationTolerance and by more than the
  // tries' own scatter allows (1.5 x the 0.1 %..99.9 % residual range around
  // the median, narrowed by sqrt(tries)), so one long try of a random,
  // heavy-tailed start-up is not a warning.
  std::vector<double> sorted = residuals;
  std::sort(sorted.begin(), sorted.end());
  const double median = quantile_sorted(sorted, 0.5);
  const bool scatter_known = sorted.size() >= kMinTriesForScatter;
  const double low = scatter_known ? kScatterWidening * (quantile_sorted(sorted, 0.001) - median) : 0;
  const double high = scatter_known ? kScatterWidening * (quantile_sorted(sorted, 0.999) - median) : 0;
  const double center = version3 ? std::max(0.0, median) : 0.0;
  double passing_sum = 0;
  std::size_t passing = 0;
  for (const auto& [key, values] : per_task) {
    ++e.tasks_compared;
    double sum = 0;
    for (double v : values) sum += v;
    const double n = static_cast<double>(values.size());
    const double expected = task_mean[key];
    const double code = sum / n - write_mean - center;
    const double diff = code - expected;
    const bool beyond_scatter = !scatter_known || diff < low / std::sqrt(n) || diff > high / std::sqrt(n);
    if (expected > 0 && std::fabs(diff) > kDurationTolerance * expected && beyond_scatter) {
      e.differing.push_back({key.first, key.second, values.size(), code, expected});
      continue;
    }
    for (double v : values) passing_sum += v - expected - write_mean;
    passing += values.size();
  }
  if (version3 && passing > 0) {
    e.startup_overhead_mean = std::max(0.0, passing_sum / static_cast<double>(passing));
    e.startup_note = "Airflow 3: mean of (duration - scenario task duration - state write) over " +
                     std::to_string(passing) + " tries of tasks whose durations match the scenario";
  } else if (!version3) {
    e.startup_note =
        "Airflow 2 sets start_date after the DAG file is parsed: the start-up overhead is part of the "
        "queue wait and is not observable directly";
  } else {
    e.startup_note = "no finished try of a task whose duration matches the scenario";
  }
  std::sort(e.differing.begin(), e.differing.end(), [](const TaskDurationCheck& a, const TaskDurationCheck& b) {
    return std::fabs(a.observed_code_mean / a.scenario_mean - 1) >
           std::fabs(b.observed_code_mean / b.scenario_mean - 1);
  });
  for (std::size_t i = 0; i < e.differing.size() && i < kDifferingListed; ++i) {
    const auto& d = e.differing[i];
    const long pct = std::lround((d.observed_code_mean / d.scenario_mean - 1) * 100);
    e.warnings.push_back("task " + d.dag_id + "." + d.task_id + ": observed code duration " +
                         nlohmann::json(std::round(d.observed_code_mean * 1000) / 1000).dump() +
                         " s vs the scenario's " + nlohmann::json(std::round(d.scenario_mean * 1000) / 1000).dump() +
                         " s (" + (pct > 0 ? "+" : "") + std::to_string(pct) +
                         " %): fix the scenario's durations before trusting the fit");
  }
  if (e.differing.size() > kDifferingListed)
    e.warnings.push_back(std::to_string(e.differing.size() - kDifferingListed) + " more task(s) differ by more than " +
                         std::to_string(static_cast<int>(kDurationTolerance * 100)) +
                         " % from the scenario's durations");
  if (e.unmatched_tries > 0)
    e.warnings.push_back(std::to_string(e.unmatched_tries) +
                         " finished tries belong to DAGs/tasks the scenario does not have");
  if (e.first_start && *e.first_start < 0)
    e.warnings.push_back("the first task started " + nlohmann::json(-*e.first_start).dump() +
                         " s before the scenario's \"start\": is the start right?");

  e.workers = per_host.size();
  for (const auto& [host, n] : per_host) {
    e.tries_per_worker_mean += static_cast<double>(n);
    e.tries_per_worker_max = std::max(e.tries_per_worker_max, static_cast<double>(n));
  }
  if (e.workers > 0) e.tries_per_worker_mean /= static_cast<double>(e.workers);
  return e;
}

nlohmann::ordered_json estimates_json(const TaskInstanceEstimates& e) {
  nlohmann::ordered_json j;
  j["tries"] = e.tries;
  j["queue_wait_seconds"] = stats_json(e.queue_wait);
  j["duration_seconds"] = stats_json(e.duration);
  j["task_startup_overhead_mean"] =
      e.startup_overhead_mean ? nlohmann::ordered_json(*e.startup_overhead_mean) : nullptr;
  j["task_startup_overhead_note"] = e.startup_note;
  j["tasks_compared"] = e.tasks_compared;
  j["tasks_differing"] = e.differing.size();
  j["duration_tolerance"] = kDurationTolerance;
  j["workers_seen"] = e.workers;
  j["tries_per_worker"] = {{"mean", e.tries_per_worker_mean}, {"max", e.tries_per_worker_max}};
  j["first_start_seconds"] = e.first_start ? nlohmann::ordered_json(*e.first_start) : nullptr;
  j["completion_seconds"] = e.completion ? nlohmann::ordered_json(*e.completion) : nullptr;
  return j;
}

}  // namespace mwaa::calibration
