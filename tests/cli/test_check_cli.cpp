// `mwaa-sim check`: exit codes 0 / 1 / 2 on small fixture scenarios, targets
// from the scenario or the command line, JSON and JUnit outputs.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.hpp"
#include "tests/planning/xml_wellformed.hpp"

using cli_test::fixture;
using cli_test::run;

TEST_CASE("check: exit 0 when every target holds") {
  const auto o = run("check " + fixture("gate-pass.json"));
  INFO(o.out << o.err);
  CHECK(o.exit_code == 0);
  CHECK(o.out.find("PASS: 2 of 2 targets met") != std::string::npos);
  CHECK(o.out.find("under the 5m target") != std::string::npos);
  CHECK(o.out.find("main bottleneck (replication 0)") != std::string::npos);
  CHECK(o.err.empty());
}

TEST_CASE("check: exit 1 when a target is missed") {
  const auto o = run("check " + fixture("gate-fail.json"));
  INFO(o.out << o.err);
  CHECK(o.exit_code == 1);
  CHECK(o.out.find("FAIL: 1 of 2 targets missed") != std::string::npos);
  CHECK(o.out.find("completion: MISSED") != std::string::npos);
  CHECK(o.out.find("over the 5s target") != std::string::npos);
}

TEST_CASE("check: exit 2 when the run cannot finish, with the stuck report on stderr") {
  const auto o = run("check " + fixture("gate-stuck.json"));
  INFO(o.out << o.err);
  CHECK(o.exit_code == 2);
  CHECK(o.out.find("CANNOT JUDGE") != std::string::npos);
  CHECK(o.err.find("did not finish within the time limit (2m)") != std::string::npos);
  CHECK(o.err.size() > o.err.find("Replication 0") + 20);  // the stuck report follows
}

TEST_CASE("check: exit 2 on bad input and when there is no target") {
  const auto malformed = run("check " + fixture("gate-malformed.json"));
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.find("duraton") != std::string::npos);
  CHECK(malformed.out.empty());

  const auto none = run("check " + fixture("gate-no-target.json"));
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no target to check") != std::string::npos);

  CHECK(run("check " + fixture("does-not-exist.json")).exit_code == 2);
  CHECK(run("check").exit_code == 2);
  CHECK(run("check " + fixture("gate-pass.json") + " --percentile 0").exit_code == 2);
  CHECK(run("check " + fixture("gate-pass.json") + " --percentile 101").exit_code == 2);
  CHECK(run("check " + fixture("gate-pass.json") + " --target soon").exit_code == 2);
  CHECK(run("check " + fixture("gate-pass.json") + " --replications 0").exit_code == 2);
  CHECK(run("check " + fixture("gate-pass.json") + " --threads -1").exit_code == 2);
  CHECK(run("check " + fixture("gate-pass.json") + " --junit /nonexistent-dir/results.xml").exit_code == 2);
  const auto typo = run("check " + fixture("gate-pass.json") + " --taget 1m");
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean '--target'") != std::string::npos);
}

TEST_CASE("check: the command line wins over the scenario's targets") {
  CHECK(run("check " + fixture("gate-pass.json") + " --target 1s").exit_code == 1);
  CHECK(run("check " + fixture("gate-fail.json") + " --target 10m").exit_code == 0);
  CHECK(run("check " + fixture("gate-no-target.json") + " --target 10m").exit_code == 0);
  CHECK(run("check " + fixture("gate-queue.json") + " --max-queue-age 1m").exit_code == 0);
}

TEST_CASE("check: the queue-age target and the main bottleneck") {
  const auto o = run("check " + fixture("gate-queue.json"));
  INFO(o.out << o.err);
  CHECK(o.exit_code == 1);
  CHECK(o.out.find("completion: met") != std::string::npos);
  CHECK(o.out.find("max queue age: MISSED") != std::string::npos);
  CHECK(o.out.find("over the 10s target") != std::string::npos);
  CHECK(o.out.find("main bottleneck (replication 0): worker_slots") != std::string::npos);
  CHECK(o.out.find("to relieve it: raise max workers") != std::string::npos);
  const auto j = nlohmann::json::parse(run("check " + fixture("gate-queue.json") + " --json").out);
  CHECK(j["bottleneck"]["reason"] == "worker_slots");
  CHECK(j["targets"][1]["met"] == false);
}

TEST_CASE("check --json with replications") {
  const auto o = run("check " + fixture("gate-fail.json") + " --replications 4 --threads 2 --percentile 90 --json");
  INFO(o.out << o.err);
  CHECK(o.exit_code == 1);
  CHECK(o.err.empty());  // stderr is a file: no progress bar
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["verdict"] == "fail");
  CHECK(j["replications"] == 4);
  CHECK(j["percentile"] == 90);
  CHECK(j["seed"] == 7);
  REQUIRE(j["targets"].size() == 2);
  CHECK(j["targets"][0]["name"] == "completion");
  CHECK(j["targets"][0]["met"] == false);
  CHECK(j["targets"][0]["target_seconds"] == 5);
  CHECK(j["targets"][0]["margin_seconds"].get<double>() < 0);
  CHECK(j["targets"][0]["text"].get<std::string>().rfind("P90 ", 0) == 0);
  CHECK(j["targets"][1]["name"] == "max_queue_age");
  CHECK(j.contains("bottleneck"));
  // The same with one thread: identical.
  CHECK(run("check " + fixture("gate-fail.json") + " --replications 4 --threads 1 --percentile 90 --json").out == o.out);
}

TEST_CASE("check --junit writes well-formed JUnit XML") {
  cli_test::TempDir dir;
  const std::string path = dir.file("results.xml");
  const auto o = run("check " + fixture("gate-fail.json") + " --replications 2 --seed 9 --junit '" + path + "'");
  CHECK(o.exit_code == 1);
  const std::string xml = cli_test::read_file(path);
  INFO(xml);
  const auto c = xml_test::check_xml(xml);
  REQUIRE(c.ok());
  CHECK(xml_test::count(c, "testcase") == 2);
  CHECK(xml_test::count(c, "failure") == 1);
  CHECK(xml.find("<property name=\"seed\" value=\"9\"/>") != std::string::npos);
  CHECK(xml.find("gate-fail.json\"/>") != std::string::npos);

  const std::string stuck_path = dir.file("stuck.xml");
  CHECK(run("check " + fixture("gate-stuck.json") + " --junit '" + stuck_path + "'").exit_code == 2);
  const auto s = xml_test::check_xml(cli_test::read_file(stuck_path));
  REQUIRE(s.ok());
  CHECK(xml_test::count(s, "error") == 1);
}

TEST_CASE("check is listed in the help") {
  const auto o = run("--help");
  CHECK(o.out.find("check") != std::string::npos);
  const auto h = run("help check");
  CHECK(h.exit_code == 0);
  CHECK(h.out.find("--junit") != std::string::npos);
  CHECK(h.out.find("Exit codes: 0 every target holds; 1 a target is missed; 2") != std::string::npos);
}
