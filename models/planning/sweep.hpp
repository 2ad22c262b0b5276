// What-if sweeps over a grid of configurations.
//
// An axis is `KEY=VALUES`: VALUES is `a..b:step` (numbers, inclusive) or a
// comma list. KEY names what to change in the scenario document:
//   MinWorkers, MaxWorkers, Schedulers, EnvironmentClass, AirflowVersion  (environment fields)
//   core.parallelism, celery.worker_autoscale, ...   (AirflowConfigurationOptions, any "section.key")
//   model.<param>                                  (a model parameter, e.g. model.task_startup_overhead)
//   /json/pointer                                  (anything else, e.g. /workload/families/0/waves/4/count)
// Each grid point is the scenario document with those values set, loaded
// and validated like any scenario, then simulated `replications` times.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/planning/cost.hpp"
#include "models/report/summary.hpp"
#include "models/scenario.hpp"

namespace mwaa {

struct VaryAxis {
  std::string key;
  std::vector<nlohmann::json> values;
};

// Throws InputError("--vary", expr, why) on a malformed expression.
VaryAxis parse_vary(const std::string& expr);
// Sets key = value in a scenario document (environment already inlined).
void apply_setting(nlohmann::json& doc, const std::string& key, const nlohmann::json& value);
// Replaces {"file": ...} / {"Environment": {...}} by the Environment object, so
// settings can be applied to it.
void inline_environment(nlohmann::json& doc, const std::string& base_dir);
std::string value_label(const nlohmann::json& value);

struct SweepSpec {
  nlohmann::json document;          // the scenario, environment inlined
  std::string source;               // for messages
  std::string base_dir = ".";
  std::vector<VaryAxis> axes;
  int replications = 1;
  int threads = 0;
  int shard_index = 0, shard_count = 1;  // run points with index % count == shard_index
  std::function<void(int, int)> progress;
};

struct TargetResult {
  std::string name;        // "completion p95", "max_queue_age p95"
  double target_seconds = 0;
  std::optional<double> actual_seconds;
  bool met = false;
};

struct PointResult {
  int index = 0;                       // in the full grid
  std::vector<std::string> values;     // one label per axis
  std::string error;                   // the point's scenario was invalid
  int replications = 0, finished = 0;
  std::optional<double> completion_p50, completion_p95;  // seconds
  double peak_queue_p95 = 0, peak_workers_p95 = 0, peak_queue_age_p95 = 0;
  double cost_per_hour = 0, cost_per_run = 0;            // mean over replications
  std::vector<TargetResult> targets;
  bool pass = false;                   // every target met (false when there is none)
  std::string bottleneck;              // main hold reason of replication 0
};

struct SweepTable {
  std::vector<std::string> axes;
  std::string currency = "USD";
  int grid_size = 0;
  std::vector<PointResult> points;     // sorted by index (as read, for a table read from a file)
  std::string source;                  // the file it was read from (sweep_from_json), for messages
};

// The largest grid a sweep runs (grid_size refuses more).
inline constexpr int kMaxGridPoints = 1'000'000;
// The largest number of seconds a sweep result may hold: sim::Time's range
// (+-9.2e18 microseconds), which the tables and reports print through.
inline constexpr double kMaxSweepSeconds = 9.2e12;

// Number of grid points (product of axis sizes).
int grid_size(const std::vector<VaryAxis>& axes);
std::vector<std::string> grid_values(const std::vector<VaryAxis>& axes, int index);
// The scenario of one grid point (throws InputError when invalid).
Scenario point_scenario(const SweepSpec& spec, int index);
// Simulates one point; the point's scenario is built from spec.
PointResult evaluate_point(const SweepSpec& spec, const Pricing& pricing, int index, int threads);
SweepTable run_sweep(const SweepSpec& spec, const Pricing& pricing);

std::string sweep_text(const SweepTable& t);
std::string sweep_csv(const SweepTable& t);
std::string sweep_markdown(const SweepTable& t);
nlohmann::ordered_json sweep_json(const SweepTable& t);
// Reads sweep_json output back (for merging shards and sweep reports); throws
// InputError(file, path, what was expected) for a missing or mistyped field, a
// value out of range (seconds beyond kMaxSweepSeconds, negative peaks or
// costs, finished > replications), a point without one value per axis, an
// index outside [0, grid_size) or given twice.
SweepTable sweep_from_json(const nlohmann::json& j, const std::string& file);
// Joins shards of one sweep; throws InputError naming the shard (its source)
// when they disagree (axes, grid size, currency) or overlap, and, unless
// allow_missing, when grid points are in no shard (missing_points_text).
SweepTable merge_sweeps(const std::vector<SweepTable>& shards, bool allow_missing = false);
// "" when the table holds every grid point, else which are missing, e.g.
// "2 of 6 grid points are in no shard: 1, 4-5" (long lists shortened).
std::string missing_points_text(const SweepTable& t);

}  // namespace mwaa
