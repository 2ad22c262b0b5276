// The memory check every simulating command makes before it runs: estimate
// (models/resource_estimate.hpp) against what the machine has, or against
// --memory-limit. A scenario that does not fit is refused with exit 2 and the
// estimate, before anything large is allocated.
#pragma once

#include <string>

#include <boost/program_options.hpp>

#include "models/scenario.hpp"

namespace mwaa::cli {

// Adds --memory-limit SIZE to a command's options.
void add_memory_limit_option(boost::program_options::options_description& options);

// `replications` and `threads` (0: all cores) give the simulations held at
// once; `export_tis`: the task-instance export is built. Throws InputError
// (exit 2) with the estimate when the scenario does not fit.
void refuse_if_too_big(const std::string& command, const boost::program_options::variables_map& vm,
                       const Scenario& scenario, int replications, int threads, bool export_tis);

}  // namespace mwaa::cli
