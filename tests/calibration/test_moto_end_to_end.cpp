// End to end with the real AWS CLI against a local CloudWatch (moto_server):
// a simulated run is pushed with `aws cloudwatch put-metric-data`, exported
// with tools/export-cloudwatch.sh (the real `get-metric-data`, the shipped
// queries file, NextToken handling) and read back by calibration. Skipped
// with a WARN when moto_server or aws is not on PATH.
//
// The server listens on 127.0.0.1 only, on a free port; it runs in its own
// process group, which the guard kills on every path out of the test, and
// every wait is bounded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <chrono>
#include <cmath>
#include <ctime>
#include <thread>

#include "calibration_fixtures.hpp"
#include "models/calibration/calibration.hpp"
#include "models/calibration/observed_inputs.hpp"
#include "models/calibration/validation.hpp"
#include "models/report/iso_time.hpp"
#include "models/simulation.hpp"

using namespace mwaa;
using namespace mwaa::calibration;
using namespace calib_test;

namespace {

constexpr auto kServerStartLimit = std::chrono::seconds(60);
constexpr int kCommandTimeoutSeconds = 120;  // each aws call, via coreutils timeout

bool on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string dirs = path;
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const auto colon = dirs.find(':', start);
    const std::string dir = dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return true;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return false;
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  const bool ok = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  if (fd >= 0) close(fd);
  return ok ? ntohs(a.sin_port) : -1;
}

// True when 127.0.0.1:port answers an HTTP request (with a 2 s socket timeout).
bool answers_http(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  timeval tv{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  if (ok) {
    const std::string request = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    ok = send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size());
    char buffer[5] = {};
    ok = ok && recv(fd, buffer, sizeof buffer, MSG_WAITALL) == 5 && std::string(buffer, 5) == "HTTP/";
  }
  close(fd);
  return ok;
}

// moto_server in its own process group; the destructor ends the group
// (SIGTERM, then SIGKILL after 5 s) and reaps it, whatever happened.
class MotoServer {
 public:
  MotoServer(int port, const std::string& log) {
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
      const std::string p = std::to_string(port);
      execlp("moto_server", "moto_server", "-H", "127.0.0.1", "-p", p.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    if (pid_ > 0) setpgid(pid_, pid_);  // also here: no race with the child's own call
  }
  ~MotoServer() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (waitpid(pid_, nullptr, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(-pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(-pid_, SIGKILL);  // anything of the group still left (e.g. a reloader child)
  }
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;
  bool started() const { return pid_ > 0; }
  bool running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

 private:
  pid_t pid_ = -1;
};

std::string aws_env(int port) {
  return "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 "
         "AWS_ENDPOINT_URL=http://127.0.0.1:" +
         std::to_string(port) + " ";
}

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// put-metric-data input for every series of a simulated run, as MWAA would
// have published it: one datapoint per period for gauges (so the period's
// statistic is the exported value), one CPUUtilization datapoint per running
// container for the worker counts (SampleCount = containers), nothing for a
// period without additional workers.
std::map<std::string, json> metric_data_by_namespace(const std::vector<MetricSeries>& series) {
  std::map<std::string, json> out;
  for (const auto& s : series) {
    json dims = json::array();
    for (const auto& d : s.dimensions) dims.push_back({{"Name", d.name}, {"Value", d.value}});
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      const bool count = s.stat == Statistic::SampleCount;
      const int copies = count ? static_cast<int>(std::lround(s.values[i])) : 1;
      for (int k = 0; k < copies; ++k)
        out[s.namespace_].push_back({{"MetricName", s.metric},
                                     {"Dimensions", dims},
                                     {"Timestamp", iso_utc_seconds(s.timestamps[i] + 1 + k)},
                                     {"Value", count ? 50.0 : s.values[i]},
                                     {"Unit", count ? "Percent" : "Count"}});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("end to end: put-metric-data, the real get-metric-data export, calibration", "[calibration][moto]") {
  if (!on_path("moto_server") || !on_path("aws") || !on_path("timeout")) {
    WARN("moto_server, aws or timeout is not on PATH: the end-to-end CloudWatch test is skipped");
    return;
  }
  ScratchDir dir;
  const int port = free_port();
  REQUIRE(port > 0);
  MotoServer server(port, dir.file("moto.log"));
  REQUIRE(server.started());
  const auto deadline = std::chrono::steady_clock::now() + kServerStartLimit;
  bool up = false;
  while (!up && server.running() && std::chrono::steady_clock::now() < deadline) {
    up = answers_http(port);
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  REQUIRE(up);

  // A run that started two days ago on the minute (CloudWatch accepts data up
  // to two weeks old), of the validation workload with the hidden parameters.
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  const std::int64_t start = (now - 2 * 86400) / 60 * 60;
  json doc = wave_scenario({{"0s", 20}, {"4m", 20}}, 3, "20s", 6, iso_utc_seconds(start), "calib-e2e");
  doc["model"] = hidden_model();
  const Scenario truth = load(doc);
  const std::uint64_t seed = 3;
  const std::vector<MetricSeries> series = cloudwatch_series(truth, simulate(truth, seed));

  for (const auto& [ns, data] : metric_data_by_namespace(series)) {
    const std::string file = dir.write("put-" + std::to_string(std::hash<std::string>{}(ns)) + ".json", data.dump());
    const int rc = run(aws_env(port) + "timeout " + std::to_string(kCommandTimeoutSeconds) +
                       " aws cloudwatch put-metric-data --namespace '" + ns + "' --metric-data 'file://" + file +
                       "' > '" + dir.file("put.log") + "' 2>&1");
    INFO("put-metric-data " << ns << ", see " << dir.file("put.log"));
    REQUIRE(rc == 0);
  }

  // The shipped export script: the real get-metric-data, paged by NextToken.
  const std::int64_t end = start + static_cast<std::int64_t>(series.front().timestamps.size() + 2) * 60;
  const std::string prefix = dir.file("export");
  const int rc =
      run(aws_env(port) + "OUTPUT_PREFIX='" + prefix + "' timeout " + std::to_string(kCommandTimeoutSeconds) +
          " bash '" + std::string(MWAA_SIM_SOURCE_DIR) + "/tools/export-cloudwatch.sh' calib-e2e " +
          iso_utc_seconds(start) + " " + iso_utc_seconds(end) + " us-east-1 > '" + dir.file("export.log") + "' 2>&1");
  INFO("export, see " << dir.file("export.log"));
  REQUIRE(rc == 0);
  std::vector<std::string> pages;
  for (int p = 1; std::filesystem::exists(prefix + "-page-" + std::to_string(p) + ".json"); ++p)
    pages.push_back(prefix + "-page-" + std::to_string(p) + ".json");
  REQUIRE_FALSE(pages.empty());
  const ObservedInputs inputs = read_observed_inputs({pages, prefix + "-queries.json", {}, {}});
  REQUIRE(inputs.metrics.series.size() == series.size());

  // Parse + compare: the same parameters and seed reproduce every exported
  // value exactly, so each series matches with no error at all.
  ComparisonOptions same;
  same.replications = 1;
  same.seed = seed;
  const ValidationResult v = validate_run(truth, inputs.metrics, std::nullopt, same);
  CHECK(v.prepared.plan.series.size() == series.size());
  CHECK(v.prepared.plan.environment == "calib-e2e");
  for (const auto& e : v.errors) {
    INFO("series " << e.id);
    CHECK(e.rmse == Approx(0).margin(1e-9));
    CHECK(e.periods > 0);
  }

  // Calibrate from the defaults on that export (a short search: this checks the
  // path, the recovery test checks the accuracy).
  CalibrationOptions options;
  options.fit = "startup_overhead,provisioning_delay";
  options.max_evaluations = 16;
  options.comparison.replications = 1;
  json defaults = doc;
  defaults.erase("model");
  const CalibrationResult r = calibrate(load(defaults), inputs.metrics, std::nullopt, options);
  CHECK(r.objective_after < r.objective_before);
  CHECK(r.evaluations <= 16);

  // The command itself, when this build has it.
  const std::string binary = std::string(MWAA_SIM_BINARY_DIR) + "/mwaa-sim";
  if (access(binary.c_str(), X_OK) != 0) {
    WARN(binary << " is not built: the command-line calibrate step is skipped");
    return;
  }
  const std::string scenario_file = dir.write("scenario.json", defaults);
  std::string command = "'" + binary + "' calibrate --scenario '" + scenario_file + "' --queries '" + prefix +
                        "-queries.json' --fit startup_overhead --max-evaluations 6 --replications 1 -o '" +
                        dir.file("calibrated.json") + "' --report '" + dir.file("fit.json") + "' --report-csv '" +
                        dir.file("fit.csv") + "'";
  for (const auto& p : pages) command += " --cloudwatch '" + p + "'";
  REQUIRE(run(command + " > '" + dir.file("calibrate.log") + "' 2>&1") == 0);
  const json block = json::parse(std::ifstream(dir.file("calibrated.json")));
  CHECK(block["model"].contains("task_startup_overhead"));
  CHECK(run("'" + binary + "' validate --scenario '" + scenario_file + "' --params '" + dir.file("calibrated.json") +
            "' --queries '" + prefix + "-queries.json' --cloudwatch '" + pages.front() + "' --replications 1 > '" +
            dir.file("validate.log") + "' 2>&1") == 0);
}
