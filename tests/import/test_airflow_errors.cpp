// Bad input to `import airflow`: clear errors naming the file and JSON path,
// or warnings naming what was assumed; timedelta and date-time shapes.
#include <catch2/catch.hpp>

#include <fstream>

#include "import_test_util.hpp"
#include "models/import/airflow_rest.hpp"
#include "tests/cli/cli_runner.hpp"

using namespace import_test;
using namespace mwaa::imports;

namespace {

AirflowRecording with_tasks(const char* tasks_json) {
  AirflowRecording rec;
  add_tasks_page(rec, "d", Json::parse(tasks_json), "tasks/d.json");
  return rec;
}

namespace fs = std::filesystem;

// A scratch copy of the v2 recording, removed with the test.
struct RecordingCopy {
  cli_test::TempDir dir;
  std::string rec = dir.file("airflow_v2");
  RecordingCopy() { fs::copy(fixture("airflow_v2"), rec, fs::copy_options::recursive); }
};

// `mwaa-sim import airflow ARGS -o DIR/out.json`.
cli_test::Outcome import_airflow_cli(const RecordingCopy& c, const std::string& args) {
  return cli_test::run("import airflow " + args + " -o '" + c.dir.file("out.json") + "'");
}

void add_run(AirflowRecording& rec) {
  add_dag_runs_page(rec, Json::parse(R"({"dag_runs": [{"dag_id": "d", "dag_run_id": "r1", "queued_at": "2025-01-01T00:00:00Z"}]})"),
                    "runs.json");
}

}  // namespace

TEST_CASE("a bad date-time names the file and the JSON path", "[import][airflow][errors]") {
  AirflowRecording rec;
  const Caught c = catch_input_error([&] {
    add_dag_runs_page(rec, Json::parse(R"({"dag_runs": [{"dag_id": "d", "dag_run_id": "r", "queued_at": "yesterday"}]})"),
                      "runs/page-00003.json");
  });
  REQUIRE(c.thrown);
  CHECK(c.file == "runs/page-00003.json");
  CHECK(c.path == "dag_runs[0].queued_at");
  CHECK(c.message.find("expected an ISO-8601 date-time") != std::string::npos);
}

TEST_CASE("a page of the wrong endpoint says what it expected", "[import][airflow][errors]") {
  AirflowRecording rec;
  const Caught c = catch_input_error([&] {
    add_task_instances_page(rec, Json::parse(R"({"dag_runs": [], "total_entries": 0})"), "ti.json");
  });
  REQUIRE(c.thrown);
  CHECK(c.message.find("GET /dags/~/dagRuns/~/taskInstances with \"task_instances\"; the object has keys dag_runs, total_entries") !=
        std::string::npos);
}

TEST_CASE("a record without its id is an error", "[import][airflow][errors]") {
  AirflowRecording rec;
  const Caught c = catch_input_error([&] { add_tasks_page(rec, "d", Json::parse(R"({"tasks": [{"pool": "x"}]})"), "tasks/d.json"); });
  REQUIRE(c.thrown);
  CHECK(c.path == "tasks[0]");
  CHECK(c.message == "missing \"task_id\"");
}

TEST_CASE("a downstream id that does not exist: the edge is dropped with a warning", "[import][airflow][errors]") {
  AirflowRecording rec = with_tasks(R"({"tasks": [{"task_id": "a", "downstream_task_ids": ["b", "nope"]}, {"task_id": "b"}]})");
  add_run(rec);
  finish_recording(rec);
  const ImportResult r = build_airflow_scenario(rec, {});
  CHECK(contains(r.log.warnings, "1 downstream id(s) that are not tasks of their DAG; the edge was dropped: d.a -> nope"));
  CHECK(task(dag(r.scenario, "d"), "b").at("upstream") == OJson::parse(R"(["a"])"));
  CHECK(contains(r.log.warnings, "2 task(s) without a recorded duration; assumed 0s"));
}

TEST_CASE("a cycle is the loader's error, naming the cycle", "[import][airflow][errors]") {
  AirflowRecording rec = with_tasks(R"({"tasks": [{"task_id": "a", "downstream_task_ids": ["b"]},
                                                  {"task_id": "b", "downstream_task_ids": ["a"]}]})");
  add_run(rec);
  finish_recording(rec);
  const ImportResult r = build_airflow_scenario(rec, {});
  const Caught c = catch_input_error([&] { check_scenario(r.scenario, "out.json"); });
  REQUIRE(c.thrown);
  CHECK(c.file == "out.json");
  CHECK(c.message.find("cycle") != std::string::npos);
  CHECK(c.message.find("(in the imported scenario)") != std::string::npos);
}

TEST_CASE("no run of an imported DAG is an error", "[import][airflow][errors]") {
  AirflowRecording rec = with_tasks(R"({"tasks": [{"task_id": "a"}]})");
  add_dag_runs_page(rec, Json::parse(R"({"dag_runs": [{"dag_id": "other", "dag_run_id": "r", "queued_at": "2025-01-01T00:00:00Z"}]})"),
                    "runs.json");
  finish_recording(rec);
  const Caught c = catch_input_error([&] { build_airflow_scenario(rec, {}); });
  REQUIRE(c.thrown);
  CHECK(c.message.find("no DAG run to replay") != std::string::npos);
}

TEST_CASE("missing inputs are errors", "[import][airflow][errors]") {
  AirflowFiles f;
  f.tasks_dir = fixture("airflow_v2/tasks");
  CHECK(catch_input_error([&] { read_airflow_recording(f); }).message.find("no DAG runs") != std::string::npos);
  f.dag_runs = {fixture("does-not-exist.json")};
  CHECK(catch_input_error([&] { read_airflow_recording(f); }).thrown);
  f.dag_runs = {fixture("airflow_v2/dag_runs")};
  f.tasks_dir = fixture("airflow_v2/pools");  // a directory, but page-00000.json is a pools page
  CHECK(catch_input_error([&] { read_airflow_recording(f); }).message.find("with \"tasks\"") != std::string::npos);
}

TEST_CASE("timedeltas in every shape the two API versions print", "[import][airflow][fields]") {
  auto td = [](const char* text) { return parse_api_timedelta(Json::parse(text), "f.json", "retry_delay"); };
  CHECK(td(R"({"__type": "TimeDelta", "days": 1, "seconds": 30, "microseconds": 500000})") == sim::Time::from_seconds(86430.5));
  CHECK(td("300") == sim::Time::seconds(300));
  CHECK(td("12.5") == sim::Time::from_seconds(12.5));
  CHECK(td(R"("PT5M")") == sim::Time::seconds(300));
  CHECK(td(R"("P1DT2H3M4.5S")") == sim::Time::from_seconds(86400 + 7200 + 180 + 4.5));
  CHECK(td(R"("PT0S")") == sim::Time::zero());
  CHECK(td(R"("0:05:00")") == sim::Time::seconds(300));
  CHECK(td(R"("2 days, 1:00:00.25")") == sim::Time::from_seconds(2 * 86400 + 3600.25));
  CHECK(td("null") == std::nullopt);
  CHECK(catch_input_error([&] { td(R"("soon")"); }).path == "retry_delay");
  CHECK(catch_input_error([&] { td(R"("-PT5S")"); }).message.find(">= 0") != std::string::npos);
  CHECK(catch_input_error([&] { td(R"({"__type": "TimeDelta", "hours": 1})"); }).thrown);
  CHECK(catch_input_error([&] { td(R"("P1Y")"); }).thrown);  // years have no fixed length
}

TEST_CASE("ISO-8601 date-times as both API versions print them", "[import][airflow][fields]") {
  const std::int64_t base = 1746093600LL * 1000000;  // 2025-05-01T10:00:00Z
  CHECK(parse_iso_datetime_us("2025-05-01T10:00:00Z") == base);
  CHECK(parse_iso_datetime_us("2025-05-01T10:00:00+00:00") == base);
  CHECK(parse_iso_datetime_us("2025-05-01T12:00:00.250000+02:00") == base + 250000);
  CHECK(parse_iso_datetime_us("2025-05-01 10:00:00.5") == base + 500000);
  CHECK(parse_iso_datetime_us("2025-05-01T10:00:00.1234567Z") == base + 123456);
  CHECK_FALSE(parse_iso_datetime_us("2025-05-01"));
  CHECK_FALSE(parse_iso_datetime_us("2025-13-01T10:00:00Z"));
  CHECK_FALSE(parse_iso_datetime_us("2025-05-01T10:00:00Zjunk"));
  CHECK(iso_utc_z(base + 999999) == "2025-05-01T10:00:00Z");
}

TEST_CASE("filesystem failures while reading a recording name the path and the OS reason",
          "[import][airflow][errors][paths]") {
  const RecordingCopy copy;
  const cli_test::TempDir& dir = copy.dir;
  const std::string& rec = copy.rec;
  const auto read = [](const std::string& from) {
    return catch_input_error([&] { read_airflow_recording(airflow_files_in(from)); });
  };
  // Reading the recording at `from` fails on `file` with `message`.
  const auto fails = [&](const std::string& from, const std::string& file, const std::string& message) {
    const Caught c = read(from);
    REQUIRE(c.thrown);
    CHECK(c.file == file);
    CHECK(c.message == message);
  };
  const std::string loop = "cannot read this path: Too many levels of symbolic links";

  SECTION("a symbolic link loop in tasks/") {
    fs::create_symlink("loop.json", rec + "/tasks/loop.json");
    fails(rec, rec + "/tasks/loop.json", loop);
  }
  SECTION("a symbolic link loop among the pages of dags/") {
    fs::create_symlink("loop.json", rec + "/dags/loop.json");
    fails(rec, rec + "/dags/loop.json", loop);
  }
  SECTION("a page that is a symbolic link to nothing is an error, not a page silently left out") {
    fs::create_symlink("gone.json", rec + "/dag_runs/page-00002.json");
    fails(rec, rec + "/dag_runs/page-00002.json",
          "is a symbolic link to 'gone.json', which does not exist (expected a JSON page)");
  }
  SECTION("a loop that is not named *.json in a pages directory is ignored like any other file") {
    fs::create_symlink("notes", rec + "/dags/notes");
    CHECK_FALSE(read(rec).thrown);
  }
  SECTION("--from a symbolic link to itself") {
    fs::create_symlink("selfloop", dir.file("selfloop"));
    fails(dir.file("selfloop"), dir.file("selfloop"), loop);
  }
  SECTION("--from a name longer than the OS allows") {
    const std::string long_name = dir.file(std::string(5000, 'a'));
    fails(long_name, long_name, "cannot read this path: File name too long");
  }
  SECTION("--from a path that does not exist") {
    fails(dir.file("nope"), dir.file("nope"), "does not exist (expected the directory tools/collect-airflow.sh writes)");
  }
  SECTION("--from a file") {
    const Caught c = read(rec + "/environment.json");
    CHECK(c.message == "not a directory (expected the layout tools/collect-airflow.sh writes)");
  }
  SECTION("--tasks-dir a path that does not exist, or a file") {
    AirflowFiles f = airflow_files_in(rec);
    f.tasks_dir = dir.file("nope");
    Caught c = catch_input_error([&] { read_airflow_recording(f); });
    CHECK(c.file == dir.file("nope"));
    CHECK(c.message.rfind("does not exist (expected a directory with one <dag_id>.json file", 0) == 0);
    f.tasks_dir = rec + "/environment.json";
    c = catch_input_error([&] { read_airflow_recording(f); });
    CHECK(c.message.rfind("not a directory (expected a directory with one <dag_id>.json file", 0) == 0);
  }
  SECTION("DIR/tasks that is a file is reported, not taken as no tasks directory") {
    fs::remove_all(rec + "/tasks");
    std::ofstream(rec + "/tasks") << "{}";
    const Caught c = read(rec);
    CHECK(c.file == rec + "/tasks");
    CHECK(c.message.rfind("not a directory", 0) == 0);
  }
  SECTION("--dag-runs and --environment files that do not exist") {
    AirflowFiles f = airflow_files_in(rec);
    f.dag_runs = {dir.file("runs.json")};
    Caught c = catch_input_error([&] { read_airflow_recording(f); });
    CHECK(c.file == dir.file("runs.json"));
    CHECK(c.message == "does not exist (expected a JSON file or a directory of JSON pages)");
    f = airflow_files_in(rec);
    f.environment = dir.file("env.json");
    c = catch_input_error([&] { read_airflow_recording(f); });
    CHECK(c.file == dir.file("env.json"));
    CHECK(c.message == "does not exist (expected an `aws mwaa get-environment` output file)");
  }
}

TEST_CASE("import airflow exits 2, not 3, on filesystem failures", "[import][airflow][errors][paths]") {
  const RecordingCopy copy;
  const cli_test::TempDir& dir = copy.dir;
  const std::string& rec = copy.rec;
  const std::string from = "--from '" + rec + "'";
  CHECK(import_airflow_cli(copy, from).exit_code == 0);  // the copy itself imports

  fs::create_symlink("loop.json", rec + "/tasks/loop.json");
  fs::create_symlink("selfloop", dir.file("selfloop"));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {from, rec + "/tasks/loop.json: cannot read this path: Too many levels of symbolic links"},
      {"--from '" + dir.file("selfloop") + "'", "selfloop: cannot read this path: Too many levels of symbolic links"},
      {"--from '" + dir.file(std::string(5000, 'a')) + "'", "aaaa: cannot read this path: File name too long"},
      {"--from '" + dir.file("nope") + "'", "nope: does not exist (expected the directory"},
      {from + " --tasks-dir '" + dir.file("nope") + "'", "nope: does not exist (expected a directory with one"},
  };
  for (const auto& [args, message] : cases) {
    INFO(args.substr(0, 200));
    const cli_test::Outcome r = import_airflow_cli(copy, args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(message) != std::string::npos);
  }
}
