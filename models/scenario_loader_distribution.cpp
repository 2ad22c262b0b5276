// parse_duration_json and parse_distribution_json: durations and
// distributions (in seconds) as the scenario writes them. Besides the JSON
// forms of the header, a distribution may be written as the text that
// Distribution::describe() and model_parameters() print, e.g.
// "uniform(50ms, 500ms)" or "lognormal(median=4s, p95=8s)".
#include <stdexcept>

#include "models/scenario_loader.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa {

namespace {

using input::Json;
using input::Where;

const char* const kExpected =
    "expected a distribution: a duration such as \"2s\", or {\"constant\": d}, {\"uniform\": [lo, hi]}, "
    "{\"normal\": {\"mean\": d, \"stddev\": d}}, {\"lognormal\": {\"median\": d, \"p95\": d}}, "
    "{\"lognormal\": {\"mean\": d, \"stddev\": d}}, {\"exponential\": {\"mean\": d}} or {\"empirical\": [d, ...]}";

const std::vector<std::string> kKinds = {"constant", "uniform", "normal", "lognormal", "exponential", "empirical"};

double seconds(const Json& v, const Where& w) { return input::get_duration(v, w).to_seconds(); }

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// "kind(a, b)" / "kind(name=a, name=b)" -> {"kind": [a, b]} / {"kind": {"name": a, ...}}.
Json function_form(const std::string& text, const Where& w) {
  const auto open = text.find('(');
  if (text.back() != ')') w.fail(std::string(kExpected) + ", got " + input::describe(Json(text)));
  const std::string kind = trim(text.substr(0, open));
  const std::string inside = text.substr(open + 1, text.size() - open - 2);
  Json positional = Json::array(), named = Json::object();
  std::size_t start = 0;
  while (start <= inside.size()) {
    const auto comma = inside.find(',', start);
    const std::string arg = trim(inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      named[trim(arg.substr(0, eq))] = trim(arg.substr(eq + 1));
    } else if (!arg.empty()) {
      positional.push_back(arg);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (!positional.empty() && !named.empty())
    w.fail("write either positional or named parameters in " + input::describe(Json(text)));
  Json args = named.empty() ? positional : named;
  // Single positional values where the JSON form takes a value or named parameters.
  if (named.empty() && (kind == "constant") && positional.size() == 1) args = positional[0];
  if (named.empty() && kind == "exponential" && positional.size() == 1) args = Json{{"mean", positional[0]}};
  if (named.empty() && kind == "normal" && positional.size() == 2)
    args = Json{{"mean", positional[0]}, {"stddev", positional[1]}};
  return Json{{kind, args}};
}

sim::Distribution from_object(const Json& v, const Where& w) {
  if (v.size() != 1)
    w.fail(std::string(kExpected) + " (one key), got an object with " + std::to_string(v.size()) + " keys");
  const std::string kind = v.begin().key();
  const Json& a = v.begin().value();
  const Where at = w.key(kind);
  if (kind == "constant") return sim::Distribution::constant(seconds(a, at));
  if (kind == "uniform") {
    if (a.is_object()) {
      input::check_keys(a, at, {"low", "high"});
      if (!input::member(a, "low") || !input::member(a, "high")) at.fail("expected {\"low\": d, \"high\": d}");
      return sim::Distribution::uniform(seconds(a["low"], at.key("low")), seconds(a["high"], at.key("high")));
    }
    if (!a.is_array() || a.size() != 2) at.fail("expected [low, high] (two durations), got " + input::describe(a));
    return sim::Distribution::uniform(seconds(a[0], at.index(0)), seconds(a[1], at.index(1)));
  }
  if (kind == "normal" || kind == "lognormal" || kind == "exponential") {
    input::expect_object(a, at);
    auto need = [&](const char* key) -> double {
      const Json* x = input::member(a, key);
      if (!x) at.fail("missing \"" + std::string(key) + "\"");
      return seconds(*x, at.key(key));
    };
    if (kind == "normal") {
      input::check_keys(a, at, {"mean", "stddev"});
      return sim::Distribution::normal(need("mean"), need("stddev"));
    }
    if (kind == "exponential") {
      input::check_keys(a, at, {"mean"});
      return sim::Distribution::exponential(need("mean"));
    }
    if (input::member(a, "median") || input::member(a, "p95")) {
      input::check_keys(a, at, {"median", "p95"});
      return sim::Distribution::lognormal_median_p95(need("median"), need("p95"));
    }
    input::check_keys(a, at, {"mean", "stddev"});
    if (!input::member(a, "mean")) at.fail("expected {\"median\": d, \"p95\": d} or {\"mean\": d, \"stddev\": d}");
    return sim::Distribution::lognormal_mean_stddev(need("mean"), need("stddev"));
  }
  if (kind == "empirical") {
    if (!a.is_array() || a.empty()) at.fail("expected a non-empty array of durations, got " + input::describe(a));
    std::vector<double> samples;
    for (std::size_t i = 0; i < a.size(); ++i) samples.push_back(seconds(a[i], at.index(i)));
    return sim::Distribution::empirical(std::move(samples));
  }
  at.fail("unknown distribution \"" + kind + "\"" + input::suggest(kind, kKinds));
}

}  // namespace

sim::Time parse_duration_json(const nlohmann::json& v, const std::string& file, const std::string& path) {
  return input::get_duration(v, Where{file, path});
}

sim::Distribution parse_distribution_json(const nlohmann::json& v, const std::string& file, const std::string& path) {
  const Where w{file, path};
  try {
    if (v.is_number()) return sim::Distribution::constant(seconds(v, w));
    if (v.is_string()) {
      const std::string text = trim(v.get<std::string>());
      if (text.find('(') != std::string::npos) return from_object(function_form(text, w), w);
      return sim::Distribution::constant(seconds(v, w));
    }
    if (v.is_object()) return from_object(v, w);
  } catch (const std::invalid_argument& e) {  // a factory rejected the parameters
    w.fail(e.what());
  }
  w.fail(std::string(kExpected) + ", got " + input::describe(v));
}

}  // namespace mwaa
