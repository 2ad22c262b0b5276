// Calibrated parameters as a scenario `model` block, and back.
//
// The block is {"model": {"<key>": <value>, ...}} with each distribution in a
// form the scenario loader accepts (docs/scenario-format.md,
// models/scenario_loader_distribution.cpp) and each duration in seconds, so
// it can be pasted into a scenario or given to `mwaa-sim validate --params`.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/calibration/fit_parameters.hpp"
#include "models/scenario.hpp"

namespace mwaa::calibration {

// {"constant": s} | {"uniform": [lo, hi]} | {"normal": {"mean", "stddev"}} |
// {"lognormal": {"median", "p95"}} | {"exponential": {"mean"}} | {"empirical": [...]},
// seconds rounded to the microsecond (the loader's resolution).
nlohmann::ordered_json distribution_json(const sim::Distribution& d);

// The fitted parameters of `params` as {"model": {...}}.
nlohmann::ordered_json model_block_json(const ModelParams& params, const std::vector<FitParameter>& fit);

// Loads `scenario_file` with the `model` block of `params_file` laid over the
// scenario's own (its keys win). Each value is checked first, so a bad one is
// an InputError naming params_file and its path ("model.<key>").
Scenario load_scenario_with_params(const std::string& scenario_file, const std::string& params_file);

}  // namespace mwaa::calibration
