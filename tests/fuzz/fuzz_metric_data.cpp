// CloudWatch get-metric-data responses against their queries. The input is
// one or more pages separated by a line "%%PAGE%%"; a part after a line
// "%%QUERIES%%" replaces the queries file, so the fuzzer can vary both. By
// default the queries are tools/cloudwatch-queries.json, read once.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/calibration/cloudwatch_input.hpp"
#include "models/scenario_loader_json.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

const mwaa::calibration::NamedJson& default_queries() {
  static const mwaa::calibration::NamedJson queries{
      "cloudwatch-queries.json",
      mwaa::input::read_json_file(std::string(MWAA_SIM_SOURCE_DIR) + "/tools/cloudwatch-queries.json")};
  return queries;
}

// Splits `text` at each "\n<marker>\n".
std::vector<std::string> split(const std::string& text, const std::string& marker) {
  std::vector<std::string> parts;
  const std::string sep = "\n" + marker + "\n";
  std::size_t from = 0;
  for (std::size_t at; (at = text.find(sep, from)) != std::string::npos; from = at + sep.size())
    parts.push_back(text.substr(from, at - from));
  parts.push_back(text.substr(from));
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using mwaa::calibration::NamedJson;
  const NamedJson& defaults = default_queries();  // outside the guard: a broken file is the harness's fault
  fuzz::expect_input_errors_only([&] {
    std::string text = fuzz::text(data, size);
    NamedJson queries = defaults;
    if (const auto at = text.find("\n%%QUERIES%%\n"); at != std::string::npos) {
      queries = {"queries.json", mwaa::input::parse_json_text(text.substr(at + 13), "queries.json")};
      text.resize(at);
    }
    std::vector<NamedJson> pages;
    for (const std::string& part : split(text, "%%PAGE%%")) {
      const std::string name = "page-" + std::to_string(pages.size()) + ".json";
      pages.push_back({name, mwaa::input::parse_json_text(part, name)});
    }
    mwaa::calibration::parse_metric_data(pages, queries);
  });
  return 0;
}
