// Sweep grid: --vary parsing, settings applied to the scenario document,
// grid indexing, sharding and merging (models/planning/sweep.hpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "models/errors.hpp"
#include "models/planning/cost.hpp"
#include "models/planning/sweep.hpp"

using nlohmann::json;

namespace {

json small_document() {
  return json::parse(R"({
    "name": "sweep-small",
    "environment": {"EnvironmentClass": "mw1.small", "MinWorkers": 1, "MaxWorkers": 2},
    "time_limit": "1h",
    "targets": {"completion": "1m"},
    "workload": {"dags": [{"dag_id": "d", "trigger_at": ["0s"],
                           "tasks": [{"task_id": "a", "duration": "10s"}, {"task_id": "b", "upstream": "a", "duration": "10s"}]}]}
  })");
}

// The InputError's message for `f`, or "" when it does not throw.
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const mwaa::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("parse_vary: integer and fractional ranges are inclusive and counted", "[planning][sweep]") {
  const mwaa::VaryAxis a = mwaa::parse_vary("MinWorkers=15..40:5");
  CHECK(a.key == "MinWorkers");
  REQUIRE(a.values.size() == 6);
  CHECK(a.values.front() == json(15));
  CHECK(a.values.back() == json(40));
  CHECK(a.values[1].is_number_integer());

  const mwaa::VaryAxis f = mwaa::parse_vary("model.task_startup_overhead=0.5..1.5:0.25");
  REQUIRE(f.values.size() == 5);
  CHECK(f.values.back().get<double>() == Approx(1.5));

  // A step absorbed by a huge start must not loop for ever: one value per count.
  CHECK(mwaa::parse_vary("MaxWorkers=1e17..1e17:1").values.size() == 1);
  const mwaa::VaryAxis list = mwaa::parse_vary("EnvironmentClass=mw1.small,mw1.large");
  REQUIRE(list.values.size() == 2);
  CHECK(list.values[1] == json("mw1.large"));
}

TEST_CASE("parse_vary: malformed expressions are refused with the reason", "[planning][sweep]") {
  CHECK(refusal([] { mwaa::parse_vary("MinWorkers"); }).find("no KEY=") != std::string::npos);
  CHECK(refusal([] { mwaa::parse_vary("MinWorkers="); }).find("no values") != std::string::npos);
  CHECK(refusal([] { mwaa::parse_vary("MinWorkers=5..1"); }).find("empty") != std::string::npos);
  CHECK(refusal([] { mwaa::parse_vary("MinWorkers=1..5:0"); }).find("step must be > 0") != std::string::npos);
  CHECK(refusal([] { mwaa::parse_vary("MinWorkers=0..1e9:1"); }).find("more than 10000") != std::string::npos);
  CHECK(refusal([] { mwaa::parse_vary("MinWorkers=0..nan:1"); }) != "");
  CHECK(refusal([] { mwaa::parse_vary("MinWorkers=1,,2"); }).find("empty value") != std::string::npos);
}

TEST_CASE("parse_vary: bytes that are not UTF-8 are refused before they reach an output", "[planning][sweep]") {
  // Once a valid free-text key (Name) held "a\xFFb" and sweep --json threw
  // nlohmann's type_error 316 after the whole sweep had run (exit 3).
  CHECK(refusal([] { mwaa::parse_vary("Name=a\xFF" "b"); }).find("not valid UTF-8") != std::string::npos);
  CHECK(refusal([] { mwaa::parse_vary("Na\xC3me=x"); }).find("not valid UTF-8") != std::string::npos);
  const mwaa::VaryAxis ok = mwaa::parse_vary("Name=t\xC3\xA2" "che,b");
  mwaa::SweepTable t;
  t.axes = {ok.key};
  t.grid_size = 2;
  t.points.emplace_back().values = mwaa::grid_values({ok}, 0);
  CHECK(mwaa::sweep_json(t).dump().find("t\xC3\xA2" "che") != std::string::npos);
}

TEST_CASE("apply_setting: environment fields, Airflow options, model parameters, JSON pointers", "[planning][sweep]") {
  json doc = small_document();
  mwaa::apply_setting(doc, "MaxWorkers", 7);
  mwaa::apply_setting(doc, "core.parallelism", 64);
  mwaa::apply_setting(doc, "model.task_startup_overhead", 2.5);
  mwaa::apply_setting(doc, "/workload/dags/0/tasks/1/duration", "30s");
  CHECK(doc["environment"]["MaxWorkers"] == 7);
  CHECK(doc["environment"]["AirflowConfigurationOptions"]["core.parallelism"] == "64");  // MWAA stores strings
  CHECK(doc["model"]["task_startup_overhead"] == 2.5);
  CHECK(doc["workload"]["dags"][0]["tasks"][1]["duration"] == "30s");
  CHECK(refusal([&] { mwaa::apply_setting(doc, "Bogus", 1); }).find("unknown key") != std::string::npos);
}

TEST_CASE("apply_setting: a JSON pointer may not grow an array past its end", "[planning][sweep]") {
  json doc = small_document();
  // Appending is allowed: the index equal to the size, or "-".
  mwaa::apply_setting(doc, "/workload/dags/0/tasks/2", {{"task_id", "c"}});
  mwaa::apply_setting(doc, "/workload/dags/0/tasks/-", {{"task_id", "d"}});
  CHECK(doc["workload"]["dags"][0]["tasks"].size() == 4);
  // Beyond the end of an existing array: nlohmann would allocate that many nulls.
  const std::string beyond = refusal([&] { mwaa::apply_setting(doc, "/workload/dags/999999990/dag_id", "x"); });
  CHECK(beyond.find("beyond the end of the array at /workload/dags/999999990") != std::string::npos);
  CHECK(beyond.find("1 element(s)") != std::string::npos);
  // A path that leaves the document creates its containers; an all-digit
  // token there starts a new, empty array (found by fuzzing: an OOM).
  const std::string created = refusal([&] { mwaa::apply_setting(doc, "/new_key/99999990/x", 1); });
  CHECK(created.find("beyond the end of the array at /new_key/99999990") != std::string::npos);
  CHECK(created.find("0 element(s)") != std::string::npos);
  // An existing null becomes a container the same way.
  doc["nothing"] = nullptr;
  CHECK(refusal([&] { mwaa::apply_setting(doc, "/nothing/999999999", 1); }).find("0 element(s)") != std::string::npos);
  mwaa::apply_setting(doc, "/other/0/x", 1);
  CHECK(doc["other"][0]["x"] == 1);
  CHECK(doc["workload"]["dags"].size() == 1);
}

TEST_CASE("grid: row-major points, size limit, and each point loads its own settings", "[planning][sweep]") {
  mwaa::SweepSpec spec;
  spec.document = small_document();
  spec.source = "sweep-small.json";
  spec.axes = {mwaa::parse_vary("MinWorkers=1,2"), mwaa::parse_vary("MaxWorkers=2..4:1")};
  REQUIRE(mwaa::grid_size(spec.axes) == 6);
  CHECK(mwaa::grid_values(spec.axes, 0) == std::vector<std::string>{"1", "2"});
  CHECK(mwaa::grid_values(spec.axes, 4) == std::vector<std::string>{"2", "3"});  // the last axis varies fastest
  const mwaa::Scenario s = mwaa::point_scenario(spec, 5);
  CHECK(s.environment.min_workers == 2);
  CHECK(s.environment.max_workers == 4);

  // Checked axis by axis, so a product that would overflow is refused too.
  mwaa::VaryAxis big{"seed", std::vector<json>(100000, json(1))};
  const std::vector<mwaa::VaryAxis> huge(4, big);
  CHECK(refusal([&] { mwaa::grid_size(huge); }).find("1,000,000") != std::string::npos);
}

TEST_CASE("sweep: shards merge into the whole grid; overlaps and foreign shards are refused", "[planning][sweep]") {
  const mwaa::Pricing pricing = mwaa::load_pricing(mwaa::default_pricing_path());
  mwaa::SweepSpec spec;
  spec.document = small_document();
  spec.source = "sweep-small.json";
  spec.axes = {mwaa::parse_vary("MaxWorkers=1..3:1")};
  spec.threads = 1;
  const mwaa::SweepTable whole = mwaa::run_sweep(spec, pricing);
  REQUIRE(whole.points.size() == 3);
  for (const mwaa::PointResult& p : whole.points) {
    REQUIRE(p.completion_p50);
    // Two 10 s tasks in a chain, plus scheduling and start-up overheads.
    CHECK(*p.completion_p50 > 20);
    CHECK(p.pass == (*p.completion_p95 <= 60));
  }
  spec.shard_count = 2;
  spec.shard_index = 0;
  const mwaa::SweepTable a = mwaa::run_sweep(spec, pricing);
  spec.shard_index = 1;
  const mwaa::SweepTable b = mwaa::run_sweep(spec, pricing);
  CHECK(a.points.size() == 2);  // points 0 and 2
  CHECK(b.points.size() == 1);
  const mwaa::SweepTable merged = mwaa::merge_sweeps({b, a});
  CHECK(mwaa::sweep_json(merged).dump() == mwaa::sweep_json(whole).dump());
  // Through JSON and back, as `mwaa-sim merge` reads shard files.
  const mwaa::SweepTable read = mwaa::sweep_from_json(json::parse(mwaa::sweep_json(a).dump()), "a.json");
  CHECK(mwaa::sweep_json(read).dump() == mwaa::sweep_json(a).dump());

  CHECK(refusal([&] { mwaa::merge_sweeps({a, a}); }).find("appears twice") != std::string::npos);
  mwaa::SweepTable other = b;
  other.axes = {"MinWorkers"};
  CHECK(refusal([&] { mwaa::merge_sweeps({a, other}); }).find("different sweep") != std::string::npos);
}
