// replication_summary_to_json() and format_replication_summary(): the
// ReplicationSummary as JSON for scripts and as an aligned table for people.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "models/planning/replication_summary.hpp"
#include "models/report/number_format.hpp"

namespace mwaa {

namespace {

nlohmann::ordered_json number(double v, bool seconds) {
  if (std::isinf(v)) return nullptr;  // not finished: JSON has no infinity
  return seconds ? nlohmann::ordered_json(round3(v)) : json_number(v);
}

nlohmann::ordered_json estimate_json(const PercentileEstimate& e, bool seconds) {
  nlohmann::ordered_json j;
  j["value"] = number(e.value, seconds);
  j["ci95"] = {number(e.lower, seconds), number(e.upper, seconds)};
  // true: the bound is the sample's min / max and the true bound may lie beyond.
  j["ci95_open"] = {e.lower_open, e.upper_open};
  return j;
}

std::string value_text(double v, bool seconds) {
  if (std::isinf(v)) return "not finished";
  return seconds ? format_duration_tenths(sim::Time::from_seconds(v)) : format_number(v);
}

std::string ci_text(const PercentileEstimate& e, bool seconds, bool& any_open) {
  any_open = any_open || e.lower_open || e.upper_open;
  return "[" + value_text(e.lower, seconds) + (e.lower_open ? "*" : "") + ", " + value_text(e.upper, seconds) +
         (e.upper_open ? "*" : "") + "]";
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

std::string target_label(const std::string& name) { return name == "completion" ? "completion" : "max queue age"; }

// Columns padded to their widest cell.
std::string render(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], r[c].size());
    }
  std::string out;
  for (const auto& r : rows) {
    std::string line = "  ";
    for (std::size_t c = 0; c < r.size(); ++c) {
      line += r[c];
      if (c + 1 < r.size()) line += std::string(width[c] - r[c].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace

nlohmann::ordered_json replication_summary_to_json(const ReplicationSummary& s) {
  nlohmann::ordered_json j;
  j["scenario"] = s.scenario_name;
  j["seed"] = s.base_seed;
  j["warnings"] = s.warnings;
  j["replications"] = s.replications;
  j["finished"] = s.finished;
  j["unfinished_replications"] = s.unfinished;
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const MetricDistribution& m : s.metrics) {
    nlohmann::ordered_json d;
    d["unit"] = m.seconds ? "seconds" : "count";
    d["count"] = m.count;
    d["unfinished"] = m.unfinished;
    d["mean"] = number(m.mean, m.seconds);
    d["min"] = number(m.min, m.seconds);
    d["max"] = number(m.max, m.seconds);
    d["p50"] = estimate_json(m.p50, m.seconds);
    d["p90"] = estimate_json(m.p90, m.seconds);
    d["p95"] = estimate_json(m.p95, m.seconds);
    d["p99"] = estimate_json(m.p99, m.seconds);
    metrics[m.name] = d;
  }
  j["metrics"] = metrics;
  nlohmann::ordered_json targets = nlohmann::ordered_json::array();
  for (const TargetShare& t : s.targets)
    targets.push_back({{"name", t.name},
                       {"target_seconds", seconds3(t.target)},
                       {"replications_met", t.met.successes},
                       {"share_met", round3(t.met.share)},
                       {"share_met_ci95", {round3(t.met.lower), round3(t.met.upper)}}});
  j["targets"] = targets;
  return j;
}

std::string format_replication_summary(const ReplicationSummary& s) {
  std::string out = "Replications: " + std::to_string(s.replications) + " of " + s.scenario_name + " (" +
                    std::to_string(s.finished) + " finished); seeds derived from " + std::to_string(s.base_seed) +
                    ", replication 0 = the plain run\n";
  if (!s.unfinished.empty()) {
    out += "  did not finish:";
    for (int i : s.unfinished) out += " " + std::to_string(i);
    out += "\n";
  }
  for (const TargetShare& t : s.targets)
    out += "  " + target_label(t.name) + " target " + format_duration_tenths(t.target) + " met in " +
           std::to_string(t.met.successes) + " of " + std::to_string(t.met.n) + " replications: " +
           percent(t.met.share) + " (95% CI " + percent(t.met.lower) + " - " + percent(t.met.upper) + ")\n";

  for (const std::string& w : s.warnings) out += "  warning: " + w + "\n";

  std::vector<std::vector<std::string>> rows = {{"", "P50", "P90", "P95", "P99"}};
  bool any_open = false;
  for (const MetricDistribution& m : s.metrics) {
    rows.push_back({m.label, value_text(m.p50.value, m.seconds), value_text(m.p90.value, m.seconds),
                    value_text(m.p95.value, m.seconds), value_text(m.p99.value, m.seconds)});
    rows.push_back({"  95% CI", ci_text(m.p50, m.seconds, any_open), ci_text(m.p90, m.seconds, any_open),
                    ci_text(m.p95, m.seconds, any_open), ci_text(m.p99, m.seconds, any_open)});
  }
  out += "\nDistribution over replications\n" + render(rows);
  if (any_open)
    out += "  * the sample's min / max: too few replications for a 95% CI at this percentile; the true bound may lie beyond\n";
  return out;
}

}  // namespace mwaa
