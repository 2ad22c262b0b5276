// `mwaa-sim import wfcommons`: a WfFormat instance (1.3 to 1.6 shapes) -> a
// scenario, then the produced scenario loaded and compiled as the CLI does.
#include <cstddef>
#include <cstdint>

#include "models/import/wfcommons.hpp"
#include "models/scenario_loader_json.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace im = mwaa::imports;
  fuzz::expect_input_errors_only([&] {
    const auto doc = mwaa::input::parse_json_text(fuzz::text(data, size), "wf.json");
    const im::ImportResult result = im::import_wfcommons(doc, "wf.json", {});
    im::check_scenario(result.scenario, "imported.json").prepare();
  });
  return 0;
}
