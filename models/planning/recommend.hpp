// The cheapest configuration in a search space that meets every target.
//
// The search space is a sweep grid. When one axis is a capacity that only
// helps (MinWorkers, MaxWorkers, pool or parallelism sizes: "more workers never
// slower"), the smallest passing value is found by binary search along it for
// each combination of the other axes, instead of simulating every point. This
// monotonicity is an assumption (list scheduling has anomalies); points are
// still simulated exactly, only skipped ones are inferred.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/planning/sweep.hpp"

namespace mwaa {

struct Recommendation {
  std::optional<PointResult> best;
  std::vector<PointResult> runners_up;        // next cheapest passing points
  std::vector<PointResult> cheaper_failures;  // evaluated points cheaper than best that missed a target
  std::string monotone_axis;                  // "" when the grid was searched exhaustively
  int evaluated = 0, grid_size = 0;
  std::string currency = "USD";
  std::vector<std::string> axes;
};

bool is_monotone_capacity_key(const std::string& key);
Recommendation recommend(const SweepSpec& spec, const Pricing& pricing);
std::string recommendation_text(const Recommendation& r);
nlohmann::ordered_json recommendation_json(const Recommendation& r);

}  // namespace mwaa
