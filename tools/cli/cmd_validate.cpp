// `mwaa-sim validate`: the calibration's comparison on a recorded run that
// was not used for fitting, with calibrated parameters laid over the
// scenario. Report only: exit 0, or 1 when the mean MAPE exceeds --max-mape.
#include <cmath>
#include <iostream>

#include "models/calibration/model_block.hpp"
#include "models/calibration/observed_inputs.hpp"
#include "models/calibration/validation.hpp"
#include "models/scenario_loader.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"
#include "tools/cli/resource_check.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

constexpr int kExitMapeExceeded = 1;
constexpr int kMaxReplications = 1000;
constexpr int kMaxThreads = 1024;

po::options_description validate_options() {
  using Files = std::vector<std::string>;
  po::options_description o("Options");
  o.add_options()
      ("scenario", po::value<std::string>()->value_name("FILE"), "the scenario of the recorded run (also positional)")
      ("params", po::value<std::string>()->value_name("FILE"),
       "calibrated {\"model\": {...}} block (mwaa-sim calibrate -o), laid over the scenario's model block")
      ("cloudwatch", po::value<Files>()->composing()->value_name("FILE"),
       "`aws cloudwatch get-metric-data` output; repeat for each NextToken page")
      ("queries", po::value<std::string>()->value_name("FILE"),
       "the --metric-data-queries JSON that produced the export")
      ("statistics", po::value<Files>()->composing()->value_name("SPEC"),
       "`aws cloudwatch get-metric-statistics` output as FILE:Namespace:Metric[:Dim=Value,...]; repeatable")
      ("task-instances", po::value<Files>()->composing()->value_name("FILE"), "Airflow REST API task-instance pages")
      ("replications", po::value<std::string>()->value_name("R"), "replications averaged (default 3)")
      ("seed", po::value<std::string>()->value_name("N"), "random seed of the replications (default: the scenario's)")
      ("threads", po::value<std::string>()->value_name("T"), "threads for the replications (default: all cores)")
      ("weight", po::value<Files>()->composing()->value_name("ID=W"),
       "weight of one series in the objective (default 1)")
      ("max-mape", po::value<std::string>()->value_name("PERCENT"),
       "exit 1 when the mean MAPE over the series exceeds this (e.g. 25)")
      ("report", po::value<std::string>()->value_name("FILE"), "write the validation report as JSON")
      ("report-csv", po::value<std::string>()->value_name("FILE"),
       "write observed and simulated values per series per period as CSV")
      ("json", po::bool_switch(), "print the report as JSON instead of text");
  add_memory_limit_option(o);
  o.add_options()("help,h", "show this help");
  return o;
}

std::vector<std::string> list_of(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? vm[key].as<std::vector<std::string>>() : std::vector<std::string>{};
}

double parse_percent(const std::string& text) {
  double v = 0;
  std::size_t used = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(v) || v < 0)
    throw UsageError("validate", "--max-mape expects a percentage >= 0 such as 25, got '" + text + "'");
  return v;
}

}  // namespace

std::string validate_help() {
  return help_text(
      "mwaa-sim validate --scenario S --params calibrated.json --cloudwatch other-run.json --queries q.json\n"
      "                  [--statistics SPEC] [--task-instances ti.json] [--replications R] [--seed N]\n"
      "                  [--max-mape PERCENT] [--report FILE] [--report-csv FILE] [--json]",
      "Compares the scenario, with the calibrated parameters laid over its model block, against a recorded\n"
      "run that was not used for fitting: per series RMSE and MAPE (over periods with a nonzero\n"
      "observation), their mean MAPE, and the completion time (docs/calibration.md). Report only.\n"
      "Exit codes: 0 done (and within --max-mape); 1 the mean MAPE exceeds --max-mape (or no series has a nonzero\n"
      "observation to compute it from); 2 bad input; 3 internal.",
      validate_options());
}

int validate_main(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const po::variables_map vm = parse("validate", args, validate_options(), positional);
  if (!vm.count("scenario")) throw UsageError("validate", "missing --scenario FILE");
  calibration::ComparisonOptions options;
  if (vm.count("replications"))
    options.replications =
        parse_int_option("validate", "--replications", vm["replications"].as<std::string>(), 1, kMaxReplications);
  if (vm.count("threads"))
    options.threads = parse_int_option("validate", "--threads", vm["threads"].as<std::string>(), 1, kMaxThreads);
  if (vm.count("seed")) options.seed = parse_seed("validate", vm["seed"].as<std::string>());
  options.weights = calibration::parse_weights(list_of(vm, "weight"));
  std::optional<double> max_mape;
  if (vm.count("max-mape")) max_mape = parse_percent(vm["max-mape"].as<std::string>());

  check_output_paths("validate", vm, {"report", "report-csv"}, {"scenario", "params", "cloudwatch", "queries", "task-instances"});
  const std::string scenario_file = vm["scenario"].as<std::string>();
  const Scenario scenario = vm.count("params")
                                ? calibration::load_scenario_with_params(scenario_file, vm["params"].as<std::string>())
                                : load_scenario_file(scenario_file);
  refuse_if_too_big("validate", vm, scenario, held_at_once(options.replications, options.threads), false);
  const calibration::ObservedInputs inputs = calibration::read_observed_inputs(
      {list_of(vm, "cloudwatch"), vm.count("queries") ? vm["queries"].as<std::string>() : "", list_of(vm, "statistics"),
       list_of(vm, "task-instances")});
  const calibration::ValidationResult result =
      calibration::validate_run(scenario, inputs.metrics, inputs.task_instances, options);

  const nlohmann::ordered_json report = calibration::validation_report_json(result, max_mape);
  std::vector<std::pair<std::string, std::string>> files;
  if (vm.count("report")) files.emplace_back(vm["report"].as<std::string>(), json_text(report));
  if (vm.count("report-csv")) files.emplace_back(vm["report-csv"].as<std::string>(), calibration::validation_csv(result));
  write_outputs("validate", files);
  if (vm["json"].as<bool>())
    out << json_text(report);
  else
    out << calibration::format_validation_text(result, max_mape);
  out.flush();
  const bool exceeded = max_mape && (!result.mean_mape || *result.mean_mape > *max_mape);
  return exceeded ? kExitMapeExceeded : kExitOk;
}

}  // namespace mwaa::cli
