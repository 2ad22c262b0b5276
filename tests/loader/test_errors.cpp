// Every load error is an InputError naming the file, the JSON path and what
// was expected; some problems are warnings, not errors.
#include <catch2/catch.hpp>
#include <fstream>

#include "loader_test_util.hpp"

using namespace loader_test;

namespace {

json dag_doc(const json& dag) {
  json doc = minimal();
  doc["workload"]["dags"] = json::array({dag});
  return doc;
}

json one_task_dag(const json& task) { return {{"dag_id", "d"}, {"trigger_at", {0}}, {"tasks", json::array({task})}}; }

}  // namespace

TEST_CASE("unknown keys suggest the nearest valid key", "[loader][errors]") {
  json doc = minimal();
  doc["workload"]["dags"][0]["max_active_run"] = 1;
  require_error(doc, "workload.dags[0].max_active_run",
                {"unknown key \"max_active_run\"", "did you mean \"max_active_runs\"?"});
  doc = minimal();
  doc["workload"]["dags"][0]["tasks"][0]["pool_slot"] = 1;
  require_error(doc, "workload.dags[0].tasks[0].pool_slot", {"did you mean \"pool_slots\"?"});
  doc = minimal();
  doc["tagrets"] = json::object();
  require_error(doc, "tagrets", {"did you mean \"targets\"?"});
  doc = minimal();
  doc["model"] = {{"worker_provisioning_dealy", 1}};
  require_error(doc, "model.worker_provisioning_dealy", {"did you mean \"worker_provisioning_delay\"?"});
  doc = minimal();
  doc["workload"]["familys"] = json::array();
  require_error(doc, "workload.familys", {"did you mean \"families\"?"});
  doc = minimal();
  doc["zzzzzz"] = 1;  // nothing near: the valid keys are listed
  require_error(doc, "zzzzzz", {"expected one of: $schema, name, description, environment"});
}

TEST_CASE("wrong types say what was expected and what was found", "[loader][errors]") {
  json doc = minimal();
  doc["time_limit"] = true;
  require_error(doc, "time_limit", {"expected a duration such as \"4m30s\" or a number of seconds, got true"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"retry_delay", "soon"}})),
                "workload.dags[0].tasks[0].retry_delay", {"invalid duration \"soon\"", "expected e.g. \"4m30s\""});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"retries", "3"}})), "workload.dags[0].tasks[0].retries",
                {"expected an integer >= 0, got \"3\""});
  require_error(dag_doc(one_task_dag({{"task_id", 5}})), "workload.dags[0].tasks[0].task_id",
                {"expected a string, got 5"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"upstream", {{"a", 1}}}})),
                "workload.dags[0].tasks[0].upstream", {"expected an array of strings, got an object"});
  doc = minimal();
  doc["workload"]["dags"] = json::object();
  require_error(doc, "workload.dags", {"expected an array, got an object"});
  doc = minimal();
  doc["seed"] = -1;
  require_error(doc, "seed", {"expected an integer >= 0, got -1"});
  doc = minimal();
  doc["start"] = "yesterday";
  require_error(doc, "start", {"expected an ISO-8601 UTC date-time such as \"2025-05-01T10:00:00Z\""});
  doc["start"] = "2025-05-01T10:00:00";
  require_error(doc, "start", {"ending in \"Z\""});
  doc["start"] = "2025-02-29T10:00:00Z";
  require_error(doc, "start", {"ISO-8601"});
}

TEST_CASE("negative and out-of-range numbers are rejected", "[loader][errors]") {
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"pool_slots", 0}})), "workload.dags[0].tasks[0].pool_slots",
                {"expected an integer >= 1, got 0"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"retries", -1}})), "workload.dags[0].tasks[0].retries",
                {"expected an integer >= 0, got -1"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"failure_probability", 1.5}})),
                "workload.dags[0].tasks[0].failure_probability", {"expected a number between 0 and 1, got 1.5"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"duration", -2}})), "workload.dags[0].tasks[0].duration",
                {"expected a duration >= 0, got -2"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"duration", {{"uniform", {5, 1}}}}})),
                "workload.dags[0].tasks[0].duration", {"uniform"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"pool_slots", 2.5}})), "workload.dags[0].tasks[0].pool_slots",
                {"expected an integer >= 1, got 2.5"});
  json doc = minimal();
  doc["time_limit"] = "-5s";
  require_error(doc, "time_limit", {"expected a duration >= 0"});
  doc["time_limit"] = 0;
  require_error(doc, "time_limit", {"expected a duration > 0"});
  doc = minimal();
  doc["model"] = {{"parallelism_factor", 0}};
  require_error(doc, "model.parallelism_factor", {"expected a number > 0"});
  doc["model"] = {{"metrics_period", "0s"}};
  require_error(doc, "model.metrics_period", {"expected a duration > 0"});
  // The exported series step every sample over whole periods: a period of
  // 1e11 s stepped 2*10^10 samples after the run; 1.5 s broke the exporter.
  doc["model"] = {{"metrics_period", 1e11}};
  require_error(doc, "model.metrics_period", {"expected a whole number of seconds from 1s to 1d"});
  doc["model"] = {{"metrics_period", 1.5}};
  require_error(doc, "model.metrics_period", {"expected a whole number of seconds from 1s to 1d", "got 1.5s"});
  doc["model"] = {{"metrics_sample_interval", "1us"}};
  require_error(doc, "model.metrics_sample_interval", {"expected a duration from 1s"});
  doc["model"] = {{"metrics_period", "60s"}, {"metrics_sample_interval", "2m"}};
  require_error(doc, "model.metrics_sample_interval", {"to metrics_period 1m", "got 2m"});
  doc["model"] = {{"scale_in_policy", "drian"}};
  require_error(doc, "model.scale_in_policy", {"expected \"drain\" or \"legacy-2023\"", "did you mean \"drain\"?"});
  json dag = one_task_dag({{"task_id", "t"}});
  dag["max_active_runs"] = 0;
  require_error(dag_doc(dag), "workload.dags[0].max_active_runs", {"expected an integer >= 1, got 0"});
  dag = one_task_dag({{"task_id", "t"}});
  dag["schedule"] = {{"interval", 0}};
  require_error(dag_doc(dag), "workload.dags[0].schedule.interval", {"expected a duration > 0"});
}

TEST_CASE("duplicate ids are errors", "[loader][errors]") {
  json doc = minimal();
  doc["workload"]["dags"].push_back(doc["workload"]["dags"][0]);
  require_error(doc, "workload.dags[1].dag_id", {"duplicate dag_id \"d\"", "also defined at workload.dags[0].dag_id"});
  require_error(dag_doc({{"dag_id", "d"}, {"trigger_at", {0}}, {"tasks", {{{"task_id", "t"}}, {{"task_id", "t"}}}}}),
                "workload.dags[0].tasks[1].task_id",
                {"duplicate task_id \"t\" in DAG \"d\"", "also at workload.dags[0].tasks[0]"});
  // A repeat without {i} makes duplicates too.
  require_error(dag_doc(one_task_dag({{"task_id", "same"}, {"repeat", 2}})), "workload.dags[0].tasks[0].task_id",
                {"duplicate task_id \"same\""});
  doc = minimal();
  doc["pools"] = json::parse(R"([{"name": "etl", "slots": 1}, {"name": "etl", "slots": 2}])");
  require_error(doc, "pools[1].name", {"duplicate pool \"etl\"", "also at pools[0].name"});
  // A family member colliding with a plain DAG.
  doc = minimal();
  doc["workload"]["families"] = json::parse(R"([{"dag_id": "d", "count": 1, "dag": {"tasks": [{"task_id": "x"}]}}])");
  require_error(doc, "workload.families[0].dag_id", {"duplicate dag_id \"d\""});
}

TEST_CASE("references to missing tasks, DAGs and pools", "[loader][errors]") {
  require_error(
      dag_doc({{"dag_id", "d"},
               {"trigger_at", {0}},
               {"tasks", {{{"task_id", "extract"}}, {{"task_id", "load"}, {"upstream", {"extrat"}}}}}}),
      "workload.dags[0].tasks[1].upstream[0]",
      {"task \"load\" has upstream \"extrat\" which is not a task of DAG \"d\"", "did you mean \"extract\"?"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"downstream", {"nope"}}})),
                "workload.dags[0].tasks[0].downstream[0]",
                {"has downstream \"nope\" which is not a task of DAG \"d\""});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"upstream", {"x_*"}}})),
                "workload.dags[0].tasks[0].upstream[0]", {"upstream pattern \"x_*\" matches no task of DAG \"d\""});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"trigger_dag_ids", {"missing"}}})),
                "workload.dags[0].tasks[0].trigger_dag_ids",
                {"task \"t\" of DAG \"d\" triggers DAG \"missing\" which does not exist"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"operator", "trigger_dagrun"}})), "workload.dags[0].tasks[0]",
                {"names no DAG to trigger"});
  require_error(dag_doc(one_task_dag({{"task_id", "t"}, {"operator", "pythn"}})), "workload.dags[0].tasks[0].operator",
                {"unknown operator \"pythn\"", "did you mean \"python\"?"});
  json doc = dag_doc(one_task_dag({{"task_id", "X"}, {"pool", "etl"}}));
  doc["pools"] = {{"reporting", 3}};
  require_error(doc, "workload.dags[0].tasks[0].pool",
                {"task \"X\" of DAG \"d\" uses pool \"etl\" which does not exist; pools: default_pool, reporting"});
  doc = minimal();
  doc["workload"]["families"] = json::parse(
      R"([{"dag_id": "f{index}", "count": 1, "dag": {"tasks": [{"task_id": "x"}]}, "trigger": {"dag_id": "mastr"}}])");
  require_error(doc, "workload.families[0].trigger.dag_id", {"DAG \"mastr\" is not defined in workload.dags"});
  doc = minimal();
  doc["workload"]["families"] =
      json::parse(R"([{"dag_id": "f{idx}", "count": 1, "dag": {"tasks": [{"task_id": "x"}]}}])");
  require_error(doc, "workload.families[0].dag_id", {"unknown variable {idx}", "did you mean \"index\"?"});
  require_error(dag_doc(one_task_dag({{"task_id", "t_{i}"}})), "workload.dags[0].tasks[0].task_id",
                {"expected a valid task_id", "substituted only in repeated tasks"});
}

TEST_CASE("a cyclic DAG is an error naming the cycle", "[loader][errors]") {
  require_error(dag_doc({{"dag_id", "loop"},
                         {"trigger_at", {0}},
                         {"tasks",
                          {{{"task_id", "a"}, {"upstream", {"c"}}},
                           {{"task_id", "b"}, {"upstream", {"a"}}},
                           {{"task_id", "c"}, {"upstream", {"b"}}}}}}),
                "workload.dags[0].tasks", {"DAG \"loop\" has a cycle: a -> b -> c -> a"});
}

TEST_CASE("a workload in which nothing runs is an error; an idle DAG is a warning", "[loader][errors]") {
  json doc = minimal();
  doc["workload"]["dags"][0].erase("trigger_at");
  require_error(doc, "workload", {"workload has no DAG runs: nothing would ever run"});
  doc["workload"]["dags"][0]["schedule"] = {{"interval", "1h"}, {"count", 0}};
  require_error(doc, "workload", {"workload has no DAG runs"});
  doc = minimal();
  doc["workload"]["dags"].push_back(json::parse(R"({"dag_id": "idle", "tasks": [{"task_id": "x"}]})"));
  const mwaa::Scenario s = load(doc);
  CHECK(has_warning(s, "1 DAG(s) never run"));
  CHECK(has_warning(s, "idle"));
  doc = minimal();
  doc.erase("workload");
  require_error(doc, "", {"missing \"workload\""});
  require_error(dag_doc({{"dag_id", "d"}, {"trigger_at", {0}}, {"tasks", json::array()}}), "workload.dags[0].tasks",
                {"DAG \"d\" has no tasks"});
}

TEST_CASE("pool_slots above the pool's size is a warning, not an error", "[loader][errors]") {
  json doc = dag_doc(one_task_dag({{"task_id", "huge"}, {"pool", "etl"}, {"pool_slots", 5}}));
  doc["pools"] = {{"etl", 3}};
  const mwaa::Scenario s = load(doc);
  CHECK(has_warning(s, "1 task(s) need more slots than pool \"etl\" has (3)"));
  CHECK(has_warning(s, "task \"huge\" of DAG \"d\" needs 5"));
}

TEST_CASE("JSON syntax errors give the line and column", "[loader][errors]") {
  const std::string path = std::string(MWAA_SIM_BINARY_DIR) + "/loader-test-syntax.json";
  std::ofstream(path) << "{\n  \"name\": \"x\",\n  \"seed\": 1,,\n}\n";
  try {
    mwaa::load_scenario_file(path);
    FAIL("expected an InputError");
  } catch (const mwaa::InputError& e) {
    CHECK(e.file() == path);
    CHECK(e.path().empty());
    CHECK(e.message().find("invalid JSON at line 3, column 13") == 0);
  }
  CHECK_THROWS_WITH(mwaa::load_scenario_file("/no/such/scenario.json"),
                    Catch::Contains("/no/such/scenario.json") && Catch::Contains("cannot open"));
}

TEST_CASE("soak generator parameters are validated", "[loader][errors][soak]") {
  json doc = minimal();
  doc["workload"] = json::parse(R"({"generators": [{"kind": "soak", "peak_tasks": 64}]})");
  require_error(doc, "workload.generators[0]", {"peak_tasks must be at least 65"});
  doc["workload"] = json::parse(R"({"generators": [{"kind": "soak", "peak_duration": 4}]})");
  require_error(doc, "workload.generators[0]", {"peak_duration must be at least 5"});
  doc["workload"] = json::parse(R"({"generators": [{"kind": "sock"}]})");
  require_error(doc, "workload.generators[0].kind", {"unknown generator kind \"sock\"", "did you mean \"soak\"?"});
  doc["workload"] = json::parse(R"({"generators": [{"kind": "soak", "peak_taks": 3300}]})");
  require_error(doc, "workload.generators[0].peak_taks", {"did you mean \"peak_tasks\"?"});
  doc["workload"] = json::parse(R"({"generators": [{"kind": "soak", "pool": "etl"}]})");
  require_error(doc, "workload.generators[0].pool", {"uses pool \"etl\" which does not exist"});
}
