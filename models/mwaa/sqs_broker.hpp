// The environment's SQS queue as Celery uses it (fact sheet 4.2, 4.4).
//
// Messages wait FIFO (no priority once sent) while visible; a worker that takes
// one holds it in flight until it acks after the task ends (acks_late). A
// revoked message is dropped lazily when it reaches the front.
// AWS/MWAA QueuedTasks = visible, RunningTasks = in flight,
// ApproximateAgeOfOldestTask = now - oldest visible message's enqueue time.
// O(1) per operation (amortised).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "sim/recorder.hpp"
#include "sim/time.hpp"

namespace mwaa {

class SqsBroker {
 public:
  struct Message {
    std::uint32_t ti;
    std::uint32_t serial;
    sim::Time enqueued;
  };

  SqsBroker(sim::Gauge& visible_gauge, sim::Gauge& in_flight_gauge, sim::Gauge& oldest_gauge)
      : visible_gauge_(visible_gauge), in_flight_gauge_(in_flight_gauge), oldest_gauge_(oldest_gauge) {}

  void send(std::uint32_t ti, sim::Time now);
  std::size_t visible() const { return visible_; }
  std::size_t in_flight() const { return in_flight_; }
  // Takes the oldest visible message; call only when visible() > 0.
  Message receive(sim::Time now);
  void ack(sim::Time now);
  // Drops a visible message (stuck-in-queued revoke). False if not visible.
  bool revoke(std::uint32_t ti, sim::Time now);
  bool is_visible(std::uint32_t ti) const { return ti < serial_.size() && (serial_[ti] & 1u); }
  // Iterates visible messages oldest first (for the stuck-in-queued check).
  template <class F>
  void for_each_visible(F f) const {
    for (const Message& m : queue_)
      if (live(m)) f(m);
  }

 private:
  bool live(const Message& m) const { return serial_[m.ti] == m.serial; }
  void drop_stale_front();
  void update_gauges(sim::Time now);

  std::deque<Message> queue_;
  // Per TI: odd while a message is visible; bumped on receive and revoke.
  std::vector<std::uint32_t> serial_;
  std::size_t visible_ = 0;
  std::size_t in_flight_ = 0;
  sim::Gauge& visible_gauge_;
  sim::Gauge& in_flight_gauge_;
  sim::Gauge& oldest_gauge_;
};

}  // namespace mwaa
