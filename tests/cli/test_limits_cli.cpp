// `mwaa-sim run` at its limits (docs/limits.md): refusing a scenario too large
// for memory before allocating it, Ctrl-C / SIGTERM (exit 130 / 143, no output
// file left behind), runs that cannot finish, and empty workloads.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.hpp"

namespace {

using namespace std::chrono_literals;

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// One DAG "big" of `tasks` tasks with `runs` scheduled runs, every second.
std::string scheduled_scenario(long long runs, int tasks, const std::string& time_limit) {
  std::string list;
  for (int i = 0; i < tasks; ++i)
    list += std::string(i ? ", " : "") + "{\"task_id\": \"t" + std::to_string(i) + "\", \"duration\": \"1s\"}";
  return R"({"name": "big", "time_limit": ")" + time_limit +
         R"(", "workload": {"dags": [{"dag_id": "big", "schedule": {"interval": "1s", "count": )" +
         std::to_string(runs) + R"(}, "tasks": [)" + list + "]}]}}";
}

// A run that keeps the scheduler looping for 10 simulated years: far longer
// than any test waits, in a few kilobytes of memory.
const char* kEndless = R"({"name": "endless", "time_limit": "3651d",
  "workload": {"dags": [{"dag_id": "slow", "trigger_at": "0s",
    "tasks": [{"task_id": "decade", "duration": "3650d"}]}]}})";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Starts mwaa-sim with `args`, sends `signal` after `delay`, and returns the
// exit status (or -1 if it had not exited 10 s later; it is then killed).
int run_and_signal(const std::vector<std::string>& args, int signal, std::chrono::milliseconds delay,
                   const std::string& log) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(cli_test::kBinary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  std::this_thread::sleep_for(delay);
  ::kill(pid, signal);
  int status = 0;
  for (auto waited = 0ms; waited < 10000ms; waited += 20ms) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    std::this_thread::sleep_for(20ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("run refuses a scenario too large for memory, quickly and with the estimate", "[cli][limits]") {
  cli_test::TempDir dir;
  const std::string file = dir.file("huge.json");
  write(file, scheduled_scenario(100'000'000, 10, "1000000000s"));  // 10^9 task instances
  const auto started = std::chrono::steady_clock::now();
  const auto o = cli_test::run("run '" + file + "' --memory-limit 64GiB");
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(o.exit_code == 2);
  INFO(o.err);
  CHECK(contains(o.err, "this scenario needs about"));
  CHECK(contains(o.err, "1e+09 task instance tries"));
  CHECK(contains(o.err, "allowed by --memory-limit"));
  CHECK(o.out.empty());
}

TEST_CASE("run refuses more task instances than the 32-bit index holds", "[cli][limits]") {
  cli_test::TempDir dir;
  const std::string file = dir.file("huger.json");
  write(file, scheduled_scenario(1'000'000'000, 10, "2000000000s"));  // 10^10 task instances
  const auto o = cli_test::run("run '" + file + "' --memory-limit none");
  CHECK(o.exit_code == 2);
  CHECK(contains(o.err, "1e+10 task instances"));
  CHECK(contains(o.err, "32 bits"));
}

TEST_CASE("every simulating command checks --memory-limit", "[cli][limits]") {
  cli_test::TempDir dir;
  const std::string scenario = cli_test::fixture("gate-pass.json");
  // calibrate and validate need an observed export: the simulator's own serves.
  const std::string metrics = dir.file("m.json"), queries = dir.file("q.json");
  REQUIRE(cli_test::run("run " + scenario + " --metrics '" + metrics + "' --queries '" + queries + "'").exit_code == 0);
  const std::string observed = " --scenario " + scenario + " --cloudwatch '" + metrics + "' --queries '" + queries +
                               "' --replications 1";
  const std::vector<std::string> commands = {
      "calibrate" + observed + " --fit startup_overhead --max-evaluations 2 -o '" + dir.file("cal.json") + "'",
      "validate" + observed,
      "run " + scenario, "check " + scenario, "sweep " + scenario + " --vary MaxWorkers=2,3",
      "recommend " + scenario + " --vary MaxWorkers=1..3:1", "report " + scenario + " --replications 2 -o " + dir.file("r.html"),
      "compare " + scenario + " " + scenario};
  for (const std::string& command : commands) {
    INFO(command);
    const auto tiny = cli_test::run(command + " --memory-limit 1KiB");
    CHECK(tiny.exit_code == 2);
    CHECK(contains(tiny.err, "needs about"));
    const auto bad = cli_test::run(command + " --memory-limit lots");
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "--memory-limit"));
    const auto ok = cli_test::run(command + " --memory-limit 2GiB");
    INFO(ok.err);
    CHECK(ok.exit_code <= 1);  // 1: recommend found nothing, or a target missed
  }
}

TEST_CASE("Ctrl-C stops run promptly with exit 130 and no output file", "[cli][limits]") {
  cli_test::TempDir dir;
  const std::string file = dir.file("endless.json");
  write(file, kEndless);
  for (int signal : {SIGINT, SIGTERM}) {
    INFO("signal " << signal);
    const std::string out = dir.file("out");
    std::filesystem::create_directories(out);
    const auto started = std::chrono::steady_clock::now();
    const int code = run_and_signal({"run", file, "--json", "--metrics", out + "/m.json", "--metrics-csv",
                                     out + "/m.csv", "--task-instances", out + "/ti.json", "--queries",
                                     out + "/q.json"},
                                    signal, 500ms, dir.file("log"));
    CHECK(code == 128 + signal);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    CHECK(files_in(out).empty());  // neither outputs nor their temp files
    CHECK(contains(cli_test::read_file(dir.file("log")), "interrupted"));
  }
}

TEST_CASE("a run still busy at its time limit exits 1 naming what is stuck", "[cli][limits]") {
  const auto o = cli_test::run("run " + cli_test::fixture("gate-stuck.json"));
  CHECK(o.exit_code == 1);
  INFO(o.err);
  CHECK(contains(o.err, "did not finish within the time limit (2m)"));
  CHECK(contains(o.err, "1 x task slow_dag.slow running: still running"));
}

TEST_CASE("a workload with no runs is refused by the loader with exit 2", "[cli][limits]") {
  cli_test::TempDir dir;
  const std::string file = dir.file("empty.json");
  write(file, R"({"name": "empty", "workload": {"dags": [{"dag_id": "d", "tasks": [{"task_id": "t", "duration": "1s"}]}]}})");
  const auto o = cli_test::run("run '" + file + "'");
  CHECK(o.exit_code == 2);
  CHECK(contains(o.err, "nothing would ever run"));
}

TEST_CASE("a file name that is not UTF-8 still gives valid JSON outputs", "[cli][limits]") {
  // Linux file names are bytes; "source" copies the name into the summary.
  // Once nlohmann's serializer threw on it after the run (exit 3).
  cli_test::TempDir dir;
  const std::string file = dir.file("caf\xE9.json");  // Latin-1 e-acute
  write(file, R"({"name": "latin1", "workload": {"dags": [{"dag_id": "d", "trigger_at": "0s",
    "tasks": [{"task_id": "t", "duration": "1s"}]}]}})");
  const std::string tis = dir.file("ti.json");
  const auto o = cli_test::run("run --json '" + file + "' --task-instances '" + tis + "'");
  INFO(o.err);
  CHECK(o.exit_code == 0);
  CHECK(contains(o.out, "caf\xEF\xBF\xBD.json"));  // U+FFFD in place of the byte
  CHECK(nlohmann::json::parse(o.out).is_object());
  CHECK_NOTHROW(nlohmann::json::parse(cli_test::read_file(tis)));
}

TEST_CASE("a --vary value that is not UTF-8 is refused with exit 2 before the sweep runs", "[cli][limits]") {
  const auto o = cli_test::run("sweep " + cli_test::fixture("gate-stuck.json") + " --json --vary \"$(printf 'Name=a\\377b')\"");
  CHECK(o.exit_code == 2);
  CHECK(contains(o.err, "not valid UTF-8"));
  CHECK(o.out.empty());
}

TEST_CASE("output paths are checked before the simulation, and a failed set writes nothing", "[cli][limits]") {
  cli_test::TempDir dir;
  const std::string scenario = dir.file("victim.json");
  const std::string original = cli_test::read_file(MWAA_SIM_TEST_DIR "/cli/fixtures/gate-pass.json");
  write(scenario, original);
  const std::string run = "run '" + scenario + "'";
  struct Case {
    std::string args, message;
  };
  std::filesystem::create_symlink(scenario, dir.file("link.json"));
  const std::vector<Case> cases = {
      {" --metrics '" + scenario + "'", "is the same file as the input"},
      {" --metrics '" + dir.file("link.json") + "'", "is the same file as the input"},  // through a symlink
      {" --metrics '" + dir.file("same.json") + "' --task-instances '" + dir.file("same.json") + "'",
       "is the same file as --metrics"},
      {" --metrics '" + dir.file("ok.json") + "' --task-instances '" + dir.file("nodir/ti.json") + "'",
       "does not exist"},
      {" --metrics '" + dir.file("ok.json") + "' --queries '" + dir.file("") + "'", "is a directory"},
      {" --metrics ''", "the path is empty"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const auto o = cli_test::run(run + c.args);
    CHECK(o.exit_code == 2);
    CHECK(contains(o.err, c.message));
    CHECK(o.out.empty());  // refused before the run: no summary
  }
  CHECK(cli_test::read_file(scenario) == original);
  CHECK_FALSE(std::filesystem::exists(dir.file("ok.json")));
  CHECK_FALSE(std::filesystem::exists(dir.file("same.json")));
  // Special files are written through and may repeat.
  CHECK(cli_test::run(run + " --metrics /dev/null --task-instances /dev/null").exit_code == 0);
}

TEST_CASE("a standard output that cannot be written is an error, not success", "[cli][limits]") {
  if (!std::filesystem::is_character_file("/dev/full")) return;
  cli_test::TempDir dir;
  const std::string err = dir.file("err");
  const int status = std::system((cli_test::kBinary + " run " + cli_test::fixture("gate-pass.json") +
                                  " --json > /dev/full 2> '" + err + "'").c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(contains(cli_test::read_file(err), "cannot write the standard output: No space left on device"));
}

TEST_CASE("a directory given as the scenario says so", "[cli][limits]") {
  cli_test::TempDir dir;
  const auto o = cli_test::run("run '" + dir.file("") + "'");
  CHECK(o.exit_code == 2);
  CHECK(contains(o.err, "is a directory, expected a JSON file"));
}

TEST_CASE("a signal ends a run that waits on a FIFO with no writer", "[cli][limits]") {
  // Loading keeps the default disposition: open() blocks there, and a
  // handler with SA_RESTART would restart it for ever.
  cli_test::TempDir dir;
  const std::string fifo = dir.file("scenario.json");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (int signal : {SIGINT, SIGTERM}) {
    INFO("signal " << signal);
    CHECK(run_and_signal({"run", fifo}, signal, 300ms, dir.file("log")) == -2);  // killed by it: not -1, hung
  }
}

TEST_CASE("a small file that expands to more tasks than memory holds is refused before expanding", "[cli][limits]") {
  cli_test::TempDir dir;
  // 1000 tasks x repeat 10^6 = 10^9 tasks, ~3 TB once loaded; the file is 60 KB.
  std::string tasks;
  for (int i = 0; i < 1000; ++i)
    tasks += std::string(i ? ", " : "") + R"({"task_id": "t)" + std::to_string(i) + R"(_{i}", "repeat": 1000000, "duration": "1s"})";
  const std::string repeat = dir.file("repeat.json");
  write(repeat, R"({"name": "r", "workload": {"dags": [{"dag_id": "d", "trigger_at": "0s", "tasks": [)" + tasks + "]}]}}");
  const std::string generator = dir.file("generator.json");
  write(generator, R"({"name": "g", "workload": {"generators": [{"kind": "elastic_dag", "dags_count": 1000000,
    "tasks_count": 1000000, "shape": "linear"}]}})");
  for (const auto& [file, what] : {std::pair{repeat, "loading 1000000000 tasks"}, std::pair{generator, "generating 1000000000000 tasks"}}) {
    INFO(file);
    const auto started = std::chrono::steady_clock::now();
    const auto o = cli_test::run("run '" + file + "'");
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    CHECK(o.exit_code == 2);
    CHECK(contains(o.err, what));
    CHECK(contains(o.err, "refused before allocating it"));
  }
  const auto imported = cli_test::run("import elastic-dag --dags-count 1000000 --tasks-count 1000000 --shape linear");
  CHECK(imported.exit_code == 2);
  CHECK(contains(imported.err, "generating 1000000000000 tasks"));
}

TEST_CASE("merge refuses an incomplete grid, and --partial merges it with the gaps on stderr", "[cli][limits]") {
  cli_test::TempDir dir;
  const std::string part = dir.file("part-0.json");
  REQUIRE(cli_test::run("sweep " + cli_test::fixture("gate-pass.json") +
                        " --vary MaxWorkers=2,3 --shard 0/2 --format json -o '" + part + "'")
              .exit_code == 0);
  const auto refused = cli_test::run("merge '" + part + "'");
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "1 of 2 grid points are in no shard: 1"));
  const auto partial = cli_test::run("merge --partial '" + part + "'");
  CHECK(partial.exit_code == 0);
  CHECK(contains(partial.err, "merge: warning: 1 of 2 grid points are in no shard: 1"));
  CHECK(contains(partial.out, "(1 of 2 grid points"));
}

#if defined(__SANITIZE_ADDRESS__)
#define MWAA_SIM_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MWAA_SIM_TEST_ASAN 1
#endif
#endif

TEST_CASE("a JSON file whose tree would not fit under ulimit -v is refused before parsing", "[cli][limits][memory]") {
#ifdef MWAA_SIM_TEST_ASAN
  WARN("skipped: AddressSanitizer reserves terabytes of address space, so ulimit -v cannot be used");
#else
  cli_test::TempDir dir;
  const std::string file = dir.file("objects.json");
  {
    // 4 million empty objects: a 12 MB file, about 600 MB as a tree.
    std::ofstream out(file);
    out << R"({"name": "x", "junk": [{})";
    for (int i = 1; i < 4'000'000; ++i) out << ",{}";
    out << "]}";
  }
  const std::string err = dir.file("err");
  const int status =
      std::system(("ulimit -v 400000; " + cli_test::kBinary + " run '" + file + "' 2> '" + err + "'").c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  const std::string message = cli_test::read_file(err);
  INFO(message);
  CHECK(contains(message, "parsing this file (about 4000003 JSON values)"));
  CHECK(contains(message, "refused before allocating it"));
  // /dev/zero: refused once the text read would not fit twice (text and
  // tree), long before the 2 GiB file cap.
  const int zero = std::system(("ulimit -v 400000; " + cli_test::kBinary + " run /dev/zero 2> '" + err + "'").c_str());
  CHECK(WIFEXITED(zero));
  CHECK(WEXITSTATUS(zero) == 2);
  CHECK(contains(cli_test::read_file(err), "/dev/zero: reading this file ("));
#endif
}
