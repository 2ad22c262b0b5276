#include "models/calibration/comparison_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/report/iso_time.hpp"

namespace mwaa::calibration {

namespace {

nlohmann::ordered_json optional_number(std::optional<double> v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

std::string number_text(double v) { return nlohmann::json(v).dump(); }

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string seconds_text(double seconds) {
  return sim::format_duration(sim::Time::from_seconds(std::round(seconds * 10) / 10));
}

std::string fixed(std::optional<double> v, int decimals) {
  if (!v) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, *v);
  return buffer;
}

nlohmann::ordered_json series_report_json(
    const ComparisonPlan& plan, const std::vector<std::pair<std::string, const std::vector<SeriesError>*>>& errors) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t s = 0; s < plan.series.size(); ++s) {
    const MatchedSeries& m = plan.series[s];
    nlohmann::ordered_json j;
    j["id"] = m.id();
    j["model_series"] = m.model_id;
    j["namespace"] = m.observed.series.namespace_;
    j["metric"] = m.observed.series.metric;
    j["stat"] = to_string(m.stat());
    nlohmann::ordered_json dims = nlohmann::ordered_json::object();
    for (const auto& d : m.observed.series.dimensions) dims[d.name] = d.value;
    j["dimensions"] = std::move(dims);
    j["source"] = m.observed.source;
    j["weight"] = m.weight;
    j["scale"] = m.scale;
    j["periods"] = m.values.size();
    for (const auto& [label, list] : errors) {
      const SeriesError& e = (*list)[s];
      j["nonzero_periods"] = e.nonzero_periods;
      j[label] = {{"rmse", e.rmse}, {"mape_percent", optional_number(e.mape)}, {"objective_term", e.term}};
    }
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::ordered_json comparison_header_json(const PreparedComparison& prep) {
  nlohmann::ordered_json j;
  j["scenario"] = prep.scenario.name;
  j["scenario_file"] = prep.scenario.source_file;
  j["environment"] = prep.plan.environment;
  j["period_seconds"] = prep.plan.period_seconds;
  j["window"] = {{"start", iso_utc_seconds(prep.plan.window_start)}, {"end", iso_utc_seconds(prep.plan.window_end)}};
  j["replications"] = prep.seeds.size();
  j["seeds"] = prep.seeds;
  return j;
}

nlohmann::ordered_json completion_json(const PreparedComparison& prepared,
                                       const std::vector<std::pair<std::string, double>>& simulated) {
  nlohmann::ordered_json j;
  j["definition"] = "last task end, seconds after the scenario's start";
  j["observed_seconds"] = optional_number(prepared.observed_completion);
  j["observed_source"] = prepared.observed_completion ? nlohmann::ordered_json(prepared.observed_completion_source)
                                                      : nlohmann::ordered_json(nullptr);
  for (const auto& [label, seconds] : simulated) j[label + "_seconds"] = seconds;
  return j;
}

std::string comparison_csv(const ComparisonPlan& plan,
                           const std::vector<std::pair<std::string, const SimulatedValues*>>& columns) {
  std::string out = "series,model_series,timestamp,observed";
  for (const auto& [label, values] : columns) out += "," + label;
  out += "\n";
  for (std::size_t s = 0; s < plan.series.size(); ++s) {
    const MatchedSeries& m = plan.series[s];
    for (std::size_t k = 0; k < m.values.size(); ++k) {
      // Ids are [a-z0-9_] in queries the exporter writes; quote anything else.
      const bool plain = m.id().find_first_of(",\"\r\n") == std::string::npos;
      out += (plain ? m.id() : "\"" + m.id() + "\"") + "," + m.model_id + "," + iso_utc_seconds(m.timestamps[k]) + "," +
             number_text(m.values[k]);
      for (const auto& [label, values] : columns) out += "," + number_text(values->values[s][k]);
      out += "\n";
    }
  }
  return out;
}

std::string series_table_text(const ComparisonPlan& plan,
                              const std::vector<std::pair<std::string, const std::vector<SeriesError>*>>& errors) {
  std::size_t width = 8;
  for (const auto& m : plan.series) width = std::max(width, m.id().size() + 2);
  std::string out = "  " + pad("series", width) + pad("periods", 9);
  for (const auto& [label, list] : errors) out += pad("RMSE " + label, 16) + pad("MAPE " + label, 16);
  out += "\n";
  for (std::size_t s = 0; s < plan.series.size(); ++s) {
    out += "  " + pad(plan.series[s].id(), width) + pad(std::to_string(plan.series[s].values.size()), 9);
    for (const auto& [label, list] : errors) {
      const SeriesError& e = (*list)[s];
      out += pad(fixed(e.rmse, 2), 16) + pad(e.mape ? fixed(e.mape, 1) + " %" : std::string("-"), 16);
    }
    out += "\n";
  }
  return out;
}

}  // namespace mwaa::calibration
