// Loads a scenario from JSON (format: docs/scenario-format.md, schema:
// docs/scenario.schema.json). Every error is an InputError naming the file,
// the JSON path and what was expected; unknown keys are errors with the
// nearest valid key suggested.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"

namespace mwaa {

Scenario load_scenario_file(const std::string& path);
// source_name is used in messages; base_dir resolves relative file references
// (e.g. "environment": {"file": "env.json"}).
Scenario load_scenario(const nlohmann::json& doc, const std::string& source_name, const std::string& base_dir = ".");

// Parses a duration given as a number (seconds) or a string ("4m30s").
sim::Time parse_duration_json(const nlohmann::json& v, const std::string& file, const std::string& path);
// Parses a distribution (seconds): a number or duration string (constant), or
// {"constant": d} | {"uniform": [lo, hi]} | {"normal": {"mean": d, "stddev": d}} |
// {"lognormal": {"median": d, "p95": d}} | {"lognormal": {"mean": d, "stddev": d}} |
// {"exponential": {"mean": d}} | {"empirical": [d, ...]}.
sim::Distribution parse_distribution_json(const nlohmann::json& v, const std::string& file, const std::string& path);

}  // namespace mwaa
