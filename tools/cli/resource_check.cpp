#include "tools/cli/resource_check.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "models/errors.hpp"
#include "models/resource_estimate.hpp"
#include "tools/cli/cli_support.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

void add_memory_limit_option(po::options_description& options) {
  options.add_options()("memory-limit", po::value<std::string>()->value_name("SIZE"),
                        "refuse to run when the estimated memory exceeds SIZE (e.g. 2GiB, 500MB; default: the "
                        "machine's MemAvailable; 'none' turns the check off)");
}

int held_at_once(int parallel, int threads) {
  const int cores = threads > 0 ? threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  return std::min(std::max(1, parallel), cores);
}

void refuse_if_too_big(const std::string& command, const po::variables_map& vm, const Scenario& scenario, int held,
                       bool export_tis) {
  double available = 0;
  std::string source = "available";
  if (vm.count("memory-limit")) {
    const std::string text = vm["memory-limit"].as<std::string>();
    if (text == "none") available = 1e300;  // still refuses past the 32-bit task-instance index
    else {
      try {
        available = parse_bytes(text);
      } catch (const std::invalid_argument& e) {
        throw UsageError(command, std::string("--memory-limit: ") + e.what());
      }
    }
    source = "allowed by --memory-limit";
  } else if (auto a = available_memory()) {
    available = *a;
  } else {
    available = 1e300;  // unknown: do not refuse on memory
  }
  const MemoryEstimate estimate = estimate_memory(scenario, std::max(1, held), export_tis);
  const std::string refusal = memory_refusal(estimate, available, source);
  if (!refusal.empty()) throw InputError(scenario.source_file, "", refusal);
}

}  // namespace mwaa::cli
