// Pieces of build_airflow_scenario() with one job each, internal to the
// airflow importer: a task's duration distribution from its recorded
// durations, and a run's arrival (creation) time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/import/airflow_rest.hpp"

namespace mwaa::imports::build {

// Replay: {"empirical": [...]} of the samples (a constant when they are all
// equal). Fitted: {"lognormal": {"median", "p95"}} from 5 samples on,
// otherwise the empirical. Never called with no samples.
OJson duration_json(const std::vector<double>& samples, DurationMode mode);

// When a run was created: queued_at (2.1+ DB column, in v2 responses);
// else, for a manual run, its logical date (Airflow 2 sets it to the trigger
// time) when not after its start; else its start_date (at or after creation).
struct Arrival {
  std::int64_t at = 0;  // epoch microseconds
  const char* source = "";
};
std::optional<Arrival> arrival_of(const AirflowRun& run);

}  // namespace mwaa::imports::build
