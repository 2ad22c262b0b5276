// Duration distributions of imported tasks (see airflow_rest_build.hpp) and
// run arrival times.
#include <algorithm>
#include <cmath>

#include "models/import/airflow_rest_build.hpp"

namespace mwaa::imports {

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const double rank = p / 100.0 * static_cast<double>(samples.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, samples.size() - 1);
  return samples[lo] + (samples[hi] - samples[lo]) * (rank - static_cast<double>(lo));
}

namespace build {

namespace {

constexpr std::size_t kMinSamplesToFit = 5;

OJson texts(const std::vector<double>& samples) {
  OJson a = OJson::array();
  for (double s : samples) a.push_back(duration_text_seconds(s));
  return a;
}

}  // namespace

OJson duration_json(const std::vector<double>& samples, DurationMode mode) {
  const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
  if (sim::Time::from_seconds(*lo) == sim::Time::from_seconds(*hi)) return duration_text_seconds(*lo);
  if (mode == DurationMode::Fitted && samples.size() >= kMinSamplesToFit) {
    const double median = percentile(samples, 50), p95 = percentile(samples, 95);
    // A lognormal needs a median > 0 (e.g. not for mostly-instant tasks).
    if (sim::Time::from_seconds(median) > sim::Time::zero())
      return OJson{{"lognormal", {{"median", duration_text_seconds(median)}, {"p95", duration_text_seconds(p95)}}}};
  }
  return OJson{{"empirical", texts(samples)}};
}

std::optional<Arrival> arrival_of(const AirflowRun& run) {
  if (run.queued_at) return Arrival{*run.queued_at, "queued_at"};
  if (run.run_type == "manual" && run.logical && (!run.start || *run.logical <= *run.start))
    return Arrival{*run.logical, "logical_date"};
  if (run.start) return Arrival{*run.start, "start_date"};
  return std::nullopt;
}

}  // namespace build

}  // namespace mwaa::imports
