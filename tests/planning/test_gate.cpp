// The CI gate on hand-built replications: verdicts, margins and their text,
// JSON, and JUnit XML that parses back.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "models/planning/gate.hpp"
#include "models/planning/junit.hpp"
#include "tests/planning/xml_wellformed.hpp"

using namespace mwaa;

namespace {

Summary run_of(double completion_s, double queue_age_s = 10) {
  Summary s;
  s.finished = true;
  s.completion = sim::Time::from_seconds(completion_s);
  s.peak_queue_age.value = queue_age_s;
  return s;
}

Summary unfinished_run(const std::string& report = "1 DAG run still running: slow_dag") {
  Summary s;
  s.finished = false;
  s.stuck_report = report;
  s.peak_queue_age.value = 5;
  return s;
}

Replications reps_of(std::vector<Summary> runs) {
  Replications r;
  for (std::size_t i = 0; i < runs.size(); ++i) r.seeds.push_back(100 + i);
  r.summaries = std::move(runs);
  return r;
}

// n runs with every completion equal to `seconds`.
Replications same(int n, double seconds) { return reps_of(std::vector<Summary>(static_cast<std::size_t>(n), run_of(seconds))); }

Scenario scenario() {
  Scenario sc;
  sc.name = "gate-test";
  sc.source_file = "scenarios/gate-test.json";
  sc.seed = 3;
  sc.time_limit = sim::Time::seconds(3600);
  return sc;
}

GateTargets completion_target(std::int64_t seconds) {
  GateTargets t;
  t.completion = sim::Time::seconds(seconds);
  return t;
}

}  // namespace

TEST_CASE("gate durations: whole seconds zero-padded after minutes, or tenths") {
  auto whole = [](double s) { return gate_duration_text(sim::Time::from_seconds(s), false); };
  auto tenths = [](double s) { return gate_duration_text(sim::Time::from_seconds(s), true); };
  CHECK(whole(241) == "4m01s");
  CHECK(whole(270) == "4m30s");
  CHECK(whole(372) == "6m12s");
  CHECK(whole(29) == "29s");
  CHECK(whole(60) == "1m");
  CHECK(whole(3600) == "1h");
  CHECK(whole(3605) == "1h00m05s");
  CHECK(whole(3660) == "1h01m");
  CHECK(whole(0) == "0s");
  CHECK(whole(240.6) == "4m01s");  // rounded half away from zero
  CHECK(whole(0.4) == "0s");
  CHECK(tenths(4.2) == "4.2s");
  CHECK(tenths(62.5) == "1m02.5s");
  CHECK(tenths(15) == "15s");
  CHECK(whole(-90) == "-1m30s");
}

TEST_CASE("margin text over and under the target") {
  // 20 runs: 18 at 5m, 2 at 6m12s; P95 at rank 18.05 lies between the two 6m12s runs.
  std::vector<Summary> runs(18, run_of(300));
  runs.push_back(run_of(372));
  runs.push_back(run_of(372));
  const GateResult over = evaluate_gate(scenario(), completion_target(270), reps_of(runs));
  REQUIRE(over.checks.size() == 1);
  CHECK_FALSE(over.checks[0].met);
  CHECK(over.checks[0].margin == sim::Time::seconds(-102));
  CHECK(margin_text(over.checks[0]) == "P95 6m12s, 1m42s over the 4m30s target");
  CHECK(over.checks[0].replications_met.successes == 0);
  CHECK(over.verdict == GateVerdict::Fail);

  const GateResult under = evaluate_gate(scenario(), completion_target(270), same(20, 241));
  CHECK(under.checks[0].met);
  CHECK(margin_text(under.checks[0]) == "P95 4m01s, 29s under the 4m30s target");
  CHECK(under.checks[0].replications_met.successes == 20);
  CHECK(under.verdict == GateVerdict::Pass);

  const GateResult exact = evaluate_gate(scenario(), completion_target(270), same(5, 270));
  CHECK(exact.checks[0].met);
  CHECK(margin_text(exact.checks[0]) == "P95 4m30s, exactly the 4m30s target");

  // 0.3 s over rounds to "0s" at whole seconds: shown exactly instead.
  const GateResult close = evaluate_gate(scenario(), completion_target(270), same(5, 270.3));
  CHECK_FALSE(close.checks[0].met);
  CHECK(margin_text(close.checks[0]) == "P95 4m30s, 0.3s over the 4m30s target");
}

TEST_CASE("one run: its single value, no percentile in the text") {
  const GateResult g = evaluate_gate(scenario(), completion_target(270), same(1, 241));
  CHECK(margin_text(g.checks[0]) == "4m01s, 29s under the 4m30s target");
  GateTargets p50 = completion_target(270);
  p50.percentile = 50;  // any percentile of one value is that value
  CHECK(evaluate_gate(scenario(), p50, same(1, 241)).checks[0].actual == sim::Time::seconds(241));
}

TEST_CASE("targets under a minute are shown to a tenth of a second") {
  GateTargets t;
  t.max_queue_age = sim::Time::seconds(5);
  const GateResult g = evaluate_gate(scenario(), t, reps_of({run_of(100, 3.4)}));
  REQUIRE(g.checks.size() == 1);
  CHECK(g.checks[0].name == "max_queue_age");
  CHECK(margin_text(g.checks[0]) == "3.4s, 1.6s under the 5s target");

  GateTargets minute;
  minute.max_queue_age = sim::Time::seconds(60);
  const GateResult m = evaluate_gate(scenario(), minute, reps_of({run_of(100, 75), run_of(100, 75)}));
  CHECK_FALSE(m.checks[0].met);
  CHECK(margin_text(m.checks[0]) == "P95 1m15s, 15s over the 1m target");
}

TEST_CASE("the percentile chooses the replication judged") {
  // 1..10 minutes: P50 = 5.5 min (met under 6 min), P95 = 9.55 min (missed).
  std::vector<Summary> runs;
  for (int m = 1; m <= 10; ++m) runs.push_back(run_of(60.0 * m));
  GateTargets t = completion_target(360);
  t.percentile = 50;
  CHECK(evaluate_gate(scenario(), t, reps_of(runs)).verdict == GateVerdict::Pass);
  t.percentile = 95;
  const GateResult g = evaluate_gate(scenario(), t, reps_of(runs));
  CHECK(g.verdict == GateVerdict::Fail);
  CHECK(g.checks[0].actual == sim::Time::seconds(573));
  CHECK(g.checks[0].replications_met.successes == 6);
}

TEST_CASE("a run that does not finish: not judged (verdict not_finished), completion missed") {
  const GateResult one = evaluate_gate(scenario(), completion_target(270), reps_of({unfinished_run()}));
  CHECK(one.verdict == GateVerdict::NotFinished);
  CHECK_FALSE(one.checks[0].met);
  CHECK_FALSE(one.checks[0].actual);
  CHECK(margin_text(one.checks[0]) == "did not finish, over the 4m30s target");
  CHECK(one.stuck_report == "1 DAG run still running: slow_dag");
  CHECK(format_gate_text(one).find("CANNOT JUDGE: 1 of 1 run did not finish within the time limit (1h)") !=
        std::string::npos);

  // One of 40 unfinished: P95 (rank 37.05 of 0..39) still falls on finished runs, but the gate
  // cannot vouch for the result.
  std::vector<Summary> runs(39, run_of(200));
  runs.push_back(unfinished_run());
  const GateResult many = evaluate_gate(scenario(), completion_target(270), reps_of(runs));
  CHECK(many.verdict == GateVerdict::NotFinished);
  CHECK(many.unfinished == std::vector<int>{39});
  CHECK(many.checks[0].met);
  // Five of 20 unfinished: P95 falls on them.
  std::vector<Summary> worse(15, run_of(200));
  for (int i = 0; i < 5; ++i) worse.push_back(unfinished_run());
  const GateResult w = evaluate_gate(scenario(), completion_target(270), reps_of(worse));
  CHECK_FALSE(w.checks[0].actual);
  CHECK(margin_text(w.checks[0]) ==
        "P95 not reached: it falls on replications that did not finish, over the 4m30s target");
}

TEST_CASE("gate input errors") {
  CHECK_THROWS_AS(evaluate_gate(scenario(), GateTargets{}, same(1, 10)), std::invalid_argument);
  GateTargets bad = completion_target(10);
  bad.percentile = 0;
  CHECK_THROWS_AS(evaluate_gate(scenario(), bad, same(1, 10)), std::invalid_argument);
  CHECK_THROWS_AS(evaluate_gate(scenario(), completion_target(10), Replications{}), std::invalid_argument);
}

TEST_CASE("gate text and JSON name the bottleneck of replication 0") {
  Replications reps = same(4, 300);
  reps.summaries[0].main_bottleneck = HoldReason::WorkerSlots;
  reps.summaries[1].main_bottleneck = HoldReason::PoolFull;  // not replication 0: ignored
  GateTargets t = completion_target(270);
  t.max_queue_age = sim::Time::seconds(60);
  const GateResult g = evaluate_gate(scenario(), t, reps);
  const std::string text = format_gate_text(g);
  CHECK(text.find("FAIL: 1 of 2 targets missed") != std::string::npos);
  CHECK(text.find("completion: MISSED, P95 5m, 30s over the 4m30s target") != std::string::npos);
  CHECK(text.find("max queue age: met, P95 10s, 50s under the 1m target") != std::string::npos);
  CHECK(text.find("main bottleneck (replication 0): " + to_string(HoldReason::WorkerSlots)) != std::string::npos);
  CHECK(text.find(remedy(HoldReason::WorkerSlots)) != std::string::npos);

  const auto j = gate_to_json(g);
  CHECK(j["verdict"] == "fail");
  CHECK(j["scenario"]["file"] == "scenarios/gate-test.json");
  CHECK(j["seed"] == 3);
  CHECK(j["replications"] == 4);
  REQUIRE(j["targets"].size() == 2);
  CHECK(j["targets"][0]["name"] == "completion");
  CHECK(j["targets"][0]["target_seconds"] == 270);
  CHECK(j["targets"][0]["actual_seconds"] == 300);
  CHECK(j["targets"][0]["margin_seconds"] == -30);
  CHECK(j["targets"][0]["met"] == false);
  CHECK(j["targets"][1]["met"] == true);
  CHECK(j["bottleneck"]["reason"] == to_string(HoldReason::WorkerSlots));
  CHECK(j["bottleneck"]["remedy"] == remedy(HoldReason::WorkerSlots));

  const GateResult pass = evaluate_gate(scenario(), completion_target(400), same(2, 300));
  CHECK(format_gate_text(pass).find("PASS: 1 of 1 target met") != std::string::npos);
  CHECK(format_gate_text(pass).find("main bottleneck (replication 0): none") != std::string::npos);
  CHECK(gate_to_json(pass)["bottleneck"].is_null());
}

TEST_CASE("xml_escape") {
  CHECK(xml_escape("a<b & \"c\" > 'd'") == "a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;");
  CHECK(xml_escape("line 1\nline 2\tx") == "line 1&#10;line 2&#9;x");
  CHECK(xml_escape(std::string("bell\x07") + "\x1b[0m") == "bell??[0m");
  CHECK(xml_escape("caf\xc3\xa9") == "caf\xc3\xa9");  // UTF-8 kept
  // Not XML 1.0 characters: bytes that are not UTF-8 (a Latin-1 file name)
  // and U+FFFE / U+FFFF become U+FFFD, so the report stays well-formed.
  CHECK(xml_escape("caf\xe9.json") == "caf\xef\xbf\xbd.json");
  CHECK(xml_escape("a\xef\xbf\xbe" "b\xef\xbf\xbf") == "a\xef\xbf\xbd" "b\xef\xbf\xbd");
  CHECK(xml_escape("\xf0\x9f\x98\x80 \xc3") == "\xf0\x9f\x98\x80 \xef\xbf\xbd");  // emoji kept, a cut sequence replaced
}

TEST_CASE("JUnit XML is well-formed, one testcase per target, failures and errors") {
  Scenario sc = scenario();
  sc.name = "odd <name> & \"quotes\"";
  Replications reps = same(4, 300);
  reps.summaries[0].main_bottleneck = HoldReason::AutoscalingLag;
  GateTargets t = completion_target(270);
  t.max_queue_age = sim::Time::seconds(60);
  const std::string xml = gate_junit_xml(evaluate_gate(sc, t, reps), 1.25);
  const xml_test::XmlCheck c = xml_test::check_xml(xml);
  INFO(xml);
  REQUIRE(c.ok());
  CHECK(c.elements.front() == "testsuites");
  CHECK(xml_test::count(c, "testsuite") == 1);
  CHECK(xml_test::count(c, "testcase") == 2);
  CHECK(xml_test::count(c, "failure") == 1);
  CHECK(xml_test::count(c, "error") == 0);
  CHECK(xml.find("<testsuites name=\"mwaa-sim check\" tests=\"2\" failures=\"1\" errors=\"0\" time=\"1.250\">") !=
        std::string::npos);
  CHECK(xml.find("<failure message=\"P95 5m, 30s over the 4m30s target\" type=\"TargetMissed\">") != std::string::npos);
  CHECK(xml.find("name=\"completion P95 &lt;= 4m30s\"") != std::string::npos);
  CHECK(xml.find("<property name=\"scenario\" value=\"scenarios/gate-test.json\"/>") != std::string::npos);
  CHECK(xml.find("<property name=\"seed\" value=\"3\"/>") != std::string::npos);
  CHECK(xml.find("odd &lt;name&gt; &amp; &quot;quotes&quot;") != std::string::npos);
  CHECK(xml.find("odd <name>") == std::string::npos);

  // Not finished: every testcase carries an error with the stuck report.
  const std::string stuck =
      gate_junit_xml(evaluate_gate(scenario(), t, reps_of({unfinished_run("stuck <here> & there")})), 0);
  const xml_test::XmlCheck s = xml_test::check_xml(stuck);
  INFO(stuck);
  REQUIRE(s.ok());
  CHECK(xml_test::count(s, "error") == 2);
  CHECK(xml_test::count(s, "failure") == 0);
  CHECK(stuck.find("stuck &lt;here&gt; &amp; there") != std::string::npos);

  // The checker itself rejects what it should.
  CHECK_FALSE(xml_test::check_xml("<a><b></a></b>").ok());
  CHECK_FALSE(xml_test::check_xml("<a x=\"1 & 2\"/>").ok());
  CHECK_FALSE(xml_test::check_xml("<a/><b/>").ok());
  CHECK(xml_test::check_xml("<?xml version=\"1.0\"?>\n<a x=\"&amp;\">t&#10;</a>\n").ok());
}

TEST_CASE("JUnit XML passes xmllint when it is installed") {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
    WARN("xmllint not installed: skipped");
    return;
  }
  Scenario sc = scenario();
  sc.name = "lint <&> \"me\"";
  GateTargets t = completion_target(270);
  t.max_queue_age = sim::Time::seconds(60);
  const auto path = std::filesystem::temp_directory_path() / ("mwaa-sim-junit-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(path) << gate_junit_xml(evaluate_gate(sc, t, same(3, 300)), 2);
  const int rc = std::system(("xmllint --noout '" + path.string() + "'").c_str());
  std::filesystem::remove(path);
  CHECK(rc == 0);
}
