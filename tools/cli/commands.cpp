#include "tools/cli/commands.hpp"

namespace mwaa::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"run", "simulate a scenario and report (summary, CloudWatch metrics, task instances)", run_help, run_main},
      {"check", "gate a change in CI: judge a scenario against its targets (exit 0 met, 1 missed)", check_help, check_main},
      {"sweep", "what-if grid: completion, peaks, cost and pass/fail per configuration", sweep_help, sweep_main},
      {"recommend", "the cheapest configuration in a search space that meets every target", recommend_help,
       recommend_main},
      {"report", "a self-contained HTML report with charts (scenario or sweep)", report_help, report_main},
      {"compare", "two scenarios side by side, differences marked", compare_help, compare_main},
      {"merge", "join the shards of a sweep run as an array job", merge_help, merge_main},
      {"calibrate", "fit model parameters to a recorded run (CloudWatch export, task instances)", calibrate_help,
       calibrate_main},
      {"validate", "compare calibrated parameters with a recorded run not used for fitting", validate_help,
       validate_main},
      {"params", "list the model parameters with their defaults and sources", params_help, params_main},
      {"classes", "list the MWAA environment classes", classes_help, classes_main},
      {"import", "turn Airflow recordings, elastic_dag benchmarks or WfCommons instances into a scenario", import_help,
       import_main},
  };
  return list;
}

const Command* find_command(const std::string& name) {
  for (const auto& c : commands())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace mwaa::cli
