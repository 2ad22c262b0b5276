// Kernel benchmarks: the classic "hold" model.
//
// N events are pending. Each step removes the earliest event and schedules one
// new event at now + Exp(mean 1 s), so the pending count stays N. The cost per
// step is the cost per simulated event of the pending-event set (plus, for the
// Engine variants, the clock, the limit checks and one virtual handler call).
//
// Variants
//   BM_HoldEngine          sim::Engine, a handler that reschedules itself
//   BM_HoldQueue           sim::EventQueue directly (empty()/pop()/push())
//   BM_HoldEngineCancel    as BM_HoldEngine, and 10% of all scheduled events are
//   BM_HoldQueueCancel     cancelled before they run (every 9th step cancels a
//                          random pending event and schedules a replacement)
//   BM_HoldStdPriorityQueue / BM_HoldStdSet  baselines on the same machine:
//                          a binary heap (std::priority_queue) and a
//                          red-black tree (std::set) of the same 40-byte entry
//
// Increments are drawn up front from sim::RandomStream (a fixed seed) into a
// ring, so the figures measure the event set, not log(); the ring is long
// (2^20 draws) so it does not correlate with the heap's shape.
//
// Counters: items_per_second (events executed per second) and "ns/event"
// (kIsRate | kInvert: seconds per event, printed with an SI prefix, e.g.
// "45.1n" = 45.1 ns per event). Run (see docs/performance.md):
//   build/mwaa_sim_bench --benchmark_filter=Hold --benchmark_min_time=0.3
//     --benchmark_repetitions=10 --benchmark_enable_random_interleaving=true
//     --benchmark_report_aggregates_only=true   (one command line)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <queue>
#include <set>
#include <vector>

#include "sim/engine.hpp"
#include "sim/event_queue.hpp"
#include "sim/random.hpp"

namespace {

constexpr std::size_t kRing = std::size_t{1} << 20;
constexpr std::size_t kRingMask = kRing - 1;
constexpr int kCancelEvery = 9;  // 1 cancelled per 10 scheduled events

// Exp(mean 1 s) increments in whole microseconds (mean 1e6 us: ties are rare).
const std::vector<std::int64_t>& increments() {
  static const std::vector<std::int64_t> ring = [] {
    sim::RandomStream rng(20240601, "hold-increments");
    std::vector<std::int64_t> v(kRing);
    for (auto& x : v) x = sim::Time::from_seconds(rng.exponential(1.0)).us;
    return v;
  }();
  return ring;
}

// Random positions in [0, n) for the cancellation variants.
std::vector<std::uint32_t> positions(std::size_t n) {
  sim::RandomStream rng(20240601, "hold-cancel-positions");
  std::vector<std::uint32_t> v(kRing);
  for (auto& x : v) x = static_cast<std::uint32_t>(rng.below(n));
  return v;
}

void report(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["ns/event"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["pending"] = static_cast<double>(state.range(0));
}

// --- sim::Engine -------------------------------------------------------------

class Hold final : public sim::EventHandler {
 public:
  explicit Hold(std::size_t n, bool cancel)
      : inc_(increments().data()), ids_(n), cancel_(cancel), pos_(cancel ? positions(n) : std::vector<std::uint32_t>{}) {}

  void fill(sim::Engine& e) {
    for (std::size_t p = 0; p < ids_.size(); ++p) ids_[p] = e.schedule_in(next_increment(), *this, 0, p);
  }

  void on_event(sim::Engine& e, std::uint32_t, std::uint64_t arg) override {
    ids_[arg] = e.schedule_in(next_increment(), *this, 0, arg);
    if (cancel_ && ++since_cancel_ == kCancelEvery) {
      since_cancel_ = 0;
      const std::uint32_t victim = pos_[c_++ & kRingMask];
      e.cancel(ids_[victim]);  // always pending: every position has exactly one
      ids_[victim] = e.schedule_in(next_increment(), *this, 0, victim);
    }
  }

 private:
  sim::Time next_increment() { return sim::Time::micros(inc_[k_++ & kRingMask]); }
  const std::int64_t* inc_;
  std::vector<sim::EventId> ids_;
  bool cancel_;
  std::vector<std::uint32_t> pos_;
  std::size_t k_ = 0, c_ = 0;
  int since_cancel_ = 0;
};

void hold_engine(benchmark::State& state, bool cancel) {
  const auto n = static_cast<std::size_t>(state.range(0));
  sim::Engine engine;
  engine.reserve(n + n / 8 + 16);
  Hold model(n, cancel);
  model.fill(engine);
  for (std::size_t i = 0; i < n; ++i) engine.step();  // warm up to the steady state
  for (auto _ : state) {
    const bool ran = engine.step();
    benchmark::DoNotOptimize(ran);
  }
  if (engine.pending() != n) state.SkipWithError("pending count drifted");
  report(state);
}

void BM_HoldEngine(benchmark::State& state) { hold_engine(state, false); }
void BM_HoldEngineCancel(benchmark::State& state) { hold_engine(state, true); }

// --- sim::EventQueue directly -------------------------------------------------

void hold_queue(benchmark::State& state, bool cancel) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::int64_t* inc = increments().data();
  const std::vector<std::uint32_t> pos = cancel ? positions(n) : std::vector<std::uint32_t>{};
  std::size_t k = 0, c = 0;
  int since_cancel = 0;
  sim::EventQueue q;
  q.reserve(n + n / 8 + 16);
  std::vector<sim::EventId> ids(n);
  sim::Time now = sim::Time::zero();
  for (std::size_t p = 0; p < n; ++p) ids[p] = q.push(sim::Time::micros(inc[k++ & kRingMask]), nullptr, 0, p);
  auto step = [&] {
    if (q.empty()) return;
    const sim::Event e = q.pop();
    now = e.time;
    ids[e.arg] = q.push(now + sim::Time::micros(inc[k++ & kRingMask]), nullptr, 0, e.arg);
    if (cancel && ++since_cancel == kCancelEvery) {
      since_cancel = 0;
      const std::uint32_t victim = pos[c++ & kRingMask];
      q.cancel(ids[victim]);
      ids[victim] = q.push(now + sim::Time::micros(inc[k++ & kRingMask]), nullptr, 0, victim);
    }
  };
  for (std::size_t i = 0; i < n; ++i) step();
  for (auto _ : state) {
    step();
    benchmark::DoNotOptimize(now);
  }
  if (q.size() != n) state.SkipWithError("pending count drifted");
  report(state);
}

void BM_HoldQueue(benchmark::State& state) { hold_queue(state, false); }
void BM_HoldQueueCancel(benchmark::State& state) { hold_queue(state, true); }

// --- Baselines: same entry, standard containers ---------------------------------

struct Entry {
  std::int64_t time;
  std::uint64_t sequence;
  void* handler;
  std::uint64_t arg;
  std::uint32_t kind;
  std::uint32_t slot;
};
struct Later {
  bool operator()(const Entry& a, const Entry& b) const {
    return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
  }
};
struct Earlier {
  bool operator()(const Entry& a, const Entry& b) const {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }
};

void BM_HoldStdPriorityQueue(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::int64_t* inc = increments().data();
  std::size_t k = 0;
  std::uint64_t seq = 0;
  std::vector<Entry> storage;
  storage.reserve(n + 1);
  std::priority_queue<Entry, std::vector<Entry>, Later> q(Later{}, std::move(storage));
  for (std::size_t p = 0; p < n; ++p) q.push(Entry{inc[k++ & kRingMask], seq++, nullptr, p, 0, 0});
  auto step = [&] {
    const Entry e = q.top();
    q.pop();
    q.push(Entry{e.time + inc[k++ & kRingMask], seq++, nullptr, e.arg, 0, 0});
    return e.time;
  };
  for (std::size_t i = 0; i < n; ++i) step();
  for (auto _ : state) benchmark::DoNotOptimize(step());
  report(state);
}

void BM_HoldStdSet(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::int64_t* inc = increments().data();
  std::size_t k = 0;
  std::uint64_t seq = 0;
  std::set<Entry, Earlier> q;
  for (std::size_t p = 0; p < n; ++p) q.insert(Entry{inc[k++ & kRingMask], seq++, nullptr, p, 0, 0});
  auto step = [&] {
    // Reuse the node: extract the earliest, update it, insert it back.
    auto node = q.extract(q.begin());
    const std::int64_t t = node.value().time;
    node.value().time = t + inc[k++ & kRingMask];
    node.value().sequence = seq++;
    q.insert(std::move(node));
    return t;
  };
  for (std::size_t i = 0; i < n; ++i) step();
  for (auto _ : state) benchmark::DoNotOptimize(step());
  report(state);
}

// With --benchmark_repetitions, also report the fastest repetition ("_min"):
// on a shared machine it is the best estimate of the undisturbed cost.
double fastest(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end()); }

#define MWAA_HOLD_BENCHMARK(fn) \
  BENCHMARK(fn)->Arg(100)->Arg(10'000)->Arg(1'000'000)->ComputeStatistics("min", fastest)

}  // namespace

MWAA_HOLD_BENCHMARK(BM_HoldEngine);
MWAA_HOLD_BENCHMARK(BM_HoldQueue);
MWAA_HOLD_BENCHMARK(BM_HoldEngineCancel);
MWAA_HOLD_BENCHMARK(BM_HoldQueueCancel);
MWAA_HOLD_BENCHMARK(BM_HoldStdPriorityQueue);
MWAA_HOLD_BENCHMARK(BM_HoldStdSet);
