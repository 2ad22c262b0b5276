// Writers over MetricSeries lists: get-metric-data JSON, MetricDataQueries
// JSON and CSV. Key order is fixed (ordered_json) so outputs are byte-stable.
#include <map>
#include <optional>

#include "models/report/cloudwatch_export.hpp"
#include "models/report/iso_time.hpp"

namespace mwaa {

nlohmann::ordered_json metric_data_json(const std::vector<MetricSeries>& series) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& s : series) {
    nlohmann::ordered_json r;
    r["Id"] = s.id;
    r["Label"] = s.label;
    nlohmann::ordered_json ts = nlohmann::ordered_json::array();
    for (auto t : s.timestamps) ts.push_back(iso_utc_seconds(t));
    r["Timestamps"] = std::move(ts);
    nlohmann::ordered_json vs = nlohmann::ordered_json::array();
    // Stored as doubles, so counts print as 3.0, as the AWS CLI shows them.
    for (double v : s.values) vs.push_back(v);
    r["Values"] = std::move(vs);
    r["StatusCode"] = "Complete";
    r["Messages"] = nlohmann::ordered_json::array();
    results.push_back(std::move(r));
  }
  nlohmann::ordered_json doc;
  doc["MetricDataResults"] = std::move(results);
  doc["Messages"] = nlohmann::ordered_json::array();
  return doc;
}

nlohmann::ordered_json metric_data_queries(const std::vector<MetricSeries>& series) {
  nlohmann::ordered_json queries = nlohmann::ordered_json::array();
  for (const auto& s : series) {
    nlohmann::ordered_json dims = nlohmann::ordered_json::array();
    for (const auto& d : s.dimensions) dims.push_back({{"Name", d.name}, {"Value", d.value}});
    nlohmann::ordered_json metric;
    metric["Namespace"] = s.namespace_;
    metric["MetricName"] = s.metric;
    metric["Dimensions"] = std::move(dims);
    nlohmann::ordered_json stat;
    stat["Metric"] = std::move(metric);
    stat["Period"] = s.period_seconds;
    stat["Stat"] = to_string(s.stat);
    nlohmann::ordered_json q;
    q["Id"] = s.id;
    q["MetricStat"] = std::move(stat);
    q["ReturnData"] = true;
    queries.push_back(std::move(q));
  }
  return queries;
}

nlohmann::ordered_json metric_data_queries(const Scenario& scenario, const MetricsOptions& options) {
  return metric_data_queries(metric_series_definitions(scenario, options));
}

namespace {

// RFC 4180: quote a field holding a comma, quote or line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string metric_data_csv(const std::vector<MetricSeries>& series) {
  // Rows by timestamp across all series (they normally share them).
  std::map<std::int64_t, std::vector<std::optional<double>>> rows;
  for (std::size_t c = 0; c < series.size(); ++c)
    for (std::size_t i = 0; i < series[c].timestamps.size() && i < series[c].values.size(); ++i) {
      auto& row = rows[series[c].timestamps[i]];
      row.resize(series.size());
      row[c] = series[c].values[i];
    }
  std::string out = "timestamp";
  for (const auto& s : series) out += "," + csv_field(s.id);
  out += "\n";
  for (auto& [t, row] : rows) {
    row.resize(series.size());
    out += iso_utc_seconds(t);
    for (const auto& v : row) {
      out += ",";
      // The JSON number text: shortest round-trip form, the same as in the JSON export.
      if (v) out += nlohmann::json(*v).dump();
    }
    out += "\n";
  }
  return out;
}

}  // namespace mwaa
