#include "sim/engine.hpp"

#include <stdexcept>

namespace sim {

std::string to_string(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::Drained: return "drained";
    case RunOutcome::ReachedTime: return "reached-time";
    case RunOutcome::Stopped: return "stopped";
    case RunOutcome::TimeLimit: return "time-limit";
    case RunOutcome::EventLimit: return "event-limit";
    case RunOutcome::Interrupted: return "interrupted";
  }
  return "unknown";
}

EventId Engine::schedule_at(Time at, EventHandler& handler, std::uint32_t kind, std::uint64_t arg) {
  if (at < now_)
    throw std::logic_error("event scheduled in the past: at " + format_duration(at) + ", now " +
                           format_duration(now_));
  return queue_.push(at, &handler, kind, arg);
}

bool Engine::blocked_by_limit(RunOutcome& why) {
  if (queue_.empty()) { why = RunOutcome::Drained; return true; }
  if (executed_ >= limits_.max_events) { why = RunOutcome::EventLimit; return true; }
  if (queue_.top().time > limits_.max_time) { why = RunOutcome::TimeLimit; return true; }
  return false;
}

void Engine::advance_clock_to(Time t) {
  if (t > now_) now_ = t;
}

bool Engine::step() {
  RunOutcome why;
  if (blocked_by_limit(why)) {
    if (why == RunOutcome::TimeLimit) advance_clock_to(limits_.max_time);
    return false;
  }
  const Event e = queue_.pop();
  now_ = e.time;
  ++executed_;
  e.handler->on_event(*this, e.kind, e.arg);
  return true;
}

RunOutcome Engine::run() {
  stop_requested_ = false;
  RunOutcome why;
  while (!blocked_by_limit(why)) {
    if (interrupted()) return RunOutcome::Interrupted;
    step();
    if (stop_requested_) return RunOutcome::Stopped;
  }
  if (why == RunOutcome::TimeLimit) advance_clock_to(limits_.max_time);
  return why;
}

RunOutcome Engine::run_until(Time t) {
  stop_requested_ = false;
  RunOutcome why;
  while (!blocked_by_limit(why)) {
    if (queue_.top().time > t) { why = RunOutcome::ReachedTime; break; }
    if (interrupted()) return RunOutcome::Interrupted;
    step();
    if (stop_requested_) return RunOutcome::Stopped;
  }
  if (why == RunOutcome::EventLimit) return why;
  // Whether drained or not, the clock may not pass the time limit.
  if (limits_.max_time < t) {
    advance_clock_to(limits_.max_time);
    return RunOutcome::TimeLimit;
  }
  advance_clock_to(t);
  return RunOutcome::ReachedTime;
}

}  // namespace sim
