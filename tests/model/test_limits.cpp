// Limits (docs/limits.md): very deep and very wide DAGs, zero and decade-long
// durations, empty workloads, and workloads that can never finish. Each case
// checks an analytic result or the exact stuck report, never a crash or hang.
#include <pthread.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>

#include "builders.hpp"
#include "models/report/cloudwatch_export.hpp"
#include "models/errors.hpp"
#include "models/resource_estimate.hpp"
#include "models/report/summary.hpp"
#include "models/report/task_instance_export.hpp"

using namespace mwaa;

namespace {

// Runs `body` on a thread with a small stack: a recursion over DAG depth
// (10^5 frames of >= 16 bytes) would overflow it and crash the test, where the
// default 8 MiB main-thread stack might hide it.
constexpr std::size_t kSmallStack = 1 << 20;  // 1 MiB

void on_small_stack(const std::function<void()>& body) {
  struct Call {
    const std::function<void()>* body;
    std::exception_ptr error;
  } call{&body, nullptr};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kSmallStack);
  pthread_t thread;
  auto entry = [](void* p) -> void* {
    auto* c = static_cast<Call*>(p);
    try {
      (*c->body)();
    } catch (...) {
      c->error = std::current_exception();
    }
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attr, entry, &call) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  if (call.error) std::rethrow_exception(call.error);
}

// t0 -> t1 -> ... -> t{n-1}, each `seconds` long, triggered at 0.
DagSpec chain_dag(int n, double seconds) {
  DagSpec d;
  d.id = "chain";
  d.tasks.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    d.tasks.push_back(test::task("t" + std::to_string(i), seconds,
                                 i ? std::vector<std::string>{"t" + std::to_string(i - 1)} : std::vector<std::string>{}));
  d.trigger_times = {sim::Time::zero()};
  return d;
}

// root -> leaf0 .. leaf{n-1}.
DagSpec fan_out_dag(int n, double root_seconds, double leaf_seconds) {
  DagSpec d;
  d.id = "fan";
  d.tasks.reserve(static_cast<std::size_t>(n) + 1);
  d.tasks.push_back(test::task("root", root_seconds));
  for (int i = 0; i < n; ++i) d.tasks.push_back(test::task("leaf" + std::to_string(i), leaf_seconds, {"root"}));
  d.trigger_times = {sim::Time::zero()};
  return d;
}

// Capacity for n tasks at once: no limit binds, so completion is analytic.
Scenario unlimited_scenario(int n) {
  Scenario s = test::zero_overhead_scenario();
  s.environment.airflow.parallelism = n;
  s.environment.airflow.worker_autoscale_max = n;
  s.environment.airflow.max_active_tasks_per_dag = n;
  return s;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a 10^5-task chain finishes at n*d, without recursion over its depth", "[model][limits]") {
  constexpr int n = 100000;
  Scenario s = test::zero_overhead_scenario();
  s.workload.dags = {chain_dag(n, 1)};
  s.time_limit = sim::Time::seconds(2 * n);
  on_small_stack([&] {
    s.prepare();
    REQUIRE((*s.compiled_dags)[0].priority[0] == n);  // downstream rule: itself + n-1 descendants
    const RunResult r = simulate(s);
    REQUIRE(r.finished);
    // Zero overheads: each task starts the instant its upstream ends.
    CHECK(r.last_task_end == sim::Time::seconds(n));
    CHECK(test::count_state(r, TiState::Success) == n);
    const auto tis = task_instances_json(s, r);
    CHECK(tis["total_entries"] == n);
    CHECK(summarize(s, r).finished);
  });
}

TEST_CASE("a failure at the head of a 10^5-task chain marks the rest upstream_failed", "[model][limits]") {
  constexpr int n = 100000;
  Scenario s = test::zero_overhead_scenario();
  s.workload.dags = {chain_dag(n, 1)};
  s.workload.dags[0].tasks[0].failure_probability = 1;
  on_small_stack([&] {
    const RunResult r = simulate(s);
    REQUIRE(r.finished);
    CHECK(test::count_state(r, TiState::Failed) == 1);
    CHECK(test::count_state(r, TiState::UpstreamFailed) == n - 1);
    CHECK(r.last_task_end == sim::Time::seconds(1));
  });
}

TEST_CASE("a 10^6-task chain compiles on a 1 MiB stack", "[model][limits]") {
  constexpr int n = 1000000;
  const DagSpec d = chain_dag(n, 1);
  on_small_stack([&] {
    const CompiledDag g = compile_dag(d, "", "");
    CHECK(g.priority.front() == n);
    CHECK(g.priority.back() == 1);
    CHECK(g.topological_order.front() == 0);
    CHECK(g.roots.size() == 1);
  });
}

// root -> n leaves with capacity for all: done at d_root + d_leaf, all at once.
void check_fan_out(int n) {
  Scenario s = unlimited_scenario(n);
  s.workload.dags = {fan_out_dag(n, 5, 7)};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(r.last_task_end == sim::Time::seconds(12));
  CHECK(r.tasks_executing.peak() == n);
  CHECK(test::count_state(r, TiState::Success) == n + 1);
}

TEST_CASE("a 10^5-leaf fan-out finishes at d_root + d_leaf", "[model][limits]") { check_fan_out(100000); }

// 10^6 task instances in one DAG: ~5 s in RelWithDebInfo, so hidden from the
// default run ([.slow]); `test_model "[slow]"` runs it.
TEST_CASE("a 10^6-leaf fan-out finishes at d_root + d_leaf", "[.][slow][model][limits]") { check_fan_out(1000000); }

TEST_CASE("a wide DAG that is not a tree is refused with a clear error, not computed in O(n^2)", "[model][limits]") {
  // root -> a_i -> sink for 30000 i: the downstream weights need the general
  // method, above kExactPriorityTaskLimit tasks.
  DagSpec d;
  d.id = "diamond";
  d.tasks.push_back(test::task("root", 1));
  std::vector<std::string> middle;
  for (int i = 0; i < 30000; ++i) {
    middle.push_back("a" + std::to_string(i));
    d.tasks.push_back(test::task(middle.back(), 1, {"root"}));
  }
  d.tasks.push_back(test::task("sink", 1, middle));
  REQUIRE_THROWS_WITH(compile_dag(d, "f.json", "workload.dags[0]"),
                      Catch::Contains("too large for exact priority weights") && Catch::Contains("absolute"));
  for (auto& t : d.tasks) t.weight_rule = WeightRule::Absolute;
  CHECK(compile_dag(d, "f.json", "workload.dags[0]").priority.front() == 1);
}

TEST_CASE("zero-duration tasks finish at once", "[model][limits]") {
  Scenario s = test::zero_overhead_scenario();
  s.workload.dags = {test::parallel_dag("p", 100, 0), chain_dag(1000, 0)};
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(r.last_task_end == sim::Time::zero());
  CHECK(test::count_state(r, TiState::Success) == 1100);
}

TEST_CASE("two chained tasks of 10 years finish at exactly 7300 days", "[model][limits]") {
  const sim::Time decade = sim::Time::seconds(3650LL * 24 * 3600);  // 3.15e14 us, far below INT64_MAX
  for (sim::Time limit : {decade * 2 + sim::Time::seconds(1), sim::Time::max()}) {
    Scenario s = test::zero_overhead_scenario();
    s.workload.dags = {chain_dag(2, 3650.0 * 24 * 3600)};
    s.time_limit = limit;
    // Wall time grows with simulated span / periodic events (docs/limits.md):
    // one autoscaler evaluation a day keeps 20 years at ~7300 events.
    s.model.autoscaler_evaluation_period = sim::Time::seconds(24 * 3600);
    const RunResult r = simulate(s);
    INFO("time limit " << limit.us << " us");
    REQUIRE(r.finished);
    CHECK(r.last_task_end == decade * 2);
    CHECK(r.end_time == decade * 2);
    const Summary sum = summarize(s, r);
    CHECK(sum.finished);
  }
}

TEST_CASE("a run still busy at a time limit near INT64_MAX stops there, not beyond", "[model][limits]") {
  Scenario s = test::zero_overhead_scenario();
  s.workload.dags = {chain_dag(1, 1e12)};  // 10^12 s = 10^18 us
  s.time_limit = sim::Time{INT64_MAX - 1};
  s.model.autoscaler_evaluation_period = sim::Time::seconds(1'000'000'000'000LL);  // few events over the span
  // The task ends at 1e18 us, within the limit: finishes exactly.
  const RunResult r = simulate(s);
  REQUIRE(r.finished);
  CHECK(r.last_task_end == sim::Time::seconds(1'000'000'000'000LL));
}

TEST_CASE("an empty workload finishes at time 0 with valid outputs", "[model][limits]") {
  Scenario no_dags = test::zero_overhead_scenario();
  Scenario no_runs = test::zero_overhead_scenario();
  no_runs.workload.dags = {test::parallel_dag("never", 3, 10)};
  no_runs.workload.dags[0].trigger_times.clear();
  for (const Scenario* s : {&no_dags, &no_runs}) {
    const RunResult r = simulate(*s);
    REQUIRE(r.finished);
    CHECK(r.end_time == sim::Time::zero());
    CHECK(r.task_instances.empty());
    CHECK(r.stuck_report.empty());
    const Summary sum = summarize(*s, r);
    CHECK(sum.finished);
    const auto json = summary_to_json(sum);
    CHECK(json["outcome"]["stuck_report"].is_null());
    CHECK(task_instances_json(*s, r)["total_entries"] == 0);
    const auto metrics = metric_data_json(cloudwatch_series(*s, r, MetricsOptions{}));
    CHECK(metrics.is_object());
    CHECK(!format_summary_text(sum).empty());
  }
}

TEST_CASE("deadlocks stop at once with a report naming the task and the reason", "[model][limits]") {
  SECTION("a pool with 0 slots") {
    Scenario s = test::zero_overhead_scenario();
    s.pools.push_back(PoolSpec{"closed", 0, false});
    s.workload.dags = {test::parallel_dag("d", 2, 10)};
    for (auto& t : s.workload.dags[0].tasks) t.pool = "closed";
    const RunResult r = simulate(s);
    REQUIRE_FALSE(r.finished);
    CHECK(r.end_time < sim::Time::seconds(1));  // detected, not run to the 100000 s limit
    INFO(r.stuck_report);
    CHECK(contains(r.stuck_report, "no further progress was possible"));
    CHECK(contains(r.stuck_report, "1 x task d.t0 needs 1 slot(s) of pool \"closed\" which has 0"));
    CHECK(contains(r.stuck_report, "1 x task d.t1 needs 1 slot(s) of pool \"closed\" which has 0"));
  }
  SECTION("max_active_tasks 0") {
    Scenario s = test::zero_overhead_scenario();
    s.workload.dags = {test::parallel_dag("d", 2, 10)};
    s.workload.dags[0].max_active_tasks = 0;
    const RunResult r = simulate(s);
    REQUIRE_FALSE(r.finished);
    INFO(r.stuck_report);
    CHECK(contains(r.stuck_report, "2 x DAG d has max_active_tasks 0"));
  }
}

TEST_CASE("work still running at the time limit is reported by task and state", "[model][limits]") {
  Scenario s = test::zero_overhead_scenario();
  s.workload.dags = {chain_dag(3, 1e6)};
  s.time_limit = sim::Time::seconds(100);
  const RunResult r = simulate(s);
  REQUIRE_FALSE(r.finished);
  CHECK(r.outcome == sim::RunOutcome::TimeLimit);
  CHECK(r.end_time == s.time_limit);
  INFO(r.stuck_report);
  CHECK(contains(r.stuck_report, "1 DAG run(s) unfinished at 1m40s (time limit 1m40s)"));
  CHECK(contains(r.stuck_report, "1 x task chain.t0 running: still running"));
  CHECK(contains(r.stuck_report, "1 x task chain.t1 none: waiting for its upstream tasks"));
}

TEST_CASE("a retry loop longer than the time limit is reported as waiting to retry", "[model][limits]") {
  Scenario s = test::zero_overhead_scenario();
  s.workload.dags = {test::parallel_dag("flaky", 1, 10)};
  TaskSpec& t = s.workload.dags[0].tasks[0];
  t.failure_probability = 1;
  t.retries = 100;
  t.retry_delay = sim::Time::seconds(300);
  s.time_limit = sim::Time::seconds(1000);  // tries at 0, 310, 620, 930: the 4th fails at 940
  const RunResult r = simulate(s);
  REQUIRE_FALSE(r.finished);
  CHECK(r.outcome == sim::RunOutcome::TimeLimit);
  CHECK(r.task_instances.size() == 4);
  INFO(r.stuck_report);
  CHECK(contains(r.stuck_report, "1 x task flaky.t0 up_for_retry: waiting for its retry_delay"));
}

TEST_CASE("an interrupt flag stops a simulation with Interrupted", "[model][limits]") {
  Scenario s = test::zero_overhead_scenario();
  s.workload.dags = {chain_dag(10, 1)};
  std::atomic<int> flag{2};  // SIGINT already received
  s.interrupt = &flag;
  try {
    simulate(s);
    FAIL("expected Interrupted");
  } catch (const Interrupted& e) {
    CHECK(e.signal() == 2);
  }
  flag = 0;  // no signal: the run is the same as without a flag
  s.interrupt = &flag;
  const RunResult with_flag = simulate(s);
  s.interrupt = nullptr;
  const RunResult without = simulate(s);
  CHECK(with_flag.finished);
  CHECK(with_flag.events == without.events);
  CHECK(with_flag.last_task_end == without.last_task_end);
}

TEST_CASE("the memory estimate counts runs and grows with every factor", "[model][limits][memory]") {
  Scenario s = test::zero_overhead_scenario();
  s.time_limit = sim::Time::seconds(1000);
  DagSpec scheduled = test::parallel_dag("sched", 10, 1);
  scheduled.trigger_times = {sim::Time::zero(), sim::Time::seconds(5)};       // 2 manual runs
  scheduled.schedule = IntervalSchedule{sim::Time::seconds(100), sim::Time::seconds(10), std::nullopt};  // 91 until 1000 s
  scheduled.tasks[0].trigger_dag_ids = {"target"};                             // 93 runs of target
  DagSpec target = test::parallel_dag("target", 2, 1);
  target.trigger_times.clear();
  target.tasks[0].retries = 1;
  target.tasks[0].failure_probability = 0.5;                                  // 1.5 tries each
  s.workload.dags = {scheduled, target};
  const WorkloadSize size = workload_size(s);
  CHECK(size.dag_runs == 2 * 93);
  CHECK(size.task_instances == 93 * 10 + 93 * 2);
  CHECK(size.tries == Approx(93 * 10 + 93 * 2.5));
  CHECK_FALSE(size.trigger_cycle);

  const double base = estimate_memory(s, 1, false).bytes;
  CHECK(estimate_memory(s, 4, false).bytes > base);
  CHECK(estimate_memory(s, 1, true).bytes > base);
  s.workload.dags[0].schedule->count = 1000;
  CHECK(estimate_memory(s, 1, false).bytes > base);

  s.workload.dags[1].tasks[1].trigger_dag_ids = {"target"};  // target triggers itself: unbounded
  CHECK(workload_size(s).trigger_cycle);
}

TEST_CASE("the memory estimate is within 1.5x above a measured peak RSS", "[model][limits][memory]") {
  // Peak RSS of `mwaa-sim run` on 10 parallel 1 s tasks x 10^5 scheduled runs
  // (10^6 TIs), measured with /usr/bin/time (docs/limits.md, "Memory").
  constexpr double measured_bytes = 591948.0 * 1024;
  Scenario s = test::zero_overhead_scenario();
  DagSpec d = test::parallel_dag("r", 10, 1);
  d.trigger_times.clear();
  d.schedule = IntervalSchedule{sim::Time::zero(), sim::Time::seconds(10), 100000};
  s.workload.dags = {d};
  const double estimate = estimate_memory(s, 1, false).bytes;
  CHECK(estimate >= measured_bytes);
  CHECK(estimate <= 1.5 * measured_bytes);
}

TEST_CASE("sizes parse and print in binary and decimal units", "[model][limits][memory]") {
  CHECK(parse_bytes("2GiB") == 2.0 * 1024 * 1024 * 1024);
  CHECK(parse_bytes("500MB") == 500e6);
  CHECK(parse_bytes("1.5 G") == 1.5 * 1024 * 1024 * 1024);
  CHECK(parse_bytes("1048576") == 1048576);
  CHECK_THROWS_AS(parse_bytes("lots"), std::invalid_argument);
  CHECK_THROWS_AS(parse_bytes("-1GiB"), std::invalid_argument);
  CHECK(format_bytes(96) == "96 B");
  CHECK(format_bytes(38.0 * 1024 * 1024 * 1024) == "38 GiB");
  CHECK(format_bytes(1.5 * 1024) == "1.5 KiB");
}

TEST_CASE("available memory counts what ulimit -v still leaves, and refusals name it", "[model][limits][memory]") {
  // In a child: RLIMIT_AS set to what is mapped now + 256 MiB.
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    double mapped = 0;
    std::ifstream("/proc/self/statm") >> mapped;
    mapped *= static_cast<double>(::sysconf(_SC_PAGESIZE));
    const double room = 256.0 * 1024 * 1024;
    const struct rlimit r = {static_cast<rlim_t>(mapped + room), RLIM_INFINITY};
    if (::setrlimit(RLIMIT_AS, &r) != 0) ::_exit(10);
    const auto available = available_memory();
    if (!available || *available > room * 1.05) ::_exit(11);  // a little slack: statm moves
    try {
      refuse_if_more_than_available(2 * room, "f.json", "workload", "loading 7 tasks");
      ::_exit(12);
    } catch (const InputError& e) {
      const std::string m = e.what();
      ::_exit(m.find("f.json: workload: loading 7 tasks would need about 512 MiB") == 0 ? 0 : 13);
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // Without a limit, what fits passes.
  CHECK_NOTHROW(refuse_if_more_than_available(1024, "f.json", "", "a kilobyte"));
}
