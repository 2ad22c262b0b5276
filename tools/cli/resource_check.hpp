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

// Simulations in memory at once when `parallel` of them may run on `threads`
// threads (0: all cores): min(parallel, threads).
int held_at_once(int parallel, int threads);

// `held`: simulations in memory at once (held_at_once, or every replication
// when all results are kept); `export_tis`: the task-instance export is
// built. Throws InputError (exit 2) with the estimate when it does not fit.
void refuse_if_too_big(const std::string& command, const boost::program_options::variables_map& vm,
                       const Scenario& scenario, int held, bool export_tis);

}  // namespace mwaa::cli
