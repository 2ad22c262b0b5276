// Degenerate input: every odd number, duration, id or workload a planner's
// export can hold gives a loaded scenario or an InputError naming the field,
// never a crash, an overflow or a non-InputError exception.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "loader_test_util.hpp"
#include "models/report/summary.hpp"
#include "models/report/task_instance_export.hpp"
#include "models/scenario_loader_json.hpp"
#include "models/simulation.hpp"

using namespace loader_test;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

struct Field {
  const char* pointer;  // where to put the value (JSON pointer into minimal())
  const char* path;     // the path the error must name
};

// Numeric fields of every kind: counts, slots, workers, probabilities,
// durations in seconds, model parameters.
const std::vector<Field> kNumericFields = {
    {"/environment/MinWorkers", "environment.MinWorkers"},
    {"/environment/MaxWorkers", "environment.MaxWorkers"},
    {"/environment/Schedulers", "environment.Schedulers"},
    {"/pools/etl", "pools.etl"},
    {"/seed", "seed"},
    {"/time_limit", "time_limit"},
    {"/model/parallelism_factor", "model.parallelism_factor"},
    {"/model/autoscaler_evaluation_period", "model.autoscaler_evaluation_period"},
    {"/workload/dags/0/max_active_runs", "workload.dags[0].max_active_runs"},
    {"/workload/dags/0/max_active_tasks", "workload.dags[0].max_active_tasks"},
    {"/workload/dags/0/trigger_at/0", "workload.dags[0].trigger_at[0]"},
    {"/workload/dags/0/tasks/0/duration", "workload.dags[0].tasks[0].duration"},
    {"/workload/dags/0/tasks/0/pool_slots", "workload.dags[0].tasks[0].pool_slots"},
    {"/workload/dags/0/tasks/0/priority_weight", "workload.dags[0].tasks[0].priority_weight"},
    {"/workload/dags/0/tasks/0/retries", "workload.dags[0].tasks[0].retries"},
    {"/workload/dags/0/tasks/0/retry_delay", "workload.dags[0].tasks[0].retry_delay"},
    {"/workload/dags/0/tasks/0/failure_probability", "workload.dags[0].tasks[0].failure_probability"},
    {"/workload/dags/0/tasks/0/repeat", "workload.dags[0].tasks[0].repeat"},
};

json with(const Field& f, const json& value) {
  json doc = minimal();
  doc["workload"]["dags"][0]["trigger_at"] = json::array({0});
  doc["pools"] = json::object({{"etl", 4}});
  doc[json::json_pointer(f.pointer)] = value;
  return doc;
}

// The InputError of loading `doc`, which must name `path`.
Caught must_fail(const json& doc, const std::string& path) {
  Caught c;
  try {
    load(doc);
  } catch (const mwaa::InputError& e) {
    c = {true, e.file(), e.path(), e.message(), e.what()};
  }
  INFO("doc: " << doc.dump(-1, ' ', false, json::error_handler_t::replace));
  REQUIRE(c.thrown);
  INFO("what(): " << c.what);
  CHECK(c.file == "test.json");
  CHECK(c.path.rfind(path, 0) == 0);  // the field itself (or a part of it, e.g. a distribution's key)
  return c;
}

json parse_text(const std::string& text) { return mwaa::input::parse_json_text(text, "test.json"); }

}  // namespace

TEST_CASE("NaN, infinities, huge and negative numbers in numeric fields name the field", "[loader][degenerate]") {
  for (const Field& f : kNumericFields) {
    INFO("field " << f.path);
    for (double bad : {kNaN, kInf, -kInf, 1e300, -1e300})
      must_fail(with(f, bad), f.path);
    // Negative values: allowed only for priority_weight (any 32-bit integer)
    // and pool slots (-1 = unlimited, so -2 is the test).
    if (std::string(f.path).find("priority_weight") == std::string::npos) must_fail(with(f, -2), f.path);
    // Integers far beyond int64 (nlohmann keeps 2^64-1 as unsigned, larger as double).
    if (std::string(f.path) != "seed") must_fail(with(f, 18446744073709551615ULL), f.path);
    must_fail(with(f, 1e19), f.path);
  }
}

TEST_CASE("1e400 in the JSON text is an InputError saying where, not a JSON exception", "[loader][degenerate]") {
  // nlohmann refuses numbers beyond double's range with out_of_range 406.
  Caught c;
  try {
    parse_text("{\"environment\": {\"MaxWorkers\":\n  1e400}}");
  } catch (const mwaa::InputError& e) {
    c = {true, e.file(), e.path(), e.message(), e.what()};
  }
  REQUIRE(c.thrown);
  CHECK(c.file == "test.json");
  CHECK(c.message.find("line 2, column 3") != std::string::npos);
  CHECK(c.message.find("1e400") != std::string::npos);
  CHECK(c.message.find("out of range") != std::string::npos);
  CHECK_THROWS_AS(parse_text("[-1e400]"), mwaa::InputError);
}

TEST_CASE("seconds that overflow int64 microseconds are refused, not wrapped", "[loader][degenerate]") {
  // 1e13 s = 1e19 us > INT64_MAX; 9.3e12 s is just above it.
  for (const json& bad : {json(1e13), json(9.3e12), json("300000000d"), json("99999999999999999999s")}) {
    INFO(bad.dump());
    const Caught c = must_fail(with(kNumericFields[11], bad), "workload.dags[0].tasks[0].duration");
    CHECK(c.message.find("range") != std::string::npos);
  }
  // Inside a distribution the path names the parameter.
  must_fail(with(kNumericFields[11], json{{"uniform", {0, 1e300}}}), "workload.dags[0].tasks[0].duration.uniform[1]");
}

TEST_CASE("zero durations are valid where they make sense, refused where they cannot work", "[loader][degenerate]") {
  json doc = minimal();
  doc["workload"]["dags"][0]["tasks"][0]["duration"] = 0;
  doc["workload"]["dags"][0]["tasks"][0]["retry_delay"] = "0s";
  doc["workload"]["dags"][0]["trigger_at"] = json::array({0, "0s"});
  const mwaa::Scenario s = load(doc);
  CHECK(s.workload.dags[0].trigger_times.size() == 2);
  CHECK(s.workload.dags[0].tasks[0].retry_delay == sim::Time::zero());
  CHECK(mwaa::simulate(s).finished);

  must_fail(with(Field{"/time_limit", "time_limit"}, 0), "time_limit");
  must_fail(with(Field{"/model/autoscaler_evaluation_period", ""}, "0s"), "model.autoscaler_evaluation_period");
  json sched = minimal();
  sched["workload"]["dags"][0].erase("trigger_at");
  sched["workload"]["dags"][0]["schedule"] = {{"interval", 0}};
  must_fail(sched, "workload.dags[0].schedule.interval");
}

TEST_CASE("decade-long durations are accepted exactly", "[loader][degenerate]") {
  const sim::Time decade = sim::Time::seconds(3650LL * 86400);
  json doc = minimal();
  doc["time_limit"] = "3650d";
  doc["workload"]["dags"][0]["tasks"][0]["duration"] = 315360000;
  doc["workload"]["dags"][0]["tasks"][0]["retry_delay"] = "3650d";
  doc["workload"]["dags"][0]["trigger_at"] = "3650d";
  const mwaa::Scenario s = load(doc);
  CHECK(s.time_limit == decade);
  CHECK(s.workload.dags[0].tasks[0].retry_delay == decade);
  CHECK(s.workload.dags[0].trigger_times[0] == decade);
  // The largest representable duration loads too (292,000 years).
  doc["time_limit"] = "106751991d4h0m54.775807s";
  CHECK(load(doc).time_limit == sim::Time::max());
}

TEST_CASE("duplicate task ids and dag ids name both places", "[loader][degenerate]") {
  json doc = minimal();
  doc["workload"]["dags"][0]["tasks"].push_back({{"task_id", "t"}});
  Caught c = must_fail(doc, "workload.dags[0].tasks[1].task_id");
  CHECK(c.message.find("\"t\"") != std::string::npos);
  CHECK(c.message.find("tasks[0]") != std::string::npos);

  doc = minimal();
  doc["workload"]["dags"].push_back(doc["workload"]["dags"][0]);
  c = must_fail(doc, "workload.dags[1].dag_id");
  CHECK(c.message.find("duplicate dag_id \"d\"") != std::string::npos);
  CHECK(c.message.find("workload.dags[0].dag_id") != std::string::npos);

  // Repeated tasks that expand to the same id.
  doc = minimal();
  doc["workload"]["dags"][0]["tasks"][0] = {{"task_id", "same"}, {"repeat", 2}};
  c = must_fail(doc, "workload.dags[0].tasks[0]");
  CHECK(c.message.find("\"same\"") != std::string::npos);
}

TEST_CASE("UTF-8 ids are accepted and reach the outputs unchanged", "[loader][degenerate]") {
  const std::string dag = "tâche_✓", task = "étape_1";
  json doc = minimal();
  doc["workload"]["dags"][0]["dag_id"] = dag;
  doc["workload"]["dags"][0]["tasks"][0]["task_id"] = task;
  doc["workload"]["dags"][0]["tasks"].push_back({{"task_id", "next"}, {"upstream", task}});
  const mwaa::Scenario s = load(doc);
  CHECK(s.workload.dags[0].id == dag);
  const mwaa::RunResult r = mwaa::simulate(s);
  REQUIRE(r.finished);
  const std::string summary = mwaa::summary_to_json(mwaa::summarize(s, r)).dump();
  const std::string tis = mwaa::task_instances_json(s, r).dump();
  CHECK(tis.find("\"" + dag + "\"") != std::string::npos);
  CHECK(tis.find("\"" + task + "\"") != std::string::npos);
  // Read back, the exported ids are the same text.
  CHECK(nlohmann::ordered_json::parse(tis).dump() == tis);
  CHECK(!summary.empty());
}

TEST_CASE("an id of 250 characters counts characters, not bytes", "[loader][degenerate]") {
  std::string id;
  for (int i = 0; i < 250; ++i) id += "é";  // 500 bytes
  json doc = minimal();
  doc["workload"]["dags"][0]["dag_id"] = id;
  CHECK(load(doc).workload.dags[0].id == id);
  doc["workload"]["dags"][0]["dag_id"] = id + "é";
  must_fail(doc, "workload.dags[0].dag_id");
}

TEST_CASE("invalid UTF-8 is refused with a clear message", "[loader][degenerate]") {
  // In a file: the JSON reader refuses it, saying where and why.
  Caught c;
  try {
    parse_text("{\"workload\": {\"dags\": [{\"dag_id\": \"d\xff\"}]}}");
  } catch (const mwaa::InputError& e) {
    c = {true, e.file(), e.path(), e.message(), e.what()};
  }
  REQUIRE(c.thrown);
  CHECK(c.message.find("line 1") != std::string::npos);
  CHECK(c.message.find("not valid UTF-8") != std::string::npos);
  CHECK(mwaa::input::is_utf8(c.what));  // the message itself is printable text

  // Built in memory (e.g. by a sweep's --vary): the id check refuses it.
  json doc = minimal();
  doc["workload"]["dags"][0]["dag_id"] = std::string("d\xc3");
  c = must_fail(doc, "workload.dags[0].dag_id");
  CHECK(c.message.find("not valid UTF-8") != std::string::npos);
  // Any other field describing such a value does not throw a JSON exception.
  doc = minimal();
  doc["environment"] = {{"MinWorkers", std::string(70, 'x') + "\xe2\x9c"}};
  must_fail(doc, "environment.MinWorkers");
}

TEST_CASE("long non-ASCII values are cut at a character boundary in messages", "[loader][degenerate]") {
  json doc = minimal();
  std::string value;
  for (int i = 0; i < 40; ++i) value += "✓";  // 3 bytes each: byte 57 is inside a character
  doc["environment"] = {{"MinWorkers", value}};
  const Caught c = must_fail(doc, "environment.MinWorkers");
  CHECK(mwaa::input::is_utf8(c.message));
  CHECK(c.message.find("...") != std::string::npos);
}

TEST_CASE("a workload without DAG runs is an error saying so", "[loader][degenerate]") {
  for (const char* text : {R"({"workload": {}})", R"({"workload": {"dags": []}})",
                           R"({"workload": {"dags": [{"dag_id": "d", "tasks": [{"task_id": "t"}]}]}})",
                           R"({"workload": {"dags": [{"dag_id": "d", "schedule": {"interval": "1h", "count": 0},
                                                      "tasks": [{"task_id": "t"}]}]}})"}) {
    INFO(text);
    const Caught c = must_fail(parse_text(text), "workload");
    CHECK(c.message.find("no DAG runs") != std::string::npos);
  }
  require_error(parse_text("{}"), "", {"missing \"workload\""});
}

TEST_CASE("JSON nested deeper than kMaxJsonDepth is refused before a tree is built", "[loader][degenerate]") {
  using mwaa::input::kMaxJsonDepth;
  using mwaa::input::parse_json_text;
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  CHECK(parse_json_text(nested(kMaxJsonDepth), "ok.json").is_array());
  for (const std::size_t depth : {kMaxJsonDepth + 1, std::size_t{1000000}}) {
    try {
      parse_json_text(nested(depth), "deep.json");
      FAIL("accepted nesting " << depth);
    } catch (const mwaa::InputError& e) {
      CHECK(std::string(e.what()).find("deep.json") != std::string::npos);
      CHECK(std::string(e.what()).find("nested more than 512 levels deep") != std::string::npos);
      CHECK(std::string(e.what()).find("line 1, column 513") != std::string::npos);
    }
  }
  // Brackets inside strings (escaped quotes too) do not count.
  const std::string in_string = "{\"a\": \"" + std::string(2000, '[') + "\\\"" + std::string(2000, '{') + "\"}";
  CHECK(parse_json_text(in_string, "s.json")["a"].get<std::string>().size() == 4001);
}

TEST_CASE("a JSON file larger than the cap is refused while reading (a pipe, /dev/zero)", "[loader][degenerate]") {
  try {
    mwaa::input::read_json_file("/dev/zero", std::size_t{1} << 20);
    FAIL("read /dev/zero");
  } catch (const mwaa::InputError& e) {
    CHECK(std::string(e.what()).find("/dev/zero") != std::string::npos);
    CHECK(std::string(e.what()).find("larger than 1 MiB") != std::string::npos);
  }
}

TEST_CASE("10^5 pools load in linear time, and a duplicate among them is still found", "[loader][degenerate]") {
  // The duplicate check compared every pair: 10^5 pools took 14 s, 10^6 minutes.
  json doc = minimal();
  json pools = json::object();
  for (int i = 0; i < 100000; ++i) pools["p" + std::to_string(i)] = 1;
  doc["pools"] = pools;
  const auto started = std::chrono::steady_clock::now();
  const mwaa::Scenario s = mwaa::load_scenario(doc, "pools.json");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(s.pools.size() >= 100000);
  json listed = json::array();
  for (int i = 0; i < 100000; ++i) listed.push_back({{"name", "p" + std::to_string(i % 99999)}, {"slots", 1}});
  doc["pools"] = listed;
  try {
    mwaa::load_scenario(doc, "pools.json");
    FAIL("expected the duplicate to be refused");
  } catch (const mwaa::InputError& e) {
    CHECK(e.path() == "pools[99999].name");
    CHECK(std::string(e.what()).find("also at pools[0].name") != std::string::npos);
  }
}
