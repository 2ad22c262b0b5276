// The simulation engine: a clock plus a pending-event set.
//
// The engine is an ordinary value: no globals, no singletons. A test, a Monte
// Carlo replication or a calibration step can create as many as it likes, each
// with its own clock. Handlers are plain object pointers (EventHandler), so
// scheduling never allocates beyond the amortised growth of the queue.
//
// Invariants
//  - now() never decreases (not even when a limit is set below it) and never
//    passes the time limit; an event is never scheduled in the past.
//  - Events at equal times run in the order they were scheduled.
//  - run()/run_until() stop at the limits set with set_limits() and say why,
//    so a model that would never finish is reported, not left spinning.
//  - With a stop token set, run()/run_until() look at it every
//    kStopTokenPollEvents events (one relaxed load) and return Interrupted
//    when it is non-zero: how another thread, or a signal handler, stops a run.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "sim/event_queue.hpp"
#include "sim/time.hpp"

namespace sim {

enum class RunOutcome {
  Drained,       // no events left
  ReachedTime,   // run_until(t) reached t
  Stopped,       // a handler called request_stop()
  TimeLimit,     // the next event lies beyond the simulated-time limit
  EventLimit,    // the event budget was used up
  Interrupted,   // the stop token was set (see set_stop_token)
};

std::string to_string(RunOutcome outcome);

struct Limits {
  Time max_time = Time::max();              // simulated-time limit
  std::uint64_t max_events = UINT64_MAX;    // event budget
};

class Engine {
 public:
  Engine() = default;
  Engine(const Engine&) = delete;  // handlers hold references to their engine
  Engine& operator=(const Engine&) = delete;

  Time now() const { return now_; }

  // Schedules handler.on_event(kind, arg) at `at` (>= now()). Throws
  // std::logic_error for a time in the past.
  EventId schedule_at(Time at, EventHandler& handler, std::uint32_t kind = 0, std::uint64_t arg = 0);
  EventId schedule_in(Time delay, EventHandler& handler, std::uint32_t kind = 0, std::uint64_t arg = 0) {
    return schedule_at(now_ + delay, handler, kind, arg);
  }
  bool cancel(EventId id) { return queue_.cancel(id); }
  bool is_pending(EventId id) const { return queue_.is_pending(id); }

  // Runs one event. Returns false when none is left or a limit forbids it.
  bool step();
  RunOutcome run();
  // Runs every event with time <= t, then advances the clock to t, or to the
  // time limit (returning TimeLimit) when that comes first.
  RunOutcome run_until(Time t);
  // Asks run()/run_until() to return after the current event.
  void request_stop() { stop_requested_ = true; }

  // Not owned; nullptr (the default) turns polling off. The token's value is
  // the caller's business (e.g. the signal number).
  void set_stop_token(const std::atomic<int>* token) { stop_token_ = token; }
  static constexpr std::uint64_t kStopTokenPollEvents = 4096;

  void set_limits(Limits limits) { limits_ = limits; }
  const Limits& limits() const { return limits_; }
  std::uint64_t events_executed() const { return executed_; }
  std::size_t pending() const { return queue_.size(); }
  void reserve(std::size_t pending_events) { queue_.reserve(pending_events); }

 private:
  // True (and why) when the next event may not run.
  bool blocked_by_limit(RunOutcome& why);
  bool interrupted() const {
    return stop_token_ && executed_ % kStopTokenPollEvents == 0 && stop_token_->load(std::memory_order_relaxed) != 0;
  }
  // Moves the clock forward to t; never backwards.
  void advance_clock_to(Time t);

  EventQueue queue_;
  Time now_ = Time::zero();
  Limits limits_;
  std::uint64_t executed_ = 0;
  bool stop_requested_ = false;
  const std::atomic<int>* stop_token_ = nullptr;
};

}  // namespace sim
