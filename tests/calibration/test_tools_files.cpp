// The shipped tools/cloudwatch-queries.json is exactly what the exporter's
// metric_data_queries writes for an environment named ENV_NAME, and
// tools/export-cloudwatch.sh is valid bash.
#include <sys/wait.h>

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

TEST_CASE("tools/export-cloudwatch.sh follows NextToken, one file per page", "[calibration][tools]") {
  // A stand-in `aws` first on PATH: it logs its arguments and answers page 1
  // with a NextToken, page 2 (asked for with --next-token) without one.
  ScratchDir dir;
  const std::string log = dir.file("aws-args.log");
  std::filesystem::create_directories(dir.file("bin"));
  dir.write("bin/aws",
            "#!/usr/bin/env bash\n"
            "echo \"$*\" >> '" +
                log +
                "'\n"
                "for a in \"$@\"; do [ \"$a\" = tok-2 ] && page=2; done\n"
                "if [ \"${page:-1}\" = 1 ]; then\n"
                "  printf '{\\n    \"MetricDataResults\": [],\\n    \"NextToken\": \"tok-2\",\\n    \"Messages\": "
                "[]\\n}\\n'\n"
                "else\n"
                "  printf '{\\n    \"MetricDataResults\": [],\\n    \"Messages\": []\\n}\\n'\n"
                "fi\n");
  std::filesystem::permissions(dir.file("bin/aws"), std::filesystem::perms::owner_all);
  const std::string prefix = dir.file("out");
  const std::string command = "PATH='" + dir.file("bin") + "':\"$PATH\" OUTPUT_PREFIX='" + prefix + "' bash '" +
                              tools_file("export-cloudwatch.sh") +
                              "' my-env 2025-05-01T10:00:00Z 2025-05-01T11:00:00Z us-east-2 > '" + dir.file("stdout") +
                              "' 2> '" + dir.file("stderr") + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(std::filesystem::exists(prefix + "-page-1.json"));
  CHECK(std::filesystem::exists(prefix + "-page-2.json"));
  CHECK_FALSE(std::filesystem::exists(prefix + "-page-3.json"));

  std::ifstream in(log);
  std::string first, second, extra;
  std::getline(in, first);
  std::getline(in, second);
  CHECK_FALSE(std::getline(in, extra));
  for (const auto& call : {first, second}) {
    CHECK(contains(call, "cloudwatch get-metric-data"));
    CHECK(contains(call, "--metric-data-queries file://" + prefix + "-queries.json"));
    CHECK(contains(call, "--start-time 2025-05-01T10:00:00Z --end-time 2025-05-01T11:00:00Z"));
    CHECK(contains(call, "--scan-by TimestampAscending"));
    CHECK(contains(call, "--region us-east-2"));
  }
  CHECK(contains(first, "--no-paginate"));
  CHECK(contains(second, "--next-token tok-2"));

  // The queries carry the environment name and nothing else changed.
  std::ifstream q(prefix + "-queries.json");
  std::stringstream queries;
  queries << q.rdbuf();
  CHECK_FALSE(contains(queries.str(), "ENV_NAME"));
  CHECK(contains(queries.str(), "\"my-env\""));
  std::ifstream out(dir.file("stdout"));
  std::stringstream printed;
  printed << out.rdbuf();
  CHECK(contains(printed.str(), "--cloudwatch " + prefix + "-page-2.json"));

  // A name that is no MWAA environment name is refused before any call.
  const std::string bad = "PATH='" + dir.file("bin") + "':\"$PATH\" bash '" + tools_file("export-cloudwatch.sh") +
                          "' 'bad name' a b > /dev/null 2>&1";
  CHECK(WEXITSTATUS(std::system(bad.c_str())) == 2);
}
