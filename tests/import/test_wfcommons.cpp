// `import wfcommons`: WfFormat 1.5 and 1.4 instances -> one DAG with the
// recorded runtimes and makespan, simulated, and the summary's comparison.
#include <catch2/catch.hpp>

#include "import_test_util.hpp"
#include "models/import/wfcommons.hpp"
#include "models/report/summary.hpp"
#include "models/scenario_loader_json.hpp"
#include "models/simulation.hpp"

using namespace import_test;
using namespace mwaa::imports;

namespace {

ImportResult import_fixture(const std::string& name, WfcommonsOptions opt = {}) {
  const std::string path = fixture(name);
  return import_wfcommons(mwaa::input::read_json_file(path), path, opt);
}

}  // namespace

TEST_CASE("WfFormat 1.5: tasks by id, dependencies from either end, runtimes, makespan", "[import][wfcommons]") {
  const ImportResult r = import_fixture("wf_v15.json");
  const OJson& sc = r.scenario;
  INFO(sc.dump(2));
  CHECK(sc.at("name") == "blast-chameleon-small-001");
  const OJson& d = dag(sc, "blast-chameleon-small-001");
  CHECK(d.at("trigger_at") == OJson::parse(R"(["0s"])"));
  REQUIRE(d.at("tasks").size() == 4);
  CHECK(task(d, "split_fasta_00000001").at("duration") == "12.25s");
  CHECK_FALSE(task(d, "split_fasta_00000001").contains("upstream"));
  CHECK(task(d, "blastall_00000002").at("upstream") == OJson::parse(R"(["split_fasta_00000001"])"));
  // cat's parents list blastall_3; blastall_2 lists cat as a child: both count (in the order met).
  CHECK(task(d, "cat_00000004").at("upstream") == OJson::parse(R"(["blastall_00000002", "blastall_00000003"])"));
  CHECK(sc.at("reference").at("makespan") == "3m1.5s");
  CHECK(sc.at("reference").at("source").get<std::string>().find("2 machine(s), 16 cores") != std::string::npos);
  CHECK(contains(r.log.warnings, "dependency reference(s) to no task of the instance, dropped: cat_00000004 has parent missing_00000009"));
  CHECK(contains(r.log.skipped, "ghost_00000099"));
  CHECK(contains(r.log.warnings, "1 task(s) used more than one core"));
  CHECK(contains(r.log.read, "4 tasks, 4 dependencies, makespan 3m1.5s"));
}

TEST_CASE("WfFormat 1.4: references by name or id, ids made Airflow ids", "[import][wfcommons]") {
  WfcommonsOptions opt;
  opt.dag_id = "montage";
  opt.max_active_tasks = 4;
  const ImportResult r = import_fixture("wf_v14.json", opt);
  const OJson& d = dag(r.scenario, "montage");
  INFO(r.scenario.dump(2));
  CHECK(d.at("max_active_tasks") == 4);
  CHECK(task(d, "mDiff_ID0000003").at("upstream") == OJson::parse(R"(["mProject_ID0000001", "mProject_ID0000002"])"));
  CHECK(task(d, "mAdd_final").at("upstream") == OJson::parse(R"(["mDiff_ID0000003"])"));
  CHECK(task(d, "mAdd_final").at("duration") == "30s");
  CHECK(task(d, "mProject_ID0000001").at("duration") == "10.5s");
  CHECK(r.scenario.at("reference").at("makespan") == "1m4s");
  CHECK(contains(r.log.warnings, "1 task id(s) are not Airflow ids"));
}

TEST_CASE("a WfCommons import simulates, and the summary compares the makespans", "[import][wfcommons]") {
  WfcommonsOptions opt;
  opt.max_active_tasks = 10;
  const ImportResult r = import_fixture("wf_v15.json", opt);
  const mwaa::Scenario s = check_scenario(r.scenario, "wf.json");
  REQUIRE(s.reference.has_value());
  CHECK(s.reference->makespan == sim::Time::from_seconds(181.5));
  const mwaa::RunResult res = mwaa::simulate(s);
  require_complete_and_ordered(s, res);
  CHECK(res.task_instances.size() == 4);
  const mwaa::Summary summary = mwaa::summarize(s, res);
  REQUIRE(summary.reference_makespan.has_value());
  const std::string text = mwaa::format_summary_text(summary);
  INFO(text);
  CHECK(text.find("recorded makespan") != std::string::npos);
  CHECK(text.find("3m1.5s (WfCommons blast-chameleon-small-001") != std::string::npos);
  CHECK(text.find("; simulated ") != std::string::npos);
  // The critical path is split 12.25 s + blastall 120 s + cat 3 s: the simulation cannot be faster.
  CHECK(*summary.completion >= sim::Time::from_seconds(135.25));
}

TEST_CASE("bad WfCommons instances are clear errors", "[import][wfcommons]") {
  auto error = [](const char* text) {
    return catch_input_error([&] { import_wfcommons(Json::parse(text), "wf.json", {}); });
  };
  CHECK(error(R"({"name": "x", "schemaVersion": "1.5"})").message == "missing \"workflow\"");
  Caught c = error(R"({"name": "x", "schemaVersion": "1.5", "workflow": {"specification": {"tasks": [{"name": "a"}]}}})");
  CHECK(c.path == "workflow.specification.tasks[0]");
  CHECK(c.message == "missing \"id\"");
  c = error(R"({"name": "x", "schemaVersion": "1.5", "workflow": {"specification": {"tasks": [{"id": "a"}, {"id": "a"}]}}})");
  CHECK(c.message == "duplicate task id \"a\"");
  c = error(R"({"name": "x", "schemaVersion": "1.5", "workflow": {"specification": {"tasks": [{"id": "a"}]},
               "execution": {"makespanInSeconds": 1, "tasks": [{"id": "a", "runtimeInSeconds": -3}]}}})");
  CHECK(c.path == "workflow.execution.tasks[0].runtimeInSeconds");
  // A cycle is the loader's error.
  const ImportResult cyc = import_wfcommons(Json::parse(R"({"name": "x", "schemaVersion": "1.5", "workflow": {"specification":
      {"tasks": [{"id": "a", "children": ["b"]}, {"id": "b", "children": ["a"]}]}}})"), "wf.json", {});
  CHECK(catch_input_error([&] { check_scenario(cyc.scenario, "wf-out.json"); }).message.find("cycle") != std::string::npos);
}
