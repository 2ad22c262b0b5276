// `mwaa-sim calibrate`: fit model parameters so the simulated run matches a
// recorded one (CloudWatch export, optionally the Airflow task instances).
// The fitting lives in models/calibration (calibration.hpp); this file only
// wires options, progress and outputs. Outputs are written atomically and
// before the report is printed, so a bad path fails before "done" is shown.
#include <iostream>

#include "models/calibration/calibration.hpp"
#include "models/calibration/fit_report.hpp"
#include "models/calibration/model_block.hpp"
#include "models/calibration/observed_inputs.hpp"
#include "models/scenario_loader.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"
#include "tools/cli/resource_check.hpp"
#include "tools/cli/progress.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

constexpr int kMaxReplications = 1000;
constexpr int kMaxThreads = 1024;
constexpr int kMaxEvaluations = 100000;

po::options_description calibrate_options() {
  using Files = std::vector<std::string>;
  po::options_description o("Options");
  o.add_options()
      ("scenario", po::value<std::string>()->value_name("FILE"), "the scenario of the recorded run (also positional)")
      ("cloudwatch", po::value<Files>()->composing()->value_name("FILE"),
       "`aws cloudwatch get-metric-data` output; repeat for each NextToken page")
      ("queries", po::value<std::string>()->value_name("FILE"),
       "the --metric-data-queries JSON that produced the export (array or {\"MetricDataQueries\": [...]})")
      ("statistics", po::value<Files>()->composing()->value_name("SPEC"),
       "`aws cloudwatch get-metric-statistics` output as FILE:Namespace:Metric[:Dim=Value,...]; repeatable")
      ("task-instances", po::value<Files>()->composing()->value_name("FILE"),
       "Airflow REST API task-instance pages ({\"task_instances\": [...]}, v1 or v2); repeatable")
      ("fit", po::value<std::string>()->value_name("KEYS"),
       "parameters to fit, comma-separated model keys (mwaa-sim params) or aliases, e.g.\n"
       "startup_overhead,provisioning_delay")
      ("replications", po::value<std::string>()->value_name("R"),
       "replications averaged per candidate point (default 3)")
      ("seed", po::value<std::string>()->value_name("N"), "random seed of the replications (default: the scenario's)")
      ("threads", po::value<std::string>()->value_name("T"), "threads for the replications (default: all cores)")
      ("max-evaluations", po::value<std::string>()->value_name("N"),
       "candidate points to simulate at most (default 40 + 30 x parameters)")
      ("weight", po::value<Files>()->composing()->value_name("ID=W"),
       "weight of one series in the objective (default 1)")
      ("output,o", po::value<std::string>()->value_name("FILE"), "write the calibrated {\"model\": {...}} block here")
      ("report", po::value<std::string>()->value_name("FILE"), "write the fit report as JSON")
      ("report-csv", po::value<std::string>()->value_name("FILE"),
       "write observed and simulated values per series per period as CSV")
      ("json", po::bool_switch(), "print the fit report as JSON instead of text");
  add_memory_limit_option(o);
  o.add_options()("help,h", "show this help");
  return o;
}

std::vector<std::string> list_of(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? vm[key].as<std::vector<std::string>>() : std::vector<std::string>{};
}

}  // namespace

std::string calibrate_help() {
  return help_text(
      "mwaa-sim calibrate --scenario S --cloudwatch export.json [--cloudwatch page2.json] --queries q.json\n"
      "                   [--statistics FILE:Namespace:Metric[:Dim=Val,...]] [--task-instances ti.json]\n"
      "                   --fit KEY[,KEY...] [--replications R] [--seed N] [--max-evaluations N] [--weight ID=W]\n"
      "                   -o calibrated.json [--report fit.json] [--report-csv fit.csv] [--json]",
      "Fits model parameters so the simulated run matches a recorded one. Each fitted parameter is a factor\n"
      "on its start (the scenario's value, else the default) within 0.05x..20x, searched in log space by\n"
      "Nelder-Mead then Levenberg-Marquardt; every candidate is simulated R times with the same seeds.\n"
      "Objective: sum over compared series of the mean squared error per period, normalised by the series'\n"
      "scale (docs/calibration.md). Writes the calibrated \"model\" block (-o), the fit report (stdout,\n"
      "--report) with each parameter's value and approximate uncertainty and each series' RMSE/MAPE before\n"
      "and after, and the per-period CSV. Export with tools/export-cloudwatch.sh. A progress bar is shown\n"
      "on stderr when it is a terminal.\n"
      "Exit codes: 0 done; 2 bad input (unusable export, window not covering the run, unknown key); 3 internal.",
      calibrate_options());
}

int calibrate_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const po::variables_map vm = parse("calibrate", args, calibrate_options(), positional);
  if (!vm.count("scenario")) throw UsageError("calibrate", "missing --scenario FILE");
  if (!vm.count("fit"))
    throw UsageError("calibrate", "missing --fit KEYS (e.g. --fit startup_overhead,provisioning_delay)");
  if (!vm.count("output")) throw UsageError("calibrate", "missing -o FILE (where the calibrated model block goes)");
  check_output_paths("calibrate", vm, {"output", "report", "report-csv"}, {"scenario", "cloudwatch", "queries", "task-instances"});

  calibration::CalibrationOptions options;
  options.fit = vm["fit"].as<std::string>();
  if (vm.count("replications"))
    options.comparison.replications =
        parse_int_option("calibrate", "--replications", vm["replications"].as<std::string>(), 1, kMaxReplications);
  if (vm.count("threads"))
    options.comparison.threads =
        parse_int_option("calibrate", "--threads", vm["threads"].as<std::string>(), 1, kMaxThreads);
  if (vm.count("seed")) options.comparison.seed = parse_seed("calibrate", vm["seed"].as<std::string>());
  options.comparison.weights = calibration::parse_weights(list_of(vm, "weight"));

  const Scenario scenario = load_scenario_file(vm["scenario"].as<std::string>());
  refuse_if_too_big("calibrate", vm, scenario,
                    held_at_once(options.comparison.replications, options.comparison.threads), false);
  const std::size_t n = calibration::resolve_fit_parameters(options.fit, scenario.model).size();
  options.max_evaluations =
      vm.count("max-evaluations")
          ? parse_int_option("calibrate", "--max-evaluations", vm["max-evaluations"].as<std::string>(), 1,
                             kMaxEvaluations)
          : calibration::default_budget(n);
  const calibration::ObservedInputs inputs = calibration::read_observed_inputs(
      {list_of(vm, "cloudwatch"), vm.count("queries") ? vm["queries"].as<std::string>() : "", list_of(vm, "statistics"),
       list_of(vm, "task-instances")});

  calibration::CalibrationResult result;
  {
    ProgressBar bar(err, "calibration", options.max_evaluations, progress_enabled_for(err));
    options.progress = bar.callback();
    result = calibration::calibrate(scenario, inputs.metrics, inputs.task_instances, options);
  }  // the bar is cleared before anything is printed

  std::vector<calibration::FitParameter> fit;
  for (const auto& p : result.parameters) fit.push_back(p.param);
  const nlohmann::ordered_json report = calibration::fit_report_json(result);
  std::vector<std::pair<std::string, std::string>> files = {
      {vm["output"].as<std::string>(), json_text(calibration::model_block_json(result.fitted, fit))}};
  if (vm.count("report")) files.emplace_back(vm["report"].as<std::string>(), json_text(report));
  if (vm.count("report-csv")) files.emplace_back(vm["report-csv"].as<std::string>(), calibration::fit_report_csv(result));
  write_outputs("calibrate", files);
  if (vm["json"].as<bool>())
    out << json_text(report);
  else
    out << calibration::format_fit_text(result);
  out.flush();
  return kExitOk;
}

}  // namespace mwaa::cli
