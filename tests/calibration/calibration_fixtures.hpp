// Shared pieces of the calibration tests: a scratch directory per test, the
// small fast scenario the recovery tests fit, hidden parameters, and
// get-metric-data / queries documents built by the exporter itself.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/errors.hpp"
#include "models/report/cloudwatch_export.hpp"
#include "models/scenario_loader.hpp"

namespace calib_test {

using nlohmann::json;

// A fresh directory under the system temp dir, removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mwaa-calib-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name)) << text;
    return file(name);
  }
  std::string write(const std::string& name, const json& doc) const { return write(name, doc.dump(2)); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Waves of DAGs, each a chain of `chain` tasks of `duration`, on mw1.small
// (5 tasks per worker), 1..max_workers workers, 2 schedulers, Airflow 3.
// Sized so each wave scales the workers out (provisioning delay shows) and
// many short tasks make the start-up overhead show, yet one run simulates in
// a few milliseconds.
inline json wave_scenario(const std::vector<std::pair<std::string, int>>& waves, int chain, const std::string& duration,
                          int max_workers = 10, const std::string& start = "2025-05-01T10:00:00Z",
                          const std::string& env = "calib-env") {
  json dags = json::array();
  for (std::size_t w = 0; w < waves.size(); ++w)
    for (int i = 0; i < waves[w].second; ++i) {
      json tasks = json::array();
      for (int k = 0; k < chain; ++k) {
        json t = {{"task_id", "t" + std::to_string(k)}, {"duration", duration}};
        if (k > 0) t["upstream"] = json::array({"t" + std::to_string(k - 1)});
        tasks.push_back(t);
      }
      dags.push_back({{"dag_id", "w" + std::to_string(w) + "_d" + std::to_string(i)},
                      {"trigger_at", json::array({waves[w].first})},
                      {"tasks", tasks}});
    }
  return {{"name", "calib-test"},
          {"environment",
           {{"Name", env},
            {"EnvironmentClass", "mw1.small"},
            {"MinWorkers", 1},
            {"MaxWorkers", max_workers},
            {"Schedulers", 2},
            {"AirflowVersion", "3.0.6"}}},
          {"start", start},
          {"seed", 1},
          {"time_limit", "2h"},
          {"workload", {{"dags", dags}}}};
}

// The fitting workload: 3 waves of 60 DAGs x 4 tasks of 15 s, 9 min apart.
inline json fit_scenario() { return wave_scenario({{"0s", 60}, {"9m", 60}, {"18m", 60}}, 4, "15s"); }
// A different workload for validation: 2 waves of 50 DAGs x 5 tasks of 20 s.
inline json validation_scenario() { return wave_scenario({{"0s", 50}, {"7m", 50}}, 5, "20s"); }

// The hidden truth: start-up overhead x3, provisioning delay x0.5 of the defaults
// (lognormal median 4 s / p95 8 s; uniform 90-180 s).
inline constexpr double kHiddenStartup = 3.0;
inline constexpr double kHiddenProvisioning = 0.5;
inline json hidden_model() {
  return {
      {"task_startup_overhead", {{"lognormal", {{"median", 4 * kHiddenStartup}, {"p95", 8 * kHiddenStartup}}}}},
      {"worker_provisioning_delay", {{"uniform", json::array({90 * kHiddenProvisioning, 180 * kHiddenProvisioning})}}}};
}

inline mwaa::Scenario load(const json& doc, const std::string& name = "test.json") {
  return mwaa::load_scenario(doc, name);
}

// Small deterministic noise: +-3 % of each value, never below zero, so the
// observation is no exact simulation output.
inline void add_noise(std::vector<mwaa::MetricSeries>& series) {
  for (std::size_t s = 0; s < series.size(); ++s)
    for (std::size_t i = 0; i < series[s].values.size(); ++i) {
      double& v = series[s].values[i];
      v = std::max(0.0, v * (1 + 0.03 * std::sin(1.7 * static_cast<double>(i) + static_cast<double>(s))));
    }
}

// What an InputError said, or thrown=false.
struct Caught {
  bool thrown = false;
  std::string file, path, message;
};
inline Caught catch_input_error(const std::function<void()>& f) {
  Caught c;
  try {
    f();
  } catch (const mwaa::InputError& e) {
    c = {true, e.file(), e.path(), e.message()};
  }
  return c;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
inline bool any_contains(const std::vector<std::string>& texts, const std::string& part) {
  for (const auto& t : texts)
    if (contains(t, part)) return true;
  return false;
}

}  // namespace calib_test
