#include "models/report/gauge_ops.hpp"

#include <algorithm>
#include <cstdint>

namespace mwaa {

sim::Gauge sum_gauges(const std::vector<const sim::Gauge*>& gauges) {
  struct Change {
    sim::Time time;
    std::uint32_t gauge;
    double value;
  };
  std::vector<double> level(gauges.size());
  std::vector<Change> changes;
  double total = 0;
  std::size_t n = 0;
  for (const auto* g : gauges) n += g->points().size();
  changes.reserve(n);
  for (std::size_t i = 0; i < gauges.size(); ++i) {
    const auto& pts = gauges[i]->points();
    // Every gauge has its first point at time zero (its level before any change).
    level[i] = pts.front().value;
    total += level[i];
    for (std::size_t k = 1; k < pts.size(); ++k) changes.push_back({pts[k].time, static_cast<std::uint32_t>(i), pts[k].value});
  }
  // Each input is already in time order; a stable sort by time keeps it so.
  std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.time < b.time; });
  sim::Gauge out(total);
  for (const auto& c : changes) {
    total += c.value - level[c.gauge];
    level[c.gauge] = c.value;
    out.set(c.time, total);  // equal times: the last set wins, as in sim::Gauge
  }
  return out;
}

sim::Time time_at_least(const sim::Gauge& g, double threshold, sim::Time end) {
  const auto& pts = g.points();
  sim::Time total{0};
  for (std::size_t i = 0; i < pts.size() && pts[i].time < end; ++i) {
    const sim::Time to = i + 1 < pts.size() ? std::min(pts[i + 1].time, end) : end;
    if (pts[i].value >= threshold) total += to - pts[i].time;
  }
  return total;
}

QueueAgePeak peak_queue_age(const sim::Gauge& oldest, sim::Time end) {
  const auto& pts = oldest.points();
  QueueAgePeak best;
  for (std::size_t i = 0; i < pts.size() && pts[i].time < end; ++i) {
    if (pts[i].value < 0) continue;
    const sim::Time to = i + 1 < pts.size() ? std::min(pts[i + 1].time, end) : end;
    const double age = to.to_seconds() - pts[i].value;
    if (age > best.seconds) best = {age, to};
  }
  return best;
}

}  // namespace mwaa
