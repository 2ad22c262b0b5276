// Sweep grid: --vary parsing, settings applied to the scenario document,
// grid indexing, sharding and merging (models/planning/sweep.hpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "models/errors.hpp"
#include "models/planning/cost.hpp"
#include "models/planning/recommend.hpp"
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

// A one-axis sweep of small_document(), on one thread.
mwaa::SweepSpec small_spec(const std::string& vary) {
  mwaa::SweepSpec spec;
  spec.document = small_document();
  spec.source = "sweep-small.json";
  spec.axes = {mwaa::parse_vary(vary)};
  spec.threads = 1;
  return spec;
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
  mwaa::SweepSpec spec = small_spec("MaxWorkers=1..3:1");
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

// ---- Reading sweep results back (mwaa-sim merge, mwaa-sim report --sweep) ----

namespace {

// A point as `mwaa-sim sweep --format json` writes it (two axes).
json point_json(int index, std::vector<std::string> values) {
  return {{"index", index},
          {"values", values},
          {"replications", 2},
          {"finished", 2},
          {"completion_p50_seconds", 40.5},
          {"completion_p95_seconds", 42.0},
          {"peak_queue_p95", 3.0},
          {"peak_workers_p95", 2.0},
          {"peak_queue_age_p95_seconds", 1.5},
          {"cost_per_hour", 0.49},
          {"cost_per_run", 0.01},
          {"targets", json::array({{{"name", "completion p95"},
                                    {"target_seconds", 60.0},
                                    {"actual_seconds", 42.0},
                                    {"met", true}}})},
          {"pass", true},
          {"bottleneck", "worker_slots"}};
}

// A whole 2 x 2 sweep result holding the points `indexes`.
json sweep_doc(const std::vector<int>& indexes = {0, 1, 2, 3}) {
  json j = {{"axes", {"MinWorkers", "MaxWorkers"}}, {"grid_size", 4}, {"currency", "USD"}, {"points", json::array()}};
  for (int i : indexes) j["points"].push_back(point_json(i, {std::to_string(1 + i / 2), std::to_string(2 + i % 2)}));
  return j;
}

std::string read_refusal(const json& doc) {
  return refusal([&] { mwaa::sweep_from_json(doc, "part-0.json"); });
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("sweep_from_json: a well-formed result reads back, an invalid point included", "[planning][sweep]") {
  json doc = sweep_doc();
  // What sweep writes for a point whose scenario is invalid.
  doc["points"][2] = {{"index", 2},          {"values", {"2", "2"}},           {"error", "sweep.json: MinWorkers above MaxWorkers"},
                      {"replications", 0},   {"finished", 0},                  {"completion_p50_seconds", nullptr},
                      {"completion_p95_seconds", nullptr}, {"peak_queue_p95", 0}, {"peak_workers_p95", 0},
                      {"peak_queue_age_p95_seconds", 0},   {"cost_per_hour", 0},  {"cost_per_run", 0},
                      {"targets", json::array()},          {"pass", false},       {"bottleneck", ""}};
  const mwaa::SweepTable t = mwaa::sweep_from_json(doc, "part-0.json");
  REQUIRE(t.points.size() == 4);
  CHECK(t.points[2].error == "sweep.json: MinWorkers above MaxWorkers");
  CHECK(t.points[1].values == std::vector<std::string>{"1", "3"});
  CHECK(json::parse(mwaa::sweep_json(t).dump()) == doc);  // written back unchanged
}

TEST_CASE("sweep_from_json: a point needs exactly one value per axis", "[planning][sweep]") {
  // Once: report --sweep read past the end of `values` (a crash) and merge
  // printed the columns shifted.
  for (const json& values : {json::array(), json{"1"}, json{"1", "2", "3"}}) {
    json doc = sweep_doc();
    doc["points"][1]["values"] = values;
    const std::string m = read_refusal(doc);
    CHECK(has(m, "part-0.json: points[1].values: expected 2 values (one per axis), got " + std::to_string(values.size())));
  }
  json doc = sweep_doc();
  doc["points"][0]["values"] = {"1", 2};
  CHECK(has(read_refusal(doc), "part-0.json: points[0].values[1]: expected a string, got 2"));
}

TEST_CASE("sweep_from_json: seconds, counts, peaks and costs are range-checked", "[planning][sweep]") {
  // Once: 1e300 seconds was read, then sim::Time::from_seconds threw while
  // printing the table (internal error, exit 3).
  struct Case {
    std::string pointer, path;
    json value;
  };
  const std::vector<Case> cases = {
      {"/points/0/completion_p95_seconds", "points[0].completion_p95_seconds", 1e300},
      {"/points/0/completion_p95_seconds", "points[0].completion_p95_seconds", -1},
      {"/points/1/completion_p50_seconds", "points[1].completion_p50_seconds", 9.3e12},  // past the clock's range
      {"/points/1/peak_queue_age_p95_seconds", "points[1].peak_queue_age_p95_seconds", 1e300},
      {"/points/2/targets/0/target_seconds", "points[2].targets[0].target_seconds", 1e300},
      {"/points/2/targets/0/actual_seconds", "points[2].targets[0].actual_seconds", -5},
      {"/points/3/peak_queue_p95", "points[3].peak_queue_p95", -1},
      {"/points/3/peak_workers_p95", "points[3].peak_workers_p95", 1e300},
      {"/points/3/cost_per_hour", "points[3].cost_per_hour", -0.5},
      {"/points/3/cost_per_run", "points[3].cost_per_run", 1e300},
      {"/points/0/replications", "points[0].replications", 0},  // a point that ran has at least one
      {"/points/0/replications", "points[0].replications", 2.5},
      {"/points/0/finished", "points[0].finished", 3},  // more than its 2 replications
      {"/points/0/finished", "points[0].finished", -1},
  };
  for (const Case& c : cases) {
    json doc = sweep_doc();
    doc[json::json_pointer(c.pointer)] = c.value;
    INFO(c.pointer << " = " << c.value.dump());
    CHECK(has(read_refusal(doc), "part-0.json: " + c.path + ": expected "));
  }
  // The largest time the clock holds is accepted and prints.
  json doc = sweep_doc();
  doc["points"][0]["completion_p95_seconds"] = 9.2e12;
  doc["points"][0]["targets"][0]["actual_seconds"] = 9.2e12;
  const mwaa::SweepTable t = mwaa::sweep_from_json(doc, "part-0.json");
  CHECK(has(mwaa::sweep_text(t), "2555555555h"));
}

TEST_CASE("sweep_from_json: missing and wrongly typed fields are named by their path", "[planning][sweep]") {
  // Once: "[json.exception.out_of_range.403] key 'name' not found", no path.
  auto refused = [](const std::string& pointer, const json* value) {
    json doc = sweep_doc();
    const json::json_pointer p(pointer);
    if (value) doc[p] = *value;
    else doc[p.parent_pointer()].erase(p.back());
    return read_refusal(doc);
  };
  const json text = "x", number = 5, object = json::object();
  CHECK(has(refused("/points/3/targets/0/name", nullptr), "part-0.json: points[3].targets[0].name: missing"));
  CHECK(has(refused("/points/3/targets/0/name", &number), "points[3].targets[0].name: expected a string, got 5"));
  CHECK(has(refused("/points/0/targets/0/target_seconds", &text), "points[0].targets[0].target_seconds: expected a number, got \"x\""));
  CHECK(has(refused("/points/0/targets/0/met", &text), "points[0].targets[0].met: expected true or false, got \"x\""));
  CHECK(has(refused("/points/1/pass", nullptr), "points[1].pass: missing"));
  CHECK(has(refused("/points/1/cost_per_run", nullptr), "points[1].cost_per_run: missing"));
  CHECK(has(refused("/points/1/targets", &object), "points[1].targets: expected an array, got an object"));
  CHECK(has(refused("/points/2", &number), "points[2]: expected an object, got 5"));
  CHECK(has(refused("/points", &object), "points: expected an array, got an object"));
  CHECK(has(refused("/axes", &text), "axes: expected an array, got \"x\""));
  CHECK(has(refused("/currency", &number), "currency: expected a string, got 5"));
  CHECK(has(refused("/points/0/cost_per_huor", &number), "points[0].cost_per_huor: unknown key"));
  CHECK(has(read_refusal(json::array()), "part-0.json: expected a sweep result"));
  CHECK(has(read_refusal(json{{"name", "a scenario"}, {"workload", json::object()}}), "not a sweep result"));
  for (const std::string& m : {refused("/points/3/targets/0/name", nullptr), refused("/grid_size", &text)})
    CHECK_FALSE(has(m, "json.exception"));
}

TEST_CASE("sweep_from_json: grid_size and indexes must fit the grid, once each", "[planning][sweep]") {
  auto with = [](const std::string& pointer, const json& value) {
    json doc = sweep_doc();
    doc[json::json_pointer(pointer)] = value;
    return read_refusal(doc);
  };
  // Once: 1e15 was narrowed to an int without a word.
  CHECK(has(with("/grid_size", 1e15), "part-0.json: grid_size: expected an integer between 1 and 1000000, got 1e+15"));
  CHECK(has(with("/grid_size", 0), "grid_size: expected an integer between 1 and 1000000"));
  CHECK(has(with("/grid_size", 2.5), "grid_size: expected an integer"));
  CHECK(has(with("/grid_size", "4"), "grid_size: expected an integer"));
  CHECK(has(with("/points/1/index", -1), "part-0.json: points[1].index: expected an integer between 0 and 3, got -1"));
  CHECK(has(with("/points/1/index", 4), "points[1].index: expected an integer between 0 and 3, got 4"));
  CHECK(has(with("/points/3/index", 1), "part-0.json: points[3].index: point 1 appears twice (also at points[1])"));
  CHECK(has(with("/axes", json::array()), "axes: expected at least one axis"));
}

TEST_CASE("merge_sweeps: refusals name the shard file, the point and the grid", "[planning][sweep]") {
  const mwaa::SweepTable a = mwaa::sweep_from_json(sweep_doc({0, 2}), "part-0.json");
  const mwaa::SweepTable b = mwaa::sweep_from_json(sweep_doc({1, 3}), "part-1.json");
  CHECK(mwaa::merge_sweeps({b, a}).points.size() == 4);

  const mwaa::SweepTable b2 = mwaa::sweep_from_json(sweep_doc({1, 2, 3}), "part-1b.json");
  const std::string twice = refusal([&] { mwaa::merge_sweeps({a, b2}); });
  CHECK(has(twice, "part-1b.json: points[1].index: point 2 appears twice: also in part-0.json"));

  json other_grid = sweep_doc({1, 3});
  other_grid["grid_size"] = 6;
  const mwaa::SweepTable c = mwaa::sweep_from_json(other_grid, "part-9.json");
  const std::string foreign = refusal([&] { mwaa::merge_sweeps({a, c}); });
  CHECK(has(foreign, "part-9.json: grid_size: comes from a different sweep than part-0.json (grid_size 6, not 4)"));
  json other_axes = sweep_doc({1, 3});
  other_axes["axes"] = {"MinWorkers", "Schedulers"};
  const std::string axes = refusal([&] { mwaa::merge_sweeps({a, mwaa::sweep_from_json(other_axes, "part-8.json")}); });
  CHECK(has(axes, "part-8.json: axes: comes from a different sweep than part-0.json"));
  CHECK(has(axes, "\"Schedulers\""));
  json other_currency = sweep_doc({1, 3});
  other_currency["currency"] = "EUR";
  CHECK(has(refusal([&] { mwaa::merge_sweeps({a, mwaa::sweep_from_json(other_currency, "part-7.json")}); }),
            "part-7.json: currency: comes from a different sweep than part-0.json (currency \"EUR\", not \"USD\")"));

  // Tables built in memory are checked too.
  mwaa::SweepTable d = b;
  d.points[0].index = 7;
  CHECK(has(refusal([&] { mwaa::merge_sweeps({a, d}); }),
            "part-1.json: points[0].index: point 7 is outside the grid (grid_size 4: indexes 0 to 3)"));
}

TEST_CASE("merge_sweeps: a missing shard is refused with the missing points, or merged when allowed", "[planning][sweep]") {
  // Once: "(2 of 4 grid points)" and exit 0, the CSV and markdown outputs not
  // saying anything was missing.
  const mwaa::SweepTable a = mwaa::sweep_from_json(sweep_doc({0, 2}), "part-0.json");
  CHECK(has(refusal([&] { mwaa::merge_sweeps({a}); }), "2 of 4 grid points are in no shard: 1, 3"));
  const mwaa::SweepTable most = mwaa::sweep_from_json(sweep_doc({0, 1}), "part-0.json");
  CHECK(has(refusal([&] { mwaa::merge_sweeps({most}); }), "2 of 4 grid points are in no shard: 2-3"));

  const mwaa::SweepTable partial = mwaa::merge_sweeps({a}, /*allow_missing=*/true);
  CHECK(partial.points.size() == 2);
  CHECK(mwaa::missing_points_text(partial) == "2 of 4 grid points are in no shard: 1, 3");
  CHECK(mwaa::missing_points_text(mwaa::merge_sweeps({a, mwaa::sweep_from_json(sweep_doc({1, 3}), "b.json")})) == "");

  // Long lists are shortened.
  mwaa::SweepTable big;
  big.axes = {"seed"};
  big.grid_size = 1000;
  for (int i = 0; i < 1000; i += 3) big.points.emplace_back().index = i;
  const std::string text = mwaa::missing_points_text(big);
  CHECK(has(text, "666 of 1000 grid points are in no shard: 1-2, 4-5, "));
  CHECK(has(text, ", ... (666 in all)"));
  CHECK(text.size() < 200);
}

TEST_CASE("recommend: invalid grid points are skipped by the binary search, not counted as misses", "[planning][recommend]") {
  // MaxWorkers is 2: MinWorkers 3..10 are invalid scenarios. The search used
  // to probe them, read "not passing", and conclude that nothing passes.
  const mwaa::Pricing pricing = mwaa::load_pricing(mwaa::default_pricing_path());
  mwaa::SweepSpec spec = small_spec("MinWorkers=1..10:1");
  const mwaa::Recommendation r = mwaa::recommend(spec, pricing);
  REQUIRE(r.best);
  CHECK(r.best->values == std::vector<std::string>{"1"});
  CHECK(r.monotone_axis == "MinWorkers");
  for (const mwaa::PointResult& f : r.cheaper_failures) CHECK(f.error.empty());

  spec.axes = {mwaa::parse_vary("MinWorkers=3..10:1")};  // every point invalid
  CHECK(refusal([&] { mwaa::recommend(spec, pricing); }).find("no grid point is a valid scenario") != std::string::npos);
}
