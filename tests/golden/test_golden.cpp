// Whole-scenario golden tests, SimGrid-style: each seed and teaching scenario
// plus its expected summary (tests/golden/expected/<name>.summary.json). A
// change in behaviour shows up as a diff here; when it is intended,
// regenerate with tools/update-golden.sh and review the diff in the commit.
// Also: same scenario + same seed = byte-identical summary, metrics and
// task-instance files.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "models/report/cloudwatch_export.hpp"
#include "models/report/summary.hpp"
#include "models/report/task_instance_export.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"

using namespace mwaa;

namespace {

Scenario load(const std::string& name) {
  Scenario s = load_scenario_file(std::string(MWAA_SIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
  s.source_file = "scenarios/" + name + ".json";  // goldens must not depend on the checkout's path
  return s;
}

std::string summary_text(const Scenario& s, const RunResult& r) { return summary_to_json(summarize(s, r)).dump(2) + "\n"; }

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

}  // namespace

TEST_CASE("golden summaries of the seed and teaching scenarios", "[golden]") {
  const bool update = std::getenv("MWAA_SIM_UPDATE_GOLDEN") != nullptr;
  for (const char* name : {"gradual-load-2600", "load-5k", "soak-3300", "one-dag", "chain", "fan-out"}) {
    INFO("scenario " << name);
    const Scenario s = load(name);
    const std::string actual = summary_text(s, simulate(s));
    const std::string path = std::string(MWAA_SIM_TEST_DIR) + "/golden/expected/" + name + ".summary.json";
    if (update) {
      std::ofstream(path, std::ios::binary) << actual;
      continue;
    }
    const std::string expected = read(path);
    REQUIRE_FALSE(expected.empty());
    CHECK(actual == expected);
  }
}

TEST_CASE("same scenario and seed give byte-identical outputs", "[golden][determinism]") {
  const Scenario s = load("gradual-load-2600");
  const RunResult a = simulate(s, 7), b = simulate(s, 7);
  CHECK(summary_text(s, a) == summary_text(s, b));
  CHECK(metric_data_json(cloudwatch_series(s, a)).dump() == metric_data_json(cloudwatch_series(s, b)).dump());
  CHECK(metric_data_csv(cloudwatch_series(s, a)) == metric_data_csv(cloudwatch_series(s, b)));
  CHECK(task_instances_json(s, a).dump() == task_instances_json(s, b).dump());
  const RunResult c = simulate(s, 8);
  CHECK(task_instances_json(s, a).dump() != task_instances_json(s, c).dump());  // the seed matters
}

TEST_CASE("engines are independent: interleaved runs equal separate runs", "[golden][determinism]") {
  const Scenario s = load("fan-out");
  const RunResult alone = simulate(s, 3);
  RunResult first = simulate(s, 4);
  const RunResult again = simulate(s, 3);
  CHECK(summary_text(s, alone) == summary_text(s, again));
  CHECK(summary_text(s, first) != summary_text(s, alone));
}
