// sim/engine: clock, ordering, cancellation from handlers, run/run_until/step,
// stop requests and limits.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/engine.hpp"

using sim::Engine;
using sim::EventId;
using sim::Limits;
using sim::RunOutcome;
using sim::Time;

namespace {

struct Record {
  std::int64_t at_us;
  std::uint32_t kind;
  std::uint64_t arg;
  bool operator==(const Record& o) const { return at_us == o.at_us && kind == o.kind && arg == o.arg; }
};

// Records every event; an optional hook runs inside the handler.
struct Tracer final : sim::EventHandler {
  std::vector<Record> log;
  std::function<void(Engine&, std::uint32_t, std::uint64_t)> hook;
  void on_event(Engine& e, std::uint32_t kind, std::uint64_t arg) override {
    log.push_back({e.now().us, kind, arg});
    if (hook) hook(e, kind, arg);
  }
  std::vector<std::uint64_t> args() const {
    std::vector<std::uint64_t> out;
    for (const auto& r : log) out.push_back(r.arg);
    return out;
  }
};

// Reschedules itself every `period` forever.
struct Ticker final : sim::EventHandler {
  Time period;
  std::uint64_t ticks = 0;
  explicit Ticker(Time p) : period(p) {}
  void on_event(Engine& e, std::uint32_t, std::uint64_t) override {
    ++ticks;
    e.schedule_in(period, *this);
  }
};

using Args = std::vector<std::uint64_t>;

}  // namespace

TEST_CASE("Engine runs events by time, ties in scheduling order", "[kernel][engine]") {
  Engine e;
  Tracer h;
  e.schedule_at(Time::seconds(3), h, 0, 0);
  e.schedule_at(Time::seconds(1), h, 0, 1);
  e.schedule_at(Time::seconds(2), h, 0, 2);
  e.schedule_at(Time::seconds(1), h, 0, 3);
  e.schedule_at(Time::seconds(2), h, 0, 4);
  e.schedule_at(Time::seconds(1), h, 0, 5);
  CHECK(e.pending() == 6);
  CHECK(e.run() == RunOutcome::Drained);
  CHECK(h.args() == Args{1, 3, 5, 2, 4, 0});
  CHECK(h.log[0].at_us == 1'000'000);
  CHECK(h.log[5].at_us == 3'000'000);
  CHECK(e.now() == Time::seconds(3));
  CHECK(e.events_executed() == 6);
  CHECK(e.pending() == 0);
}

TEST_CASE("Engine: an event scheduled at now() from a handler runs after events already due now",
          "[kernel][engine]") {
  Engine e;
  Tracer h;
  h.hook = [&h](Engine& eng, std::uint32_t kind, std::uint64_t arg) {
    if (kind == 0 && arg == 1) eng.schedule_in(Time::zero(), h, 1, 99);
  };
  e.schedule_at(Time::seconds(1), h, 0, 1);
  e.schedule_at(Time::seconds(1), h, 0, 2);
  e.schedule_at(Time::seconds(2), h, 0, 3);
  e.run();
  CHECK(h.args() == Args{1, 2, 99, 3});
  CHECK(h.log[2].at_us == 1'000'000);
}

TEST_CASE("Engine passes kind and arg to the handler", "[kernel][engine]") {
  Engine e;
  Tracer h;
  e.schedule_in(Time::millis(5), h, 7, 123456789012345ULL);
  e.run();
  REQUIRE(h.log.size() == 1);
  CHECK(h.log[0] == Record{5'000, 7, 123456789012345ULL});
}

TEST_CASE("Engine cancellation", "[kernel][engine]") {
  Engine e;
  Tracer h;

  SECTION("a cancelled pending event does not run and is not pending") {
    e.schedule_at(Time::seconds(1), h, 0, 1);
    const EventId id = e.schedule_at(Time::seconds(2), h, 0, 2);
    e.schedule_at(Time::seconds(3), h, 0, 3);
    CHECK(e.is_pending(id));
    CHECK(e.cancel(id));
    CHECK_FALSE(e.is_pending(id));
    CHECK(e.pending() == 2);
    CHECK_FALSE(e.cancel(id));
    CHECK(e.run() == RunOutcome::Drained);
    CHECK(h.args() == Args{1, 3});
    CHECK(e.events_executed() == 2);
  }

  SECTION("a handler cancels the event due next at the same instant") {
    EventId next;
    h.hook = [&](Engine& eng, std::uint32_t, std::uint64_t arg) {
      if (arg == 1) CHECK(eng.cancel(next));
    };
    e.schedule_at(Time::seconds(5), h, 0, 1);
    next = e.schedule_at(Time::seconds(5), h, 0, 2);
    e.schedule_at(Time::seconds(5), h, 0, 3);
    CHECK(e.run() == RunOutcome::Drained);
    CHECK(h.args() == Args{1, 3});
    CHECK(e.events_executed() == 2);
  }

  SECTION("a handler cannot cancel the event that is running, nor one that ran") {
    EventId first, self;
    h.hook = [&](Engine& eng, std::uint32_t, std::uint64_t arg) {
      if (arg == 2) {
        CHECK_FALSE(eng.cancel(self));
        CHECK_FALSE(eng.cancel(first));
      }
    };
    first = e.schedule_at(Time::seconds(1), h, 0, 1);
    self = e.schedule_at(Time::seconds(2), h, 0, 2);
    e.run();
    CHECK(h.args() == Args{1, 2});
  }

  SECTION("a stale id does not cancel a new event that reuses the slot") {
    const EventId old_id = e.schedule_at(Time::seconds(1), h, 0, 1);
    REQUIRE(e.step());
    const EventId new_id = e.schedule_at(Time::seconds(2), h, 0, 2);
    CHECK_FALSE(e.cancel(old_id));
    CHECK(e.is_pending(new_id));
    e.run();
    CHECK(h.args() == Args{1, 2});
  }

  SECTION("cancelling every event drains the engine without running anything") {
    std::vector<EventId> ids;
    for (std::uint64_t i = 0; i < 50; ++i) ids.push_back(e.schedule_at(Time::seconds(1 + i), h, 0, i));
    for (const auto& id : ids) CHECK(e.cancel(id));
    CHECK(e.pending() == 0);
    CHECK(e.run() == RunOutcome::Drained);
    CHECK(h.log.empty());
    CHECK(e.now() == Time::zero());
  }
}

TEST_CASE("Engine::run_until boundaries", "[kernel][engine]") {
  Engine e;
  Tracer h;
  e.schedule_at(Time::seconds(1), h, 0, 1);
  e.schedule_at(Time::seconds(2), h, 0, 2);
  e.schedule_at(Time::seconds(2), h, 0, 3);
  e.schedule_at(Time::micros(2'000'001), h, 0, 4);
  e.schedule_at(Time::seconds(3), h, 0, 5);

  CHECK(e.run_until(Time::seconds(2)) == RunOutcome::ReachedTime);
  CHECK(h.args() == Args{1, 2, 3});  // events exactly at t run
  CHECK(e.now() == Time::seconds(2));
  CHECK(e.pending() == 2);

  CHECK(e.run_until(Time::micros(2'000'000)) == RunOutcome::ReachedTime);  // again: nothing
  CHECK(h.log.size() == 3);

  CHECK(e.run_until(Time::millis(2'500)) == RunOutcome::ReachedTime);
  CHECK(h.args() == Args{1, 2, 3, 4});
  CHECK(e.now() == Time::millis(2'500));  // clock ends at t, not at the last event

  CHECK(e.run_until(Time::seconds(10)) == RunOutcome::ReachedTime);  // drains, still reaches t
  CHECK(h.args() == Args{1, 2, 3, 4, 5});
  CHECK(e.now() == Time::seconds(10));
  CHECK(e.pending() == 0);

  // The clock moved: schedule_in is relative to it, and the past is closed.
  e.schedule_in(Time::seconds(1), h, 0, 6);
  CHECK_THROWS_AS(e.schedule_at(Time::seconds(9), h, 0, 7), std::logic_error);
  CHECK(e.run() == RunOutcome::Drained);
  CHECK(h.log.back() == Record{11'000'000, 0, 6});
}

TEST_CASE("Engine::run_until on an empty engine advances the clock", "[kernel][engine]") {
  Engine e;
  CHECK(e.run_until(Time::minutes(5)) == RunOutcome::ReachedTime);
  CHECK(e.now() == Time::minutes(5));
  CHECK(e.events_executed() == 0);
}

TEST_CASE("Engine::step runs exactly one event", "[kernel][engine]") {
  Engine e;
  Tracer h;
  CHECK_FALSE(e.step());  // nothing to do
  e.schedule_at(Time::seconds(4), h, 0, 1);
  e.schedule_at(Time::seconds(7), h, 0, 2);
  CHECK(e.step());
  CHECK(e.now() == Time::seconds(4));
  CHECK(h.args() == Args{1});
  CHECK(e.pending() == 1);
  CHECK(e.step());
  CHECK(e.now() == Time::seconds(7));
  CHECK(h.args() == Args{1, 2});
  CHECK_FALSE(e.step());
  CHECK(e.now() == Time::seconds(7));
  CHECK(e.events_executed() == 2);
}

TEST_CASE("Engine::request_stop returns after the current event", "[kernel][engine]") {
  Engine e;
  Tracer h;
  h.hook = [](Engine& eng, std::uint32_t, std::uint64_t arg) {
    if (arg == 2) eng.request_stop();
  };
  for (std::uint64_t i = 1; i <= 5; ++i) e.schedule_at(Time::seconds(static_cast<std::int64_t>(i)), h, 0, i);

  CHECK(e.run() == RunOutcome::Stopped);
  CHECK(h.args() == Args{1, 2});
  CHECK(e.now() == Time::seconds(2));
  CHECK(e.pending() == 3);

  // A new run starts with the stop request cleared and carries on.
  CHECK(e.run() == RunOutcome::Drained);
  CHECK(h.args() == Args{1, 2, 3, 4, 5});
}

TEST_CASE("Engine::run_until honours request_stop and does not advance the clock", "[kernel][engine]") {
  Engine e;
  Tracer h;
  h.hook = [](Engine& eng, std::uint32_t, std::uint64_t arg) {
    if (arg == 1) eng.request_stop();
  };
  e.schedule_at(Time::seconds(1), h, 0, 1);
  e.schedule_at(Time::seconds(2), h, 0, 2);
  CHECK(e.run_until(Time::seconds(10)) == RunOutcome::Stopped);
  CHECK(e.now() == Time::seconds(1));
  CHECK(h.args() == Args{1});
  CHECK(e.run_until(Time::seconds(10)) == RunOutcome::ReachedTime);
  CHECK(h.args() == Args{1, 2});
  CHECK(e.now() == Time::seconds(10));
}

TEST_CASE("Engine time limit", "[kernel][engine]") {
  Engine e;
  Tracer h;
  e.schedule_at(Time::seconds(1), h, 0, 1);
  e.schedule_at(Time::seconds(7), h, 0, 2);  // exactly at the limit: runs
  e.schedule_at(Time::seconds(8), h, 0, 3);
  e.schedule_at(Time::seconds(100), h, 0, 4);
  e.set_limits(Limits{Time::seconds(7), UINT64_MAX});
  CHECK(e.limits().max_time == Time::seconds(7));

  SECTION("run") {
    CHECK(e.run() == RunOutcome::TimeLimit);
    CHECK(h.args() == Args{1, 2});
    CHECK(e.now() == Time::seconds(7));
    CHECK(e.pending() == 2);
    CHECK(e.run() == RunOutcome::TimeLimit);  // still blocked
    CHECK(h.log.size() == 2);
  }
  SECTION("run_until beyond the limit") {
    CHECK(e.run_until(Time::seconds(50)) == RunOutcome::TimeLimit);
    CHECK(h.args() == Args{1, 2});
    CHECK(e.now() == Time::seconds(7));
  }
  SECTION("run_until before the limit is not affected") {
    CHECK(e.run_until(Time::seconds(5)) == RunOutcome::ReachedTime);
    CHECK(h.args() == Args{1});
    CHECK(e.now() == Time::seconds(5));
  }
  SECTION("step") {
    CHECK(e.step());
    CHECK(e.step());
    CHECK_FALSE(e.step());
    CHECK(e.now() == Time::seconds(7));
    CHECK(h.args() == Args{1, 2});
  }
  SECTION("a self-rescheduling model stops at the limit") {
    Engine e2;
    Ticker t(Time::millis(300));
    e2.set_limits(Limits{Time::seconds(10), UINT64_MAX});
    e2.schedule_at(Time::zero(), t);
    CHECK(e2.run() == RunOutcome::TimeLimit);
    CHECK(t.ticks == 34);  // 0, 0.3, ..., 9.9 s
    CHECK(e2.now() == Time::seconds(10));
    CHECK(e2.pending() == 1);
  }
}

TEST_CASE("Engine event limit", "[kernel][engine]") {
  Engine e;
  Ticker t(Time::seconds(2));
  e.set_limits(Limits{Time::max(), 5});
  e.schedule_at(Time::seconds(1), t);
  CHECK(e.run() == RunOutcome::EventLimit);
  CHECK(t.ticks == 5);
  CHECK(e.events_executed() == 5);
  CHECK(e.now() == Time::seconds(9));  // the fifth event's time
  CHECK_FALSE(e.step());
  CHECK(e.run_until(Time::seconds(100)) == RunOutcome::EventLimit);
  CHECK(e.now() == Time::seconds(9));
  CHECK(t.ticks == 5);

  // Raising the budget lets it continue (the budget counts all events run).
  e.set_limits(Limits{Time::max(), 8});
  CHECK(e.run() == RunOutcome::EventLimit);
  CHECK(t.ticks == 8);
}

TEST_CASE("Engine refuses to schedule in the past", "[kernel][engine]") {
  Engine e;
  Tracer h;
  CHECK_THROWS_AS(e.schedule_at(Time::micros(-1), h), std::logic_error);
  CHECK_THROWS_AS(e.schedule_in(Time::micros(-1), h), std::logic_error);
  e.schedule_at(Time::seconds(5), h, 0, 1);
  e.run();
  REQUIRE(e.now() == Time::seconds(5));
  CHECK_THROWS_AS(e.schedule_at(Time::micros(4'999'999), h), std::logic_error);
  CHECK_THROWS_WITH(e.schedule_at(Time::seconds(4), h), Catch::Contains("past"));
  CHECK(e.pending() == 0);
  CHECK_NOTHROW(e.schedule_at(Time::seconds(5), h, 0, 2));  // now itself is allowed
  e.run();
  CHECK(h.args() == Args{1, 2});
}

TEST_CASE("RunOutcome names", "[kernel][engine]") {
  CHECK(sim::to_string(RunOutcome::Drained) == "drained");
  CHECK(sim::to_string(RunOutcome::ReachedTime) == "reached-time");
  CHECK(sim::to_string(RunOutcome::Stopped) == "stopped");
  CHECK(sim::to_string(RunOutcome::TimeLimit) == "time-limit");
  CHECK(sim::to_string(RunOutcome::EventLimit) == "event-limit");
  CHECK(sim::to_string(RunOutcome::Interrupted) == "interrupted");
}

TEST_CASE("Engine stop token: polled every kStopTokenPollEvents events, in run and run_until", "[kernel][engine]") {
  constexpr std::uint64_t poll = Engine::kStopTokenPollEvents;
  std::atomic<int> token{0};
  // Set from inside the 5000th event (as a signal would, between two polls):
  // the run returns at the next multiple of the poll interval.
  struct Setter final : sim::EventHandler {
    std::atomic<int>* token;
    std::uint64_t at;
    void on_event(Engine& e, std::uint32_t, std::uint64_t) override {
      if (e.events_executed() == at) token->store(2);
      e.schedule_in(Time::seconds(1), *this);
    }
  };
  // Runs the setter to `at` events with the token watched; the outcome and
  // the events executed.
  const auto run_to = [&](std::uint64_t at, bool until) {
    token = 0;
    Engine e;
    Setter s;
    s.token = &token;
    s.at = at;
    e.set_stop_token(&token);
    e.schedule_at(Time::zero(), s);
    const RunOutcome outcome = until ? e.run_until(Time::seconds(1000000)) : e.run();
    return std::make_pair(outcome, e.events_executed());
  };
  CHECK(run_to(5000, false) == std::make_pair(RunOutcome::Interrupted, 2 * poll));
  CHECK(token.load() == 2);
  CHECK(run_to(10, true) == std::make_pair(RunOutcome::Interrupted, poll));
  {
    // Without a token (the default) the same ticker runs to its limit.
    Engine e;
    Ticker t(Time::seconds(1));
    e.set_limits(Limits{Time::max(), 3 * poll});
    e.schedule_at(Time::zero(), t);
    CHECK(e.run() == RunOutcome::EventLimit);
    CHECK(t.ticks == 3 * poll);
  }
}

TEST_CASE("Many engines in one process are independent", "[kernel][engine]") {
  constexpr int kEngines = 40;
  std::vector<std::unique_ptr<Engine>> engines;
  std::vector<std::unique_ptr<Ticker>> tickers;
  for (int i = 0; i < kEngines; ++i) {
    engines.push_back(std::make_unique<Engine>());
    tickers.push_back(std::make_unique<Ticker>(Time::millis(100 * (i + 1))));
    engines.back()->schedule_at(Time::zero(), *tickers.back());
  }
  // Interleave: engine i takes i+1 steps per round.
  for (int round = 0; round < 10; ++round)
    for (int i = 0; i < kEngines; ++i)
      for (int s = 0; s <= i; ++s) REQUIRE(engines[i]->step());
  for (int i = 0; i < kEngines; ++i) {
    const std::uint64_t steps = 10 * static_cast<std::uint64_t>(i + 1);
    CHECK(engines[i]->events_executed() == steps);
    CHECK(tickers[i]->ticks == steps);
    // The k-th tick (from 0) is at k * period.
    CHECK(engines[i]->now() == Time::millis(100 * (i + 1)) * static_cast<std::int64_t>(steps - 1));
    CHECK(engines[i]->pending() == 1);
  }
  // Limits and stops on one engine do not affect another.
  engines[0]->set_limits(Limits{engines[0]->now(), UINT64_MAX});
  CHECK(engines[0]->run() == RunOutcome::TimeLimit);
  CHECK(engines[1]->step());
  CHECK(engines[1]->events_executed() == 21);
}

TEST_CASE("Engine clock never passes the time limit nor moves back", "[kernel][engine]") {
  SECTION("run_until on a drained engine stops at the time limit") {
    Engine e;
    e.set_limits(Limits{Time::seconds(30), UINT64_MAX});
    CHECK(e.run_until(Time::minutes(5)) == RunOutcome::TimeLimit);
    CHECK(e.now() == Time::seconds(30));
    CHECK(e.run_until(Time::seconds(10)) == RunOutcome::ReachedTime);  // already past: stays
    CHECK(e.now() == Time::seconds(30));
  }
  SECTION("a limit set below now() does not move the clock back") {
    Engine e;
    Tracer h;
    e.schedule_at(Time::seconds(20), h, 0, 1);
    e.schedule_at(Time::seconds(40), h, 0, 2);
    CHECK(e.step());
    CHECK(e.now() == Time::seconds(20));
    e.set_limits(Limits{Time::seconds(5), UINT64_MAX});
    CHECK_FALSE(e.step());
    CHECK(e.now() == Time::seconds(20));
    CHECK(e.run() == RunOutcome::TimeLimit);
    CHECK(e.now() == Time::seconds(20));
    CHECK(e.run_until(Time::seconds(60)) == RunOutcome::TimeLimit);
    CHECK(e.now() == Time::seconds(20));
    CHECK(h.args() == Args{1});
  }
}
