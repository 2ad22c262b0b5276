#include "sim/event_queue.hpp"

#include <utility>

namespace sim {

EventId EventQueue::push(Time time, EventHandler* handler, std::uint32_t kind, std::uint64_t arg) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(0);
  }
  heap_.push_back(Event{time, next_sequence_++, handler, arg, kind, slot});
  sift_up(heap_.size() - 1);
  ++live_;
  return EventId{slot, slots_[slot] >> 1};
}

bool EventQueue::is_pending(EventId id) const {
  if (!id.valid() || id.slot >= slots_.size()) return false;
  const std::uint32_t word = slots_[id.slot];
  return (word >> 1) == id.generation && !(word & kCancelled);
}

bool EventQueue::cancel(EventId id) {
  if (!is_pending(id)) return false;
  slots_[id.slot] |= kCancelled;
  --live_;
  return true;
}

bool EventQueue::empty() {
  while (!heap_.empty() && (slots_[heap_.front().slot] & kCancelled)) {
    const std::uint32_t slot = heap_.front().slot;
    pop_top();
    release(slot);
  }
  return heap_.empty();
}

Event EventQueue::pop() {
  Event e = heap_.front();
  pop_top();
  release(e.slot);
  --live_;
  return e;
}

void EventQueue::reserve(std::size_t n) {
  heap_.reserve(n);
  slots_.reserve(n);
  free_slots_.reserve(n);
}

void EventQueue::clear() {
  // Retire the slots still in the heap rather than forgetting all slots: a new
  // generation keeps ids issued before clear() stale (resetting slots_ let an
  // old id cancel an unrelated event pushed after clear()).
  for (const Event& e : heap_) release(e.slot);
  heap_.clear();
  live_ = 0;
}

void EventQueue::release(std::uint32_t slot) {
  // Next generation, cancelled flag cleared; stale ids no longer match.
  slots_[slot] = ((slots_[slot] >> 1) + 1) << 1;
  free_slots_.push_back(slot);
}

void EventQueue::pop_top() {
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
}

void EventQueue::sift_up(std::size_t i) {
  Event moving = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!before(moving, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = moving;
}

void EventQueue::sift_down(std::size_t i) {
  const std::size_t n = heap_.size();
  Event moving = heap_[i];
  for (;;) {
    const std::size_t first = 4 * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t last = first + 4 < n ? first + 4 : n;
    for (std::size_t c = first + 1; c < last; ++c)
      if (before(heap_[c], heap_[best])) best = c;
    if (!before(heap_[best], moving)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = moving;
}

}  // namespace sim
