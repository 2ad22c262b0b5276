#include "models/calibration/model_block.hpp"

#include <algorithm>
#include <cmath>

#include "models/scenario_loader.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::calibration {

namespace {

constexpr double kZ95 = 1.6448536269514722;  // as sim::Distribution::lognormal_median_p95

double micro_round(double seconds) { return std::round(seconds * 1e6) / 1e6; }

}  // namespace

nlohmann::ordered_json distribution_json(const sim::Distribution& d) {
  using J = nlohmann::ordered_json;
  switch (d.kind()) {
    case sim::Distribution::Kind::Constant:
      return J{{"constant", micro_round(d.a())}};
    case sim::Distribution::Kind::Uniform:
      return J{{"uniform", J::array({micro_round(d.a()), micro_round(d.b())})}};
    case sim::Distribution::Kind::Normal:
      return J{{"normal", J{{"mean", micro_round(d.a())}, {"stddev", micro_round(d.b())}}}};
    case sim::Distribution::Kind::Lognormal:
      return J{{"lognormal",
                J{{"median", micro_round(std::exp(d.a()))}, {"p95", micro_round(std::exp(d.a() + kZ95 * d.b()))}}}};
    case sim::Distribution::Kind::Exponential:
      return J{{"exponential", J{{"mean", micro_round(d.a())}}}};
    case sim::Distribution::Kind::Empirical: {
      J samples = J::array();
      for (double s : d.samples()) samples.push_back(micro_round(s));
      return J{{"empirical", samples}};
    }
  }
  return J{{"constant", micro_round(d.a())}};
}

nlohmann::ordered_json model_block_json(const ModelParams& params, const std::vector<FitParameter>& fit) {
  nlohmann::ordered_json model = nlohmann::ordered_json::object();
  ModelParams copy = params;
  for (const auto& p : fit) {
    if (p.is_distribution)
      model[p.key] = distribution_json(*find_distribution_param(copy, p.key));
    else
      model[p.key] = find_duration_param(copy, p.key)->to_seconds();
  }
  nlohmann::ordered_json doc;
  doc["model"] = std::move(model);
  return doc;
}

Scenario load_scenario_with_params(const std::string& scenario_file, const std::string& params_file) {
  input::Json doc = input::read_json_file(scenario_file);
  const input::Json params = input::read_json_file(params_file);
  const input::Where root{params_file, ""};
  input::expect_object(params, root);
  const input::Json* model = input::member(params, "model");
  if (!model) root.fail("missing \"model\": expected {\"model\": {...}} as `mwaa-sim calibrate -o` writes it");
  input::expect_object(*model, root.key("model"));
  ModelParams check;
  std::vector<std::string> keys;
  for (const auto& d : model_parameters()) keys.push_back(d.key);
  for (auto it = model->begin(); it != model->end(); ++it) {
    const input::Where at = root.key("model").key(it.key());
    if (find_distribution_param(check, it.key()))
      parse_distribution_json(it.value(), at.file, at.path);
    else if (find_duration_param(check, it.key()))
      parse_duration_json(it.value(), at.file, at.path);
    else if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
      at.fail("unknown model parameter \"" + it.key() + "\"" + input::suggest(it.key(), keys));
  }
  if (!doc.is_object()) input::Where{scenario_file, ""}.fail("expected a scenario object");
  if (!doc.contains("model") || !doc["model"].is_object()) doc["model"] = input::Json::object();
  for (auto it = model->begin(); it != model->end(); ++it) doc["model"][it.key()] = it.value();
  return load_scenario(doc, scenario_file, input::parent_directory(scenario_file));
}

}  // namespace mwaa::calibration
