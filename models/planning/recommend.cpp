#include "models/planning/recommend.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

#include "models/errors.hpp"

namespace mwaa {

bool is_monotone_capacity_key(const std::string& key) {
  return key == "MinWorkers" || key == "MaxWorkers" || key == "core.default_pool_task_slot_count" ||
         key == "core.parallelism" || key == "core.max_active_tasks_per_dag";
}

namespace {

bool cheaper(const PointResult& a, const PointResult& b) {
  if (a.cost_per_hour != b.cost_per_hour) return a.cost_per_hour < b.cost_per_hour;
  if (a.cost_per_run != b.cost_per_run) return a.cost_per_run < b.cost_per_run;
  return a.index < b.index;
}

}  // namespace

Recommendation recommend(const SweepSpec& spec, const Pricing& pricing) {
  Recommendation rec;
  rec.grid_size = grid_size(spec.axes);
  rec.currency = pricing.currency;
  for (const VaryAxis& a : spec.axes) rec.axes.push_back(a.key);
  std::map<int, PointResult> cache;
  auto eval = [&](int index) -> const PointResult& {
    auto it = cache.find(index);
    if (it == cache.end()) it = cache.emplace(index, evaluate_point(spec, pricing, index, spec.threads)).first;
    return it->second;
  };

  // The monotone axis, if any: numeric, ascending.
  int mono = -1;
  for (std::size_t k = 0; k < spec.axes.size() && mono < 0; ++k) {
    const VaryAxis& a = spec.axes[k];
    if (!is_monotone_capacity_key(a.key)) continue;
    bool ascending = true;
    for (std::size_t i = 0; i < a.values.size(); ++i)
      ascending = ascending && a.values[i].is_number() && (i == 0 || a.values[i] > a.values[i - 1]);
    if (ascending) mono = static_cast<int>(k);
  }
  if (mono < 0) {
    for (int i = 0; i < rec.grid_size; ++i) eval(i);
  } else {
    rec.monotone_axis = spec.axes[static_cast<std::size_t>(mono)].key;
    // Stride of the monotone axis in the row-major index.
    int stride = 1;
    for (std::size_t k = static_cast<std::size_t>(mono) + 1; k < spec.axes.size(); ++k)
      stride *= static_cast<int>(spec.axes[k].values.size());
    const int len = static_cast<int>(spec.axes[static_cast<std::size_t>(mono)].values.size());
    for (int base = 0; base < rec.grid_size; ++base) {
      if ((base / stride) % len != 0) continue;  // one base per combination of the other axes
      // Smallest passing value along the axis; every evaluated point is kept.
      // A point whose scenario is invalid (MinWorkers above MaxWorkers) is
      // neither a pass nor a miss: the probe moves to the nearest valid point
      // in [lo, hi] (an invalid point costs a load, no simulation).
      auto valid = [&](int k) { return eval(base + k * stride).error.empty(); };
      int lo = 0, hi = len - 1;
      while (lo <= hi) {
        const int mid = (lo + hi) / 2;
        int probe = -1;
        for (int d = 0; probe < 0 && (mid + d <= hi || mid - d >= lo); ++d) {
          if (mid + d <= hi && valid(mid + d)) probe = mid + d;
          else if (d > 0 && mid - d >= lo && valid(mid - d)) probe = mid - d;
        }
        if (probe < 0) break;
        if (eval(base + probe * stride).pass) hi = probe - 1;
        else lo = probe + 1;
      }
    }
  }
  rec.evaluated = static_cast<int>(cache.size());
  // Invalid points are not configurations: not listed as cheaper failures.
  std::vector<PointResult> passing, failing;
  const PointResult* first_invalid = nullptr;
  for (const auto& [index, p] : cache) {
    if (!p.error.empty()) {
      if (!first_invalid) first_invalid = &p;
      continue;
    }
    (p.pass ? passing : failing).push_back(p);
  }
  if (passing.empty() && failing.empty() && first_invalid)
    throw InputError("--vary", "", "no grid point is a valid scenario; e.g. point " + std::to_string(first_invalid->index) +
                                       ": " + first_invalid->error);
  std::sort(passing.begin(), passing.end(), cheaper);
  std::sort(failing.begin(), failing.end(), cheaper);
  if (!passing.empty()) {
    rec.best = passing[0];
    for (std::size_t i = 1; i < passing.size() && rec.runners_up.size() < 3; ++i) rec.runners_up.push_back(passing[i]);
    for (const PointResult& f : failing)
      if (cheaper(f, passing[0]) && rec.cheaper_failures.size() < 5) rec.cheaper_failures.push_back(f);
  } else {
    for (std::size_t i = 0; i < failing.size() && i < 5; ++i) rec.cheaper_failures.push_back(failing[i]);
  }
  return rec;
}

namespace {

std::string describe_point(const Recommendation& r, const PointResult& p) {
  std::ostringstream os;
  for (std::size_t k = 0; k < r.axes.size(); ++k) os << (k ? ", " : "") << r.axes[k] << "=" << p.values[k];
  os << std::fixed << std::setprecision(2) << "  (" << p.cost_per_hour << " " << r.currency << "/h, " << p.cost_per_run
     << " " << r.currency << "/run";
  if (p.completion_p95) os << ", completion P95 " << sim::format_duration(sim::Time::from_seconds(std::round(*p.completion_p95 * 10) / 10));
  os << ")";
  return os.str();
}

std::string why_failed(const PointResult& p) {
  if (!p.error.empty()) return "invalid: " + p.error;
  std::ostringstream os;
  for (const TargetResult& t : p.targets) {
    if (t.met) continue;
    os << t.name << " ";
    if (t.actual_seconds)
      os << sim::format_duration(sim::Time::from_seconds(std::round(*t.actual_seconds * 10) / 10)) << ", "
         << sim::format_duration(sim::Time::from_seconds(std::round((*t.actual_seconds - t.target_seconds) * 10) / 10))
         << " over " << sim::format_duration(sim::Time::from_seconds(t.target_seconds));
    else
      os << "did not finish";
    os << "; ";
  }
  if (p.targets.empty()) os << "no target to meet; ";
  if (!p.bottleneck.empty()) os << "bottleneck " << p.bottleneck;
  return os.str();
}

}  // namespace

std::string recommendation_text(const Recommendation& r) {
  std::ostringstream os;
  os << "Searched " << r.evaluated << " of " << r.grid_size << " configurations";
  if (!r.monotone_axis.empty()) os << " (binary search along " << r.monotone_axis << ", assumed monotone)";
  os << ".\n";
  if (r.best) {
    os << "Cheapest configuration meeting every target:\n  " << describe_point(r, *r.best) << "\n";
    if (!r.runners_up.empty()) {
      os << "Runners-up:\n";
      for (const PointResult& p : r.runners_up) os << "  " << describe_point(r, p) << "\n";
    }
    if (!r.cheaper_failures.empty()) {
      os << "Cheaper configurations that failed:\n";
      for (const PointResult& p : r.cheaper_failures) os << "  " << describe_point(r, p) << "\n    " << why_failed(p) << "\n";
    }
  } else {
    os << "No configuration in the search space meets every target.\n";
    for (const PointResult& p : r.cheaper_failures) os << "  " << describe_point(r, p) << "\n    " << why_failed(p) << "\n";
  }
  return os.str();
}

nlohmann::ordered_json recommendation_json(const Recommendation& r) {
  SweepTable t;
  t.axes = r.axes;
  t.grid_size = r.grid_size;
  t.currency = r.currency;
  auto points = [&](const std::vector<PointResult>& ps) {
    SweepTable x = t;
    x.points = ps;
    return sweep_json(x)["points"];
  };
  nlohmann::ordered_json j;
  j["searched"] = r.evaluated;
  j["grid_size"] = r.grid_size;
  j["monotone_axis"] = r.monotone_axis;
  j["best"] = r.best ? points({*r.best})[0] : nlohmann::ordered_json(nullptr);
  j["runners_up"] = points(r.runners_up);
  j["cheaper_failures"] = points(r.cheaper_failures);
  return j;
}

}  // namespace mwaa
