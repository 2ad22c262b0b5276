// The gate's verdict for people (format_gate_text, margin_text) and scripts
// (gate_to_json).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "models/planning/gate.hpp"
#include "models/report/number_format.hpp"
#include "models/report/summary.hpp"

namespace mwaa {

namespace {

std::string two_digits(std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string label(const std::string& name) { return name == "completion" ? "completion" : "max queue age"; }

// Targets under a minute are small enough that tenths of a second matter.
bool tenths_for(const GateCheck& c) { return c.target < sim::Time::minutes(1); }

std::string percentile_prefix(const GateCheck& c) {
  return c.replications > 1 ? "P" + format_number(c.percentile) + " " : "";
}

nlohmann::ordered_json seconds_or_null(const std::optional<sim::Time>& t) {
  return t ? nlohmann::ordered_json(seconds3(*t)) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json finite_or_null(double seconds) {
  return std::isfinite(seconds) ? nlohmann::ordered_json(round3(seconds)) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string gate_duration_text(sim::Time t, bool tenths) {
  const std::int64_t unit = tenths ? 100'000 : 1'000'000;  // microseconds per shown step
  std::int64_t v = t.us < 0 ? -t.us : t.us;
  v = (v + unit / 2) / unit;  // half away from zero, in steps
  const std::int64_t steps_per_s = tenths ? 10 : 1;
  const std::int64_t hours = v / (3600 * steps_per_s), minutes = v / (60 * steps_per_s) % 60;
  const std::int64_t secs = v / steps_per_s % 60, frac = v % steps_per_s;
  std::string out = t.us < 0 && v > 0 ? "-" : "";
  if (hours > 0) out += std::to_string(hours) + "h";
  if (minutes > 0 || (hours > 0 && (secs > 0 || frac > 0))) out += (hours > 0 ? two_digits(minutes) : std::to_string(minutes)) + "m";
  if (secs > 0 || frac > 0 || v == 0) {
    out += (hours > 0 || minutes > 0) ? two_digits(secs) : std::to_string(secs);
    if (frac > 0) out += "." + std::to_string(frac);
    out += "s";
  }
  return out;
}

std::string margin_text(const GateCheck& c) {
  const bool tenths = tenths_for(c);
  const std::string target = "the " + gate_duration_text(c.target, tenths) + " target";
  if (!c.actual) {
    if (c.replications > 1)
      return percentile_prefix(c) + "not reached: it falls on replications that did not finish, over " + target;
    return "did not finish, over " + target;
  }
  const std::string actual = percentile_prefix(c) + gate_duration_text(*c.actual, tenths) + ", ";
  const sim::Time gap{std::llabs(c.margin->us)};
  if (gap.us == 0) return actual + "exactly " + target;
  std::string amount = gate_duration_text(gap, tenths);
  // A non-zero margin that rounds to nothing is shown exactly, so "over" never reads "0s over".
  if (amount == "0s") amount = sim::format_duration(gap);
  return actual + amount + (c.met ? " under " : " over ") + target;
}

std::string format_gate_text(const GateResult& g) {
  std::string out = "mwaa-sim check: " + g.scenario_name + (g.scenario_file.empty() ? "" : " (" + g.scenario_file + ")") +
                    ", " + std::to_string(g.replications) + (g.replications == 1 ? " run" : " replications") +
                    ", seed " + std::to_string(g.seed) + "\n";
  int missed = 0;
  for (const GateCheck& c : g.checks) missed += c.met ? 0 : 1;
  const std::string of = " of " + std::to_string(g.checks.size()) + (g.checks.size() == 1 ? " target" : " targets");
  switch (g.verdict) {
    case GateVerdict::Pass: out += "PASS: " + std::to_string(g.checks.size()) + of + " met\n"; break;
    case GateVerdict::Fail: out += "FAIL: " + std::to_string(missed) + of + " missed\n"; break;
    case GateVerdict::NotFinished:
      out += "CANNOT JUDGE: " + std::to_string(g.unfinished.size()) + " of " + std::to_string(g.replications) +
             (g.replications == 1 ? " run" : " replications") + " did not finish within the time limit (" +
             gate_duration_text(g.time_limit, false) + ")\n";
      break;
  }
  for (const GateCheck& c : g.checks) {
    std::string line = "  " + label(c.name) + ": " + (c.met ? "met" : "MISSED") + ", " + margin_text(c);
    if (c.replications > 1) {
      const bool tenths = tenths_for(c);
      auto bound = [&](double s, bool open) {
        return (std::isfinite(s) ? gate_duration_text(sim::Time::from_seconds(s), tenths) : "not finished") +
               (open ? "*" : "");
      };
      line += " (95% CI " + bound(c.estimate.lower, c.estimate.lower_open) + " - " +
              bound(c.estimate.upper, c.estimate.upper_open) + "; met by " + std::to_string(c.replications_met.successes) +
              " of " + std::to_string(c.replications) + " replications)";
    }
    out += line + "\n";
  }
  bool open = false;
  for (const GateCheck& c : g.checks) open = open || (c.replications > 1 && (c.estimate.lower_open || c.estimate.upper_open));
  if (open) out += "  * bound at the replications' min / max: run more replications for a 95% CI at this percentile\n";
  if (g.bottleneck) {
    out += "main bottleneck (replication 0): " + to_string(*g.bottleneck) + ": " + describe(*g.bottleneck) + "\n";
    out += "  to relieve it: " + remedy(*g.bottleneck) + "\n";
  } else {
    out += "main bottleneck (replication 0): none, nothing held the work back\n";
  }
  return out;
}

nlohmann::ordered_json gate_to_json(const GateResult& g) {
  nlohmann::ordered_json j;
  j["verdict"] = to_string(g.verdict);
  j["scenario"] = {{"name", g.scenario_name}, {"file", g.scenario_file}};
  j["seed"] = g.seed;
  j["replications"] = g.replications;
  j["percentile"] = json_number(g.percentile);
  j["finished"] = g.replications - static_cast<int>(g.unfinished.size());
  j["unfinished_replications"] = g.unfinished;
  nlohmann::ordered_json targets = nlohmann::ordered_json::array();
  for (const GateCheck& c : g.checks)
    targets.push_back({{"name", c.name},
                       {"percentile", json_number(c.percentile)},
                       {"target_seconds", seconds3(c.target)},
                       {"actual_seconds", seconds_or_null(c.actual)},
                       {"ci95_seconds", {finite_or_null(c.estimate.lower), finite_or_null(c.estimate.upper)}},
                       {"ci95_open", {c.estimate.lower_open, c.estimate.upper_open}},
                       {"margin_seconds", seconds_or_null(c.margin)},
                       {"met", c.met},
                       {"replications_met", c.replications_met.successes},
                       {"text", margin_text(c)}});
  j["targets"] = targets;
  if (g.bottleneck)
    j["bottleneck"] = {{"reason", to_string(*g.bottleneck)},
                       {"description", describe(*g.bottleneck)},
                       {"remedy", remedy(*g.bottleneck)},
                       {"replication", 0}};
  else
    j["bottleneck"] = nullptr;
  return j;
}

}  // namespace mwaa
