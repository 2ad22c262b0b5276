// The shipped tools/cloudwatch-queries.json is exactly what the exporter's
// metric_data_queries writes for an environment named ENV_NAME, and
// tools/export-cloudwatch.sh is valid bash.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "calibration_fixtures.hpp"
#include "models/calibration/cloudwatch_input.hpp"

using namespace mwaa;
using namespace calib_test;

namespace {

std::string tools_file(const std::string& name) { return std::string(MWAA_SIM_SOURCE_DIR) + "/tools/" + name; }

// The scenario the queries file is generated from (docs/calibration.md says
// how to regenerate it): environment ENV_NAME, only default_pool.
json queries_scenario() {
  return json::parse(R"({"environment": {"Name": "ENV_NAME"},
    "workload": {"dags": [{"dag_id": "d", "trigger_at": ["0s"], "tasks": [{"task_id": "t", "duration": "1s"}]}]}})");
}

}  // namespace

TEST_CASE("tools/cloudwatch-queries.json matches metric_data_queries exactly", "[calibration][tools]") {
  std::ifstream in(tools_file("cloudwatch-queries.json"));
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string expected = metric_data_queries(load(queries_scenario())).dump(2) + "\n";
  INFO("regenerate: see docs/calibration.md, \"The queries file\"");
  CHECK(text.str() == expected);
  // ... and reads as the queries of every series the model predicts.
  std::vector<std::string> warnings;
  const auto defs = calibration::parse_metric_data_queries({"q", json::parse(text.str())}, warnings);
  CHECK(defs.size() == metric_series_definitions(load(queries_scenario())).size());
  CHECK(warnings.empty());
}

TEST_CASE("tools/export-cloudwatch.sh passes bash -n", "[calibration][tools]") {
  const std::string command = "bash -n '" + tools_file("export-cloudwatch.sh") + "'";
  CHECK(std::system(command.c_str()) == 0);
  const std::string bench = "bash -n '" + tools_file("bench-calibrate.sh") + "'";
  CHECK(std::system(bench.c_str()) == 0);
}
