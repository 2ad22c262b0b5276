// CeleryExecutor as one scheduler sees it (AF-base-exec, AF-celery).
//
//  queued   workloads handed over by the critical section, not yet sent
//           (gauge executor.queued_tasks);
//  running  sent to SQS (apply_async succeeded) until the scheduler's sync
//           reads the Celery result (gauge executor.running_tasks): it counts
//           tasks waiting in SQS and tasks executing, model-notes 1 and 8.
// heartbeat() sends up to parallelism - running workloads, highest
// priority_weight first, one after another (celery.sync_parallelism = 1 on
// MWAA): each send takes broker_send_latency.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace mwaa {

class CeleryExecutor {
 public:
  CeleryExecutor(int index, int parallelism) : index_(index), parallelism_(parallelism) {}

  int index() const { return index_; }
  int parallelism() const { return parallelism_; }
  int running() const { return running_; }
  int queued() const { return static_cast<int>(queued_.size()) + sending_; }
  // BaseExecutor.slots_available: parallelism - running - queued.
  int slots_available() const { return parallelism_ - running_ - queued(); }
  // open_slots used by heartbeat: parallelism - running.
  int open_slots() const { return parallelism_ - running_; }

  void queue_workload(std::uint32_t ti) { queued_.push_back(ti); }
  // Takes the workloads heartbeat may send now, in send order. `priority` maps a
  // TI to its priority_weight. They count as queued until sent().
  template <class Priority>
  void take_for_sending(std::vector<std::uint32_t>& out, Priority priority);
  void sent() { --sending_; ++running_; }
  // The Celery result is in the backend; the next sync() frees the slot.
  void result_ready(std::uint32_t ti) { results_.push_back(ti); }
  // Reads the results: frees their slots; returns how many events that made.
  int sync() {
    const int n = static_cast<int>(results_.size());
    running_ -= n;
    results_.clear();
    return n;
  }
  // Stuck-in-queued revoke of a task already sent (or still waiting here).
  bool revoke_queued(std::uint32_t ti);
  void revoke_sent() { --running_; }

 private:
  int index_;
  int parallelism_;
  int running_ = 0;
  int sending_ = 0;
  std::vector<std::uint32_t> queued_;
  std::vector<std::uint32_t> results_;
};

template <class Priority>
void CeleryExecutor::take_for_sending(std::vector<std::uint32_t>& out, Priority priority) {
  out.clear();
  const int open = open_slots() - sending_;
  if (open <= 0 || queued_.empty()) return;
  // trigger_tasks: sorted by priority_weight, highest first; stable keeps the
  // critical section's order among equals.
  std::stable_sort(queued_.begin(), queued_.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return priority(a) > priority(b); });
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(open), queued_.size());
  out.assign(queued_.begin(), queued_.begin() + static_cast<std::ptrdiff_t>(n));
  queued_.erase(queued_.begin(), queued_.begin() + static_cast<std::ptrdiff_t>(n));
  sending_ += static_cast<int>(n);
}

inline bool CeleryExecutor::revoke_queued(std::uint32_t ti) {
  for (std::size_t i = 0; i < queued_.size(); ++i)
    if (queued_[i] == ti) {
      queued_.erase(queued_.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    }
  return false;
}

}  // namespace mwaa
