// The observed-run inputs `calibrate` and `validate` take, read in one place:
// get-metric-data pages with their queries, get-metric-statistics files with
// their specs, task-instance pages, and --weight ID=W options.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/calibration/cloudwatch_input.hpp"
#include "models/calibration/task_instance_input.hpp"

namespace mwaa::calibration {

struct ObservedInputFiles {
  std::vector<std::string> cloudwatch;      // get-metric-data pages
  std::string queries;                      // their MetricDataQueries ("" when none)
  std::vector<std::string> statistics;      // FILE:Namespace:Metric[:Dim=Val,...]
  std::vector<std::string> task_instances;  // REST API pages
};

struct ObservedInputs {
  ObservedData metrics;
  std::optional<TaskInstanceData> task_instances;
};

// Throws InputError: no metrics at all, --cloudwatch without --queries,
// --queries without --cloudwatch, plus whatever the readers reject.
ObservedInputs read_observed_inputs(const ObservedInputFiles& files);

// "id=w" options -> weights (w a finite number >= 0); InputError otherwise.
std::map<std::string, double> parse_weights(const std::vector<std::string>& options);

}  // namespace mwaa::calibration
