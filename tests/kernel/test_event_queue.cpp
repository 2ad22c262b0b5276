// sim/event_queue: (time, sequence) order, O(1) cancellation, stale ids.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "sim/event_queue.hpp"

using sim::Event;
using sim::EventId;
using sim::EventQueue;
using sim::Time;

namespace {

// The queue never calls handlers itself; a null handler is fine here.
EventId push(EventQueue& q, std::int64_t t_us, std::uint64_t arg, std::uint32_t kind = 0) {
  return q.push(Time::micros(t_us), nullptr, kind, arg);
}

std::vector<std::uint64_t> drain_args(EventQueue& q) {
  std::vector<std::uint64_t> out;
  while (!q.empty()) out.push_back(q.pop().arg);
  return out;
}

}  // namespace

TEST_CASE("EventQueue pops by time, then in push order for equal times", "[kernel][queue]") {
  EventQueue q;
  push(q, 30, 0);
  push(q, 10, 1);
  push(q, 20, 2);
  push(q, 10, 3);
  push(q, 30, 4);
  push(q, 10, 5);
  push(q, 0, 6);
  CHECK(q.size() == 7);
  CHECK(q.top().arg == 6);
  CHECK(drain_args(q) == std::vector<std::uint64_t>{6, 1, 3, 5, 2, 0, 4});
  CHECK(q.size() == 0);
  CHECK(q.empty());
}

TEST_CASE("EventQueue keeps FIFO order among many equal times across heap reshuffles", "[kernel][queue]") {
  EventQueue q;
  // 1000 events over only 7 distinct times, pushed in scrambled time order.
  for (std::uint64_t i = 0; i < 1000; ++i) push(q, static_cast<std::int64_t>((i * 5) % 7), i);
  std::int64_t last_time = -1;
  std::uint64_t last_arg = 0;
  std::size_t n = 0;
  while (!q.empty()) {
    const Event e = q.pop();
    ++n;
    REQUIRE(e.time.us >= last_time);
    if (e.time.us == last_time) REQUIRE(e.arg > last_arg);  // arg == push order
    last_time = e.time.us;
    last_arg = e.arg;
  }
  CHECK(n == 1000);
}

TEST_CASE("EventQueue returns the pushed payload", "[kernel][queue]") {
  EventQueue q;
  struct H : sim::EventHandler {
    void on_event(sim::Engine&, std::uint32_t, std::uint64_t) override {}
  } h;
  q.push(Time::seconds(2), &h, 42, 0xDEADBEEFCAFEULL);
  REQUIRE_FALSE(q.empty());
  const Event e = q.pop();
  CHECK(e.time == Time::seconds(2));
  CHECK(e.handler == &h);
  CHECK(e.kind == 42);
  CHECK(e.arg == 0xDEADBEEFCAFEULL);
}

TEST_CASE("EventQueue cancellation", "[kernel][queue]") {
  EventQueue q;
  const EventId a = push(q, 10, 1);
  const EventId b = push(q, 20, 2);
  const EventId c = push(q, 30, 3);
  REQUIRE(q.size() == 3);

  SECTION("a cancelled pending event never pops and is not counted") {
    CHECK(q.is_pending(b));
    CHECK(q.cancel(b));
    CHECK_FALSE(q.is_pending(b));
    CHECK(q.size() == 2);
    CHECK(drain_args(q) == std::vector<std::uint64_t>{1, 3});
  }
  SECTION("cancelling twice returns false the second time") {
    CHECK(q.cancel(b));
    CHECK_FALSE(q.cancel(b));
    CHECK(q.size() == 2);
  }
  SECTION("cancelling the earliest event: empty() skips it and top() is the next") {
    CHECK(q.cancel(a));
    CHECK_FALSE(q.empty());
    CHECK(q.top().arg == 2);
    CHECK(drain_args(q) == std::vector<std::uint64_t>{2, 3});
  }
  SECTION("cancelling an event after it popped returns false") {
    REQUIRE_FALSE(q.empty());
    CHECK(q.pop().arg == 1);
    CHECK_FALSE(q.is_pending(a));
    CHECK_FALSE(q.cancel(a));
    CHECK(q.size() == 2);
    CHECK(drain_args(q) == std::vector<std::uint64_t>{2, 3});
  }
  SECTION("only cancelled events left: empty() is true") {
    CHECK(q.cancel(a));
    CHECK(q.cancel(b));
    CHECK(q.cancel(c));
    CHECK(q.size() == 0);
    CHECK(q.empty());
  }
  SECTION("a stale id does not cancel the event that reused its slot") {
    REQUIRE_FALSE(q.empty());
    CHECK(q.pop().arg == 1);            // a's slot is released ...
    const EventId d = push(q, 5, 4);   // ... and reused by d
    CHECK(d.slot == a.slot);
    CHECK(d.generation != a.generation);
    CHECK_FALSE(q.cancel(a));
    CHECK(q.is_pending(d));
    CHECK(q.size() == 3);
    CHECK(drain_args(q) == std::vector<std::uint64_t>{4, 2, 3});
  }
  SECTION("a cancelled event's slot is reused only after it leaves the heap, with a new generation") {
    CHECK(q.cancel(a));
    REQUIRE_FALSE(q.empty());  // drops a, releasing its slot
    const EventId d = push(q, 25, 4);
    CHECK_FALSE(q.cancel(a));
    CHECK(q.is_pending(d));
    CHECK(drain_args(q) == std::vector<std::uint64_t>{2, 4, 3});
  }
}

TEST_CASE("EventQueue: default and out-of-range ids name no event", "[kernel][queue]") {
  EventQueue q;
  push(q, 1, 1);
  const EventId none;
  CHECK_FALSE(none.valid());
  CHECK_FALSE(q.is_pending(none));
  CHECK_FALSE(q.cancel(none));
  CHECK_FALSE(q.cancel(EventId{1000, 0}));
  CHECK(q.size() == 1);
}

TEST_CASE("EventQueue::clear empties the queue and keeps old ids stale", "[kernel][queue]") {
  EventQueue q;
  std::vector<EventId> old;
  for (std::uint64_t i = 0; i < 10; ++i) old.push_back(push(q, static_cast<std::int64_t>(i), i));
  q.cancel(old[3]);
  q.clear();
  CHECK(q.size() == 0);
  CHECK(q.empty());
  std::vector<EventId> fresh;
  for (std::uint64_t i = 0; i < 10; ++i) fresh.push_back(push(q, 100 + static_cast<std::int64_t>(i), 100 + i));
  for (const EventId& id : old) {
    CHECK_FALSE(q.is_pending(id));
    CHECK_FALSE(q.cancel(id));
  }
  CHECK(q.size() == 10);
  for (const EventId& id : fresh) CHECK(q.is_pending(id));
  CHECK(drain_args(q).size() == 10);
}

TEST_CASE("EventQueue matches a reference ordered map under random push/pop/cancel", "[kernel][queue]") {
  // Reference: (time, push serial) -> arg, with the ids issued so far.
  EventQueue q;
  std::map<std::pair<std::int64_t, std::uint64_t>, std::uint64_t> ref;
  struct Issued {
    EventId id;
    std::pair<std::int64_t, std::uint64_t> key;
  };
  std::vector<Issued> issued;
  std::uint64_t serial = 0, x = 88172645463325252ULL;
  auto rnd = [&x] {  // xorshift64
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  std::int64_t floor_time = 0;  // pushes at or after the last pop, like an engine
  for (int op = 0; op < 200000; ++op) {
    const std::uint64_t r = rnd() % 100;
    if (r < 50) {
      const std::int64_t t = floor_time + static_cast<std::int64_t>(rnd() % 50);  // many ties
      const auto key = std::make_pair(t, serial);
      issued.push_back({push(q, t, serial), key});
      ref.emplace(key, serial);
      ++serial;
    } else if (r < 80) {
      const bool q_empty = q.empty();
      REQUIRE(q_empty == ref.empty());
      if (!q_empty) {
        const Event e = q.pop();
        const auto it = ref.begin();
        REQUIRE(e.time.us == it->first.first);
        REQUIRE(e.arg == it->second);
        floor_time = e.time.us;
        ref.erase(it);
      }
    } else if (!issued.empty()) {
      const Issued& pick = issued[rnd() % issued.size()];
      const bool expected = ref.count(pick.key) == 1;
      REQUIRE(q.is_pending(pick.id) == expected);
      REQUIRE(q.cancel(pick.id) == expected);
      ref.erase(pick.key);
    }
    REQUIRE(q.size() == ref.size());
  }
  while (!q.empty()) {
    const Event e = q.pop();
    REQUIRE(e.arg == ref.begin()->second);
    ref.erase(ref.begin());
  }
  CHECK(ref.empty());
}
