#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "models/report/summary.hpp"

using namespace mwaa;
using namespace report_test;

namespace {

// Two waves of one DAG each: a delay task, then two load tasks.
Scenario two_waves() {
  Scenario sc = base_scenario();
  for (int w = 1; w <= 2; ++w) {
    DagSpec d;
    d.id = "perf_test_wave" + std::to_string(w) + "_000";
    d.tasks = {task("wave_start_delay"), task("task_00", {"wave_start_delay"}), task("task_01", {"wave_start_delay"})};
    d.group = "wave " + std::to_string(w);
    d.planned_start = s(30.0 * w);
    sc.workload.dags.push_back(d);
  }
  sc.targets.completion = s(120);
  return sc;
}

RunResult two_wave_run() {
  RunResult r;
  r.finished = true;
  r.outcome = sim::RunOutcome::Drained;
  r.end_time = s(150);
  r.events = 1234;
  r.first_trigger = s(0.5);
  r.last_task_end = s(150);
  DagRunRecord a;
  a.dag = 0;
  a.state = RunState::Success;
  a.started = s(1);
  a.ended = s(100);
  DagRunRecord b;
  b.dag = 1;
  b.state = RunState::Failed;
  b.started = s(2);
  b.ended = s(150);
  r.dag_runs = {a, b};
  r.task_instances = {
      ti(0, 0, 0, TiState::Success, 1, 2, 3, 33),       ti(0, 0, 1, TiState::Success, 33.5, 34, 35, 95),
      ti(0, 0, 2, TiState::Success, 33.5, 35, 40, 100), ti(1, 1, 0, TiState::Success, 2, 3, 5, 65),
      ti(1, 1, 1, TiState::Success, 65.5, 66, 70, 130), ti(1, 1, 2, TiState::Failed, 65.5, 70, 80, 150),
  };
  auto& held = r.held;
  set(held[static_cast<std::size_t>(HoldReason::PoolFull)], 10, 5);
  set(held[static_cast<std::size_t>(HoldReason::PoolFull)], 20, 0);
  set(held[static_cast<std::size_t>(HoldReason::WorkerSlots)], 30, 2);
  set(held[static_cast<std::size_t>(HoldReason::WorkerSlots)], 100, 0);
  set(held[static_cast<std::size_t>(HoldReason::AutoscalingLag)], 40, 10);
  set(held[static_cast<std::size_t>(HoldReason::AutoscalingLag)], 41, 0);
  set(r.workers, 0, 2);
  set(r.workers, 60, 5);
  set(r.workers, 120, 3);
  set(r.workers_desired, 30, 6);
  r.schedulers.resize(2);
  set(r.schedulers[0].executor_running, 10, 3);
  set(r.schedulers[0].executor_running, 50, 1);
  set(r.schedulers[1].executor_running, 20, 4);
  set(r.schedulers[1].executor_running, 60, 0);
  set(r.sqs_visible, 15, 8);
  set(r.sqs_visible, 25, 0);
  set(r.sqs_oldest_enqueued, 0, -1);
  set(r.sqs_oldest_enqueued, 15, 15);
  set(r.sqs_oldest_enqueued, 27.5, -1);
  r.pools.resize(1);
  r.pools[0].name = "default_pool";
  r.pools[0].slots = 10;
  set(r.pools[0].running_slots, 10, 4);
  set(r.pools[0].queued_slots, 10, 6);
  set(r.pools[0].queued_slots, 30, 2);
  r.tasks_requeued.add(s(70), 1);
  return r;
}

}  // namespace

TEST_CASE("summary: completion against the target", "[report][summary]") {
  const Summary sm = summarize(two_waves(), two_wave_run());
  REQUIRE(sm.completion);
  CHECK(*sm.completion == s(149.5));  // last task end 150 s - first trigger 0.5 s
  REQUIRE(sm.completion_target);
  CHECK_FALSE(sm.completion_target->met);
  CHECK(*sm.completion_target->margin == s(-29.5));

  RunResult unfinished = two_wave_run();
  unfinished.finished = false;
  const Summary u = summarize(two_waves(), unfinished);
  CHECK_FALSE(u.completion);
  CHECK_FALSE(u.completion_target->met);
  CHECK_FALSE(u.completion_target->margin);
}

TEST_CASE("summary: groups, planned vs actual start, run durations", "[report][summary]") {
  const Summary sm = summarize(two_waves(), two_wave_run());
  CHECK(sm.run_durations.count == 2);
  CHECK(sm.run_durations.shortest == s(99));
  CHECK(sm.run_durations.longest == s(148));
  CHECK(sm.run_durations.average == s(123.5));
  REQUIRE(sm.groups.size() == 2);
  const GroupSummary& w1 = sm.groups[0];
  CHECK(w1.name == "wave 1");
  CHECK(w1.dags == 1);
  CHECK(w1.runs == 1);
  CHECK(*w1.planned_start == s(30));
  CHECK(*w1.actual_start == s(35));  // the delay task's start (3 s) does not count
  CHECK(*w1.start_delay == s(5));
  CHECK(*w1.last_start == s(40));
  CHECK(w1.run_durations.average == s(99));
  const GroupSummary& w2 = sm.groups[1];
  CHECK(*w2.actual_start == s(70));
  CHECK(*w2.start_delay == s(10));
  CHECK(*w2.last_start == s(80));
}

TEST_CASE("summary: task waits P50/P95/max", "[report][summary]") {
  const Summary sm = summarize(two_waves(), two_wave_run());
  // scheduled -> queued: 0.5 0.5 1 1 1.5 4.5
  CHECK(sm.scheduled_to_queued.count == 6);
  CHECK(sm.scheduled_to_queued.p50 == Approx(1.0));
  CHECK(sm.scheduled_to_queued.p95 == Approx(3.75));  // 1.5 + 0.75 * (4.5 - 1.5)
  CHECK(sm.scheduled_to_queued.max == Approx(4.5));
  // queued -> start: 1 1 2 4 5 10
  CHECK(sm.queued_to_start.p50 == Approx(3.0));
  CHECK(sm.queued_to_start.p95 == Approx(8.75));
  CHECK(sm.queued_to_start.max == Approx(10.0));
}

TEST_CASE("summary: what held the work back, ranked by task-seconds", "[report][summary]") {
  const Summary sm = summarize(two_waves(), two_wave_run());
  REQUIRE(sm.holds.size() == kHoldReasons);
  CHECK(sm.holds[0].reason == HoldReason::WorkerSlots);
  CHECK(sm.holds[0].task_seconds == Approx(140));  // 2 tasks x 70 s
  CHECK(sm.holds[0].time_held == s(70));
  CHECK(sm.holds[0].peak.value == 2);
  CHECK(sm.holds[0].peak.at == s(30));
  CHECK(sm.holds[1].reason == HoldReason::PoolFull);
  CHECK(sm.holds[1].task_seconds == Approx(50));
  CHECK(sm.holds[2].reason == HoldReason::AutoscalingLag);
  CHECK(sm.holds[2].task_seconds == Approx(10));
  CHECK(sm.holds[2].peak.value == 10);
  // Reasons that held nothing follow in enum order.
  CHECK(sm.holds[3].reason == HoldReason::MaxActiveTasks);
  CHECK(sm.holds[3].task_seconds == 0);
  REQUIRE(sm.main_bottleneck);
  CHECK(*sm.main_bottleneck == HoldReason::WorkerSlots);

  const RunResult empty;
  const Summary none = summarize(two_waves(), empty);
  CHECK_FALSE(none.main_bottleneck);
}

TEST_CASE("summary: peaks, pools, failures, environment", "[report][summary]") {
  const Summary sm = summarize(two_waves(), two_wave_run());
  CHECK(sm.peak_workers.value == 5);
  CHECK(sm.peak_workers.at == s(60));
  CHECK(sm.peak_workers_desired.value == 6);
  CHECK(sm.peak_executor_running.value == 7);  // 3 + 4 from 20 s
  CHECK(sm.peak_executor_running.at == s(20));
  CHECK(sm.peak_sqs_queued.value == 8);
  CHECK(sm.peak_sqs_queued.at == s(15));
  CHECK(sm.peak_queue_age.value == Approx(12.5));  // enqueued 15 s, left at 27.5 s
  CHECK(sm.peak_queue_age.at == s(27.5));
  REQUIRE(sm.pools.size() == 1);
  CHECK(sm.pools[0].peak_occupied.value == 10);
  CHECK(sm.pools[0].peak_occupied.at == s(10));
  CHECK(sm.pools[0].time_full == s(20));  // 10 occupied from 10 s to 30 s
  CHECK(sm.failures.failed == 1);
  CHECK(sm.failures.failed_dag_runs == 1);
  CHECK(sm.failures.requeued == 1);
  CHECK(sm.dag_runs_succeeded == 1);
  CHECK(sm.tasks_succeeded == 5);
  // core.parallelism unset: 10 max workers x 5 (mw1.small) / 2 schedulers x 1.5 = 37.5 -> 38, assumed.
  CHECK(sm.parallelism == 38);
  CHECK(sm.parallelism_assumed);
}

TEST_CASE("summary JSON: stable keys, seconds to 3 decimals", "[report][summary]") {
  Scenario sc = two_waves();
  sc.environment.not_modelled = {"core.dag_file_processor_timeout"};
  sc.warnings = {"core.parallelism not set: assumed 38 per scheduler"};
  const auto j = summary_to_json(summarize(sc, two_wave_run()));
  CHECK(j["completion"].dump() == R"({"first_trigger_s":0.5,"last_task_end_s":150.0,"completion_s":149.5})");
  CHECK(j["targets"]["completion"].dump() == R"({"target_s":120.0,"actual_s":149.5,"met":false,"margin_s":-29.5})");
  CHECK(j["held_back"]["main_bottleneck"] == "worker_slots");
  CHECK(j["held_back"]["reasons"][0].dump() ==
        R"({"reason":"worker_slots","task_seconds":140.0,"time_held_s":70.0,"peak_tasks":{"value":2,"at_s":30.0}})");
  CHECK(j["groups"][0].dump() ==
        R"({"name":"wave 1","dags":1,"runs":1,"planned_start_s":30.0,"actual_start_s":35.0,"start_delay_s":5.0,)"
        R"("last_start_s":40.0,"run_duration":{"count":1,"shortest_s":99.0,"average_s":99.0,"longest_s":99.0}})");
  CHECK(j["task_waits"]["queued_to_start"].dump() == R"({"count":6,"p50_s":3.0,"p95_s":8.75,"max_s":10.0})");
  CHECK(j["environment"]["parallelism_assumed"] == true);
  CHECK(j["environment"]["not_modelled"][0] == "core.dag_file_processor_timeout");
  CHECK(j["outcome"]["stuck_report"].is_null());
  // Key order is fixed: the first keys, in order.
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"scenario", "environment", "warnings", "outcome", "completion", "targets",
                                         "dag_runs", "task_tries", "held_back", "groups", "peaks", "task_waits", "pools",
                                         "failures"});
  CHECK(summary_to_json(summarize(sc, two_wave_run())).dump() == j.dump());
}

TEST_CASE("summary text: readable and aligned", "[report][summary]") {
  Scenario sc = two_waves();
  sc.environment.not_modelled = {"core.dag_file_processor_timeout"};
  const std::string text = format_summary_text(summarize(sc, two_wave_run()));
  auto has = [&](const std::string& line) {
    INFO(text);
    CHECK(text.find(line) != std::string::npos);
  };
  has("Scenario report-test (scenarios/report-test.json), seed 1\n");
  has("  completion                    2m29.5s (first trigger 0.5s, last task end 2m30s)\n");
  has("  completion target             2m: MISSED by 29.5s\n");
  has("  main bottleneck               worker_slots: waiting in SQS with every worker full at the current worker count\n");
  has("  reason           task-seconds  time held  peak held\n");
  has("  worker_slots     140           1m10s      2 at 30s\n");
  has("  wave 1  1     1     30s      35s     +5s    40s         1m39s         1m39s    1m39s\n");
  has("  parallelism                   38 per scheduler (ASSUMED");
  has("  - core.dag_file_processor_timeout: given but not modelled\n");
  CHECK(text.find("Stuck report") == std::string::npos);

  RunResult stuck = two_wave_run();
  stuck.finished = false;
  stuck.stuck_report = "2 task instances queued in SQS\nno worker can start";
  const std::string t2 = format_summary_text(summarize(sc, stuck));
  CHECK(t2.find("Stuck report\n  2 task instances queued in SQS\n  no worker can start\n") != std::string::npos);
  CHECK(t2.find("  completion                    - (not finished 2m29.5s after the first trigger)\n") != std::string::npos);
}
