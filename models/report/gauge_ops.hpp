// Operations over recorded gauges that the reports need and sim::Gauge does
// not offer: sums of several gauges (per-scheduler executor gauges, pool
// running + queued), time spent at or above a level, and the peak age of the
// oldest SQS message. All work on the change points: O(total changes).
#pragma once

#include <vector>

#include "sim/recorder.hpp"
#include "sim/time.hpp"

namespace mwaa {

// A gauge whose level at every instant is the sum of the inputs' levels.
sim::Gauge sum_gauges(const std::vector<const sim::Gauge*>& gauges);

// Total time in [0, end) during which the level was >= threshold.
sim::Time time_at_least(const sim::Gauge& g, double threshold, sim::Time end);

struct QueueAgePeak {
  double seconds = 0;   // the largest age reached
  sim::Time at{0};      // when (the age grows until the oldest message leaves)
};
// `oldest` holds the enqueue time (seconds) of the oldest waiting message, or
// -1 when none waits. The age t - enqueue grows linearly while the same
// message is oldest, so its supremum lies at the end of each constant stretch.
QueueAgePeak peak_queue_age(const sim::Gauge& oldest, sim::Time end);

}  // namespace mwaa
