#include "models/calibration/observed_inputs.hpp"

#include <cmath>

#include "models/errors.hpp"

namespace mwaa::calibration {

ObservedInputs read_observed_inputs(const ObservedInputFiles& files) {
  if (files.cloudwatch.empty() && files.statistics.empty())
    throw InputError("", "--cloudwatch",
                     "no metrics given: pass get-metric-data pages with --cloudwatch (and --queries), "
                     "or get-metric-statistics files with --statistics");
  if (!files.cloudwatch.empty() && files.queries.empty())
    throw InputError(
        "", "--queries",
        "--cloudwatch needs --queries: get-metric-data results carry only an Id, the queries file says what "
        "each series is (tools/cloudwatch-queries.json with your environment name, as "
        "tools/export-cloudwatch.sh uses it)");
  if (files.cloudwatch.empty() && !files.queries.empty())
    throw InputError("", "--queries", "--queries is given without any --cloudwatch page");
  ObservedInputs out;
  if (!files.cloudwatch.empty()) out.metrics = read_metric_data(files.cloudwatch, files.queries);
  for (const auto& text : files.statistics)
    append_observed(out.metrics, read_metric_statistics(parse_statistics_spec(text)));
  if (!files.task_instances.empty()) out.task_instances = read_task_instances(files.task_instances);
  return out;
}

std::map<std::string, double> parse_weights(const std::vector<std::string>& options) {
  std::map<std::string, double> out;
  for (const auto& text : options) {
    const auto eq = text.find('=');
    double w = -1;
    std::size_t used = 0;
    if (eq != std::string::npos && eq > 0) {
      try {
        w = std::stod(text.substr(eq + 1), &used);
      } catch (const std::exception&) {
        used = 0;
      }
    }
    if (eq == std::string::npos || eq == 0 || used == 0 || used != text.size() - eq - 1 || !std::isfinite(w) || w < 0)
      throw InputError("", "--weight",
                       "expected ID=W with W a number >= 0 (e.g. queue_queued_tasks=2), got \"" + text + "\"");
    out[text.substr(0, eq)] = w;
  }
  return out;
}

}  // namespace mwaa::calibration
