#include "models/calibration/fit_parameters.hpp"

#include <algorithm>
#include <cmath>

#include "models/errors.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::calibration {

namespace {

bool describes_export(const std::string& key) { return key == "metrics_period" || key == "metrics_sample_interval"; }

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

}  // namespace

double FitParameter::start_mean() const {
  return is_distribution ? start_distribution.mean() : start_duration.to_seconds();
}

const std::vector<std::pair<std::string, std::string>>& fit_aliases() {
  static const std::vector<std::pair<std::string, std::string>> aliases = {
      {"startup_overhead", "task_startup_overhead"},
      {"provisioning_delay", "worker_provisioning_delay"},
      {"pickup_latency", "worker_pickup_latency"},
      {"state_write_latency", "task_state_write_latency"},
      {"send_latency", "broker_send_latency"},
      {"loop_base", "scheduler_loop_base"},
      {"evaluation_period", "autoscaler_evaluation_period"},
  };
  return aliases;
}

std::vector<std::string> fittable_keys() {
  std::vector<std::string> keys;
  for (const auto& d : model_parameters())
    if ((d.kind == "distribution" || d.kind == "duration") && !describes_export(d.key)) keys.push_back(d.key);
  return keys;
}

std::vector<FitParameter> resolve_fit_parameters(const std::string& list, const ModelParams& start) {
  const std::vector<std::string> keys = fittable_keys();
  std::vector<std::string> names = keys;
  for (const auto& [alias, key] : fit_aliases()) names.push_back(alias);
  std::vector<FitParameter> out;
  std::size_t from = 0;
  while (from <= list.size()) {
    const auto comma = list.find(',', from);
    const std::string word = trim(list.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    from = comma == std::string::npos ? list.size() + 1 : comma + 1;
    if (word.empty()) continue;
    std::string key = word;
    for (const auto& [alias, target] : fit_aliases())
      if (word == alias) key = target;
    if (describes_export(key))
      throw InputError("", "--fit",
                       "\"" + word + "\" describes the CloudWatch export, not the system: it cannot be fitted");
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      throw InputError("", "--fit",
                       "\"" + word + "\" is not a fittable model parameter" + input::suggest(word, names) +
                           " (distribution and duration keys of `mwaa-sim params`)");
    for (const auto& p : out)
      if (p.key == key) throw InputError("", "--fit", "\"" + word + "\" is listed twice (as " + p.requested + ")");
    FitParameter p;
    p.key = key;
    p.requested = word;
    ModelParams copy = start;
    if (const sim::Distribution* d = find_distribution_param(copy, key)) {
      p.start_distribution = *d;
      if (!(d->mean() > 0))
        throw InputError("", "--fit",
                         "\"" + key + "\" starts at " + d->describe() +
                             ": a factor cannot move a zero value; set a positive start in the scenario's model block");
    } else {
      p.is_distribution = false;
      p.start_duration = *find_duration_param(copy, key);
      if (p.start_duration <= sim::Time::zero())
        throw InputError("", "--fit",
                         "\"" + key + "\" starts at 0: set a positive start in the scenario's model block");
    }
    out.push_back(std::move(p));
  }
  if (out.empty()) throw InputError("", "--fit", "no parameter to fit; e.g. --fit startup_overhead,provisioning_delay");
  return out;
}

void apply_factors(ModelParams& params, const std::vector<FitParameter>& fit, const std::vector<double>& factors) {
  for (std::size_t i = 0; i < fit.size(); ++i) {
    const double f = std::clamp(factors[i], kMinFactor, kMaxFactor);
    if (fit[i].is_distribution) {
      *find_distribution_param(params, fit[i].key) = fit[i].start_distribution.scaled(f);
    } else {
      // Whole microseconds, at least one: periods must stay positive.
      const auto us = std::max<std::int64_t>(1, std::llround(static_cast<double>(fit[i].start_duration.us) * f));
      *find_duration_param(params, fit[i].key) = sim::Time{us};
    }
  }
}

}  // namespace mwaa::calibration
