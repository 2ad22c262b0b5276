// `mwaa-sim run --replications`: the same output for any thread count, banded
// metrics, replication 0's task instances, a silent stderr when it is not a
// terminal.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.hpp"

using cli_test::fixture;
using cli_test::run;

TEST_CASE("run --replications: identical JSON for 1, 2 and 8 threads, nothing on stderr") {
  const std::string base = "run " + fixture("gate-pass.json") + " --replications 6 --json --threads ";
  const auto one = run(base + "1");
  INFO(one.out << one.err);
  REQUIRE(one.exit_code == 0);
  CHECK(one.err.empty());  // stderr is a file: the progress bar stays silent
  CHECK(run(base + "2").out == one.out);
  CHECK(run(base + "8").out == one.out);
  const auto j = nlohmann::json::parse(one.out);
  CHECK(j["replications"] == 6);
  CHECK(j["finished"] == 6);
  CHECK(j["seed"] == 7);
  for (const char* p : {"p50", "p90", "p95", "p99"}) CHECK(j["metrics"]["completion_seconds"].contains(p));
  CHECK(j["metrics"]["peak_workers"]["p95"]["ci95"].size() == 2);
  CHECK(j["targets"][0]["name"] == "completion");
  CHECK(j["targets"][0]["replications_met"] == 6);
}

TEST_CASE("run --replications 1 is the plain run") {
  const std::string plain = "run " + fixture("gate-pass.json") + " --json";
  CHECK(run(plain + " --replications 1").out == run(plain).out);
}

TEST_CASE("run --replications text summary") {
  const auto o = run("run " + fixture("gate-pass.json") + " --replications 3");
  INFO(o.out);
  CHECK(o.exit_code == 0);
  CHECK(o.out.find("Replications: 3 of gate-pass (3 finished)") != std::string::npos);
  CHECK(o.out.find("completion target 5m met in 3 of 3 replications") != std::string::npos);
  CHECK(o.out.find("95% CI") != std::string::npos);
}

TEST_CASE("run --replications: banded metrics and replication 0's task instances") {
  cli_test::TempDir dir;
  const std::string metrics = dir.file("metrics.json"), csv = dir.file("metrics.csv"), tis = dir.file("tis.json"),
                    tis0 = dir.file("tis0.json");
  const auto o = run("run " + fixture("gate-pass.json") + " --replications 4 --metrics '" + metrics + "' --metrics-csv '" +
                     csv + "' --task-instances '" + tis + "'");
  REQUIRE(o.exit_code == 0);
  const auto m = nlohmann::json::parse(cli_test::read_file(metrics));
  const auto& results = m["MetricDataResults"];
  bool mean = false, low = false, high = false;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string id = results[i]["Id"];
    if (id == "queue_queued_tasks") {
      mean = true;
      REQUIRE(i + 2 < results.size());
      CHECK(results[i + 1]["Id"] == "queue_queued_tasks_p5");
      CHECK(results[i + 1]["Label"] == results[i]["Label"].get<std::string>() + " p5");
      CHECK(results[i + 2]["Id"] == "queue_queued_tasks_p95");
      CHECK(results[i + 2]["Label"] == results[i]["Label"].get<std::string>() + " p95");
      CHECK(results[i + 2]["Values"].size() == results[i]["Values"].size());
    }
    low = low || id == "queue_queued_tasks_p5";
    high = high || id == "queue_queued_tasks_p95";
  }
  CHECK(mean);
  CHECK(low);
  CHECK(high);
  CHECK(cli_test::read_file(csv).find("queue_queued_tasks_p95") != std::string::npos);

  // --task-instances holds replication 0's, which is the plain run's.
  REQUIRE(run("run " + fixture("gate-pass.json") + " --task-instances '" + tis0 + "'").exit_code == 0);
  CHECK(cli_test::read_file(tis) == cli_test::read_file(tis0));
}

TEST_CASE("run --replications: a run that does not finish exits 1 with the stuck report") {
  const auto o = run("run " + fixture("gate-stuck.json") + " --replications 2");
  CHECK(o.exit_code == 1);
  CHECK(o.err.find("2 of 2 replications did not finish") != std::string::npos);
  CHECK(run("run " + fixture("gate-pass.json") + " --replications x").exit_code == 2);
}
