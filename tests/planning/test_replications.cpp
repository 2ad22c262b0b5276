// run_replications: derived seeds, replication 0 = the plain run, the same
// output for any thread count, progress and per-result callbacks, errors.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <set>
#include <stdexcept>

#include "models/planning/replications.hpp"
#include "models/simulation.hpp"
#include "tests/planning/planning_fixtures.hpp"

using namespace mwaa;

namespace {

std::string all_json(const Replications& reps, const Scenario& sc) {
  std::string s = replication_summary_to_json(summarize_replications(sc, reps)).dump();
  for (const Summary& r : reps.summaries) s += summary_to_json(r).dump();
  return s;
}

Replications run(const Scenario& sc, int n, int threads) {
  ReplicationOptions o;
  o.replications = n;
  o.threads = threads;
  return run_replications(sc, o);
}

}  // namespace

TEST_CASE("replication seeds: replication 0 is the scenario's seed, the others distinct") {
  CHECK(replication_seed(11, 0) == 11);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 100; ++i) seen.insert(replication_seed(11, i));
  CHECK(seen.size() == 100);
  CHECK(replication_seed(11, 3) == replication_seed(11, 3));
  CHECK(replication_seed(11, 3) != replication_seed(12, 3));
}

TEST_CASE("replication 0 equals the plain run") {
  const Scenario sc = planning_test::small_scenario();
  const Replications reps = run(sc, 3, 2);
  const Summary plain = summarize(sc, simulate(sc, sc.seed));
  CHECK(summary_to_json(reps.summaries[0]).dump() == summary_to_json(plain).dump());
  CHECK(reps.seeds[0] == sc.seed);
}

TEST_CASE("replications are identical whatever the thread count") {
  const Scenario sc = planning_test::small_scenario();
  const Replications one = run(sc, 8, 1), two = run(sc, 8, 2), eight = run(sc, 8, 8);
  const std::string expected = all_json(one, sc);
  CHECK(all_json(two, sc) == expected);
  CHECK(all_json(eight, sc) == expected);
  // The seeds matter: the replications do not all complete at the same time.
  std::set<std::int64_t> completions;
  for (const Summary& s : one.summaries) {
    REQUIRE(s.completion);
    completions.insert(s.completion->us);
  }
  CHECK(completions.size() > 1);
}

TEST_CASE("progress and per-result callbacks see every replication once") {
  const Scenario sc = planning_test::small_scenario();
  // Catch2 assertions are not thread-safe: the callbacks only record, the test checks afterwards.
  std::atomic<int> calls{0}, highest{0}, wrong_total{0}, unfinished{0};
  std::vector<std::atomic<int>> seen(6);
  ReplicationOptions o;
  o.replications = 6;
  o.threads = 3;
  o.progress = [&](int done, int total) {
    ++calls;
    if (total != 6) ++wrong_total;
    int h = highest.load();
    while (done > h && !highest.compare_exchange_weak(h, done)) {
    }
  };
  o.on_result = [&](int i, const RunResult& r) {
    ++seen[static_cast<std::size_t>(i)];
    if (!r.finished) ++unfinished;
  };
  o.keep_results = true;
  const Replications reps = run_replications(sc, o);
  CHECK(calls == 6);
  CHECK(wrong_total == 0);
  CHECK(unfinished == 0);
  CHECK(highest == 6);
  for (auto& s : seen) CHECK(s == 1);
  REQUIRE(reps.results.size() == 6);
  CHECK(reps.results[2].last_task_end == *reps.summaries[2].last_task_end);
}

TEST_CASE("an exception in a replication is rethrown: the lowest index, for any thread count") {
  const Scenario sc = planning_test::small_scenario();
  for (int threads : {1, 2, 4}) {
    ReplicationOptions o;
    o.replications = 6;
    o.threads = threads;
    o.on_result = [](int i, const RunResult&) {
      if (i >= 2) throw std::runtime_error("failed at " + std::to_string(i));
    };
    CHECK_THROWS_WITH(run_replications(sc, o), "failed at 2");
  }
}

TEST_CASE("summarize_replications: distributions, target shares, unfinished runs") {
  const Scenario sc = planning_test::small_scenario();
  const Replications reps = run(sc, 5, 2);
  const ReplicationSummary s = summarize_replications(sc, reps);
  CHECK(s.replications == 5);
  CHECK(s.finished == 5);
  CHECK(s.base_seed == 11);
  REQUIRE(s.metrics.front().name == "completion_seconds");
  CHECK(s.metrics.front().count == 5);
  REQUIRE(s.targets.size() == 2);
  CHECK(s.targets[0].name == "completion");
  CHECK(s.targets[0].met.n == 5);
  CHECK(s.targets[1].name == "max_queue_age");
  bool has_pool = false;
  for (const auto& m : s.metrics) has_pool = has_pool || m.name == "peak_pool_default_pool_occupied_slots";
  CHECK(has_pool);
  const auto j = replication_summary_to_json(s);
  CHECK(j["metrics"]["completion_seconds"]["p95"]["ci95"].size() == 2);
  CHECK(format_replication_summary(s).find("completion target 2m met in") != std::string::npos);

  // A time limit shorter than the work: nothing finishes, completion is "not finished".
  const Scenario short_sc = planning_test::small_scenario("20s");
  const ReplicationSummary u = summarize_replications(short_sc, run(short_sc, 3, 2));
  CHECK(u.finished == 0);
  CHECK(u.unfinished == std::vector<int>{0, 1, 2});
  CHECK(u.metrics.front().unfinished == 3);
  CHECK(u.targets[0].met.successes == 0);
  const auto uj = replication_summary_to_json(u);
  CHECK(uj["metrics"]["completion_seconds"]["p50"]["value"].is_null());
  CHECK(format_replication_summary(u).find("not finished") != std::string::npos);
}
