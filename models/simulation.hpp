// One simulated run of a scenario: builds the environment (schedulers,
// executor, SQS broker, workers, autoscaler) on a fresh sim::Engine, replays
// the workload and returns what happened. Pure function of (scenario, seed):
// the same inputs give byte-identical results on any thread.
#pragma once

#include <cstdint>

#include "models/result.hpp"
#include "models/scenario.hpp"

namespace mwaa {

// Runs until every DAG run is final, or the scenario's time limit (then
// result.finished is false and result.stuck_report says what is stuck and why).
RunResult simulate(const Scenario& scenario, std::uint64_t seed);
inline RunResult simulate(const Scenario& scenario) { return simulate(scenario, scenario.seed); }

}  // namespace mwaa
