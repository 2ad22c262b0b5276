// `--statistics FILE:Namespace:Metric[:Dim=Value,...]` specs and
// get-metric-statistics output: the input's first line is the spec, the rest
// the JSON document.
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/calibration/cloudwatch_input.hpp"
#include "models/scenario_loader_json.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_errors_only([&] {
    const std::string text = fuzz::text(data, size);
    const auto newline = text.find('\n');
    const std::string spec_text = text.substr(0, newline);
    const std::string body = newline == std::string::npos ? std::string() : text.substr(newline + 1);
    const auto spec = mwaa::calibration::parse_statistics_spec(spec_text);
    mwaa::calibration::parse_metric_statistics({spec.file, mwaa::input::parse_json_text(body, spec.file)}, spec);
  });
  return 0;
}
