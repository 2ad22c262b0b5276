#include "models/calibration/comparison_setup.hpp"

namespace mwaa::calibration {

PreparedComparison prepare_comparison(Scenario scenario, const ObservedData& observed,
                                      const std::optional<TaskInstanceData>& task_instances,
                                      const ComparisonOptions& options) {
  PreparedComparison out;
  out.warnings = observed.warnings;
  out.plan = plan_comparison(scenario, observed, options.weights);
  for (const auto& w : out.plan.warnings) out.warnings.push_back(w);
  if (options.seed) scenario.seed = *options.seed;
  scenario.prepare();  // compile the DAGs once; every simulation's copy shares them
  out.seeds = replication_seeds(scenario.seed, options.replications);

  if (task_instances) {
    out.task_instances = estimate_from_task_instances(scenario, *task_instances);
    for (const auto& w : out.task_instances->warnings) out.warnings.push_back(w);
    if (out.task_instances->completion) {
      out.observed_completion = out.task_instances->completion;
      out.observed_completion_source = "task instances: last end_date";
    }
  }
  if (!out.observed_completion) {
    const MetricsCompletion m = completion_from_metrics(out.plan, scenario);
    // Nonzero up to the last period: the run ended in it or goes on past the
    // export; nothing tells which, so it is a warning, not an error.
    if (m.still_running)
      out.warnings.push_back(m.series_id +
                             " (RunningTasks) is nonzero up to the last exported period: the run may go "
                             "on past the export's end; export a window ending after the run");
    if (m.seconds) {
      out.observed_completion = m.seconds;
      out.observed_completion_source = "metrics: end of the last period with " + m.series_id + " > 0";
    }
  }
  // Checked before any simulation: a bad window fails fast.
  if (out.observed_completion)
    check_window(out.plan, scenario, *out.observed_completion, out.observed_completion_source);
  else
    check_window(out.plan, scenario, 0, "start only");
  out.at_start = simulate_plan(scenario, out.plan, out.seeds, options.threads);
  if (!out.observed_completion) {
    // Nothing observed tells when the run ended: the simulated end stands in.
    const double simulated_end = static_cast<double>(scenario.start_epoch_seconds) + out.at_start.completion_mean;
    if (simulated_end > static_cast<double>(out.plan.window_end))
      out.warnings.push_back(
          "no RunningTasks series or task instances tell when the observed run ended, and the "
          "simulated run (scenario parameters) ends after the export's window");
  }
  out.scenario = std::move(scenario);
  return out;
}

}  // namespace mwaa::calibration
