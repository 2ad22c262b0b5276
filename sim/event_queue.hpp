// Pending-event set: an implicit 4-ary min-heap ordered by (time, sequence).
//
// Invariants
//  - Events with equal time pop in the order they were pushed (the sequence
//    number is strictly increasing), so every run is deterministic.
//  - Cancellation is O(1): the event's slot is flagged and the entry is
//    discarded when it reaches the top; it is never searched for.
//  - No allocation per event once the vectors have grown to the peak number of
//    pending events (amortised O(1) growth before that).
//
// Complexity: push O(log4 n), pop O(4 log4 n), cancel O(1), top O(1).
// Memory: 40 bytes per pending entry (including cancelled entries not yet
// popped) plus 4 bytes per slot (slots are recycled). A 4-ary heap halves the
// depth of a binary heap and keeps the four children of a node in one cache
// line pair; bench/bench_kernel.cpp measures it (see docs/performance.md).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace sim {

class Engine;

// Receives events. Model components implement this; the kind and argument are
// theirs to interpret (e.g. kind = "task finished", arg = task-instance index).
class EventHandler {
 public:
  virtual void on_event(Engine& engine, std::uint32_t kind, std::uint64_t arg) = 0;

 protected:
  ~EventHandler() = default;
};

// Names a scheduled event so it can be cancelled. A default-constructed id
// names no event. Ids of events that ran or were cancelled go stale safely.
struct EventId {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

struct Event {
  Time time;
  std::uint64_t sequence;
  EventHandler* handler;
  std::uint64_t arg;
  std::uint32_t kind;
  std::uint32_t slot;
};

class EventQueue {
 public:
  EventId push(Time time, EventHandler* handler, std::uint32_t kind, std::uint64_t arg);
  // Flags a pending event. Returns false if it already ran, was cancelled or
  // the id is stale.
  bool cancel(EventId id);
  bool is_pending(EventId id) const;
  // Drops cancelled entries from the top; then reports whether any live event
  // remains.
  bool empty();
  // Earliest live event; call only when !empty().
  const Event& top() const { return heap_.front(); }
  // Removes the earliest live event and returns it; call only when !empty().
  Event pop();
  // Live events pending (cancelled ones excluded).
  std::size_t size() const { return live_; }
  void reserve(std::size_t n);
  void clear();

 private:
  static constexpr std::uint32_t kCancelled = 1u;  // low bit of generation word
  static bool before(const Event& a, const Event& b) {
    return a.time.us < b.time.us || (a.time.us == b.time.us && a.sequence < b.sequence);
  }
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void pop_top();
  void release(std::uint32_t slot);

  std::vector<Event> heap_;
  // Per slot: generation << 1 | cancelled flag.
  std::vector<std::uint32_t> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;
};

}  // namespace sim
