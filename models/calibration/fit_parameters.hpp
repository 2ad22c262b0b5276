// The parameters a calibration fits: model parameters (models/parameters.hpp)
// by key, each searched as a positive factor on its starting value (the
// scenario's, else the model default) within [kMinFactor, kMaxFactor]:
// Distribution::scaled(factor) for distributions (the mean and every quantile
// scale, the shape stays), a multiple for durations.
#pragma once

#include <string>
#include <vector>

#include "models/parameters.hpp"

namespace mwaa::calibration {

inline constexpr double kMinFactor = 0.05;
inline constexpr double kMaxFactor = 20.0;

struct FitParameter {
  std::string key;        // models/parameters.hpp key
  std::string requested;  // as written on the command line (an alias, maybe)
  bool is_distribution = true;
  sim::Distribution start_distribution;  // when is_distribution
  sim::Time start_duration;              // otherwise
  double start_mean() const;             // seconds
};

// Short names accepted besides the keys: startup_overhead ->
// task_startup_overhead, provisioning_delay -> worker_provisioning_delay, ...
const std::vector<std::pair<std::string, std::string>>& fit_aliases();
// Every key that can be fitted (distribution and duration parameters, less the
// ones describing the export: metrics_period, metrics_sample_interval).
std::vector<std::string> fittable_keys();

// "startup_overhead,provisioning_delay" -> the parameters, starting from
// `start`. Throws InputError (path "--fit") for an unknown, unfittable or
// repeated key, with the nearest key suggested.
std::vector<FitParameter> resolve_fit_parameters(const std::string& list, const ModelParams& start);

// `params` with each fitted parameter set to factor x its start.
void apply_factors(ModelParams& params, const std::vector<FitParameter>& fit, const std::vector<double>& factors);

}  // namespace mwaa::calibration
