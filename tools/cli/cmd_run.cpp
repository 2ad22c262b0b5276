// `mwaa-sim run SCENARIO`: load, simulate, summarize, and write the
// CloudWatch / task-instance exports. Every output file is written atomically;
// outputs are written before the summary is printed, so a bad output path
// fails the command before anything is reported as done.
#include <cctype>
#include <iostream>
#include <stdexcept>

#include "models/report/atomic_write.hpp"
#include "models/report/cloudwatch_export.hpp"
#include "models/report/summary.hpp"
#include "models/report/task_instance_export.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

po::options_description run_options() {
  po::options_description o("Options");
  o.add_options()
      ("seed", po::value<std::string>()->value_name("N"), "random seed (default: the scenario's seed)")
      ("json", po::bool_switch(), "print the summary as JSON instead of text")
      ("metrics", po::value<std::string>()->value_name("FILE"),
       "write CloudWatch metrics as `aws cloudwatch get-metric-data` JSON")
      ("metrics-csv", po::value<std::string>()->value_name("FILE"), "write the same metrics as CSV (one row per period)")
      ("metrics-stat", po::value<std::string>()->value_name("STAT")->default_value("Maximum"),
       "statistic of the queued/running/pool series: Maximum, Minimum, Average, Sum or SampleCount")
      ("task-instances", po::value<std::string>()->value_name("FILE"),
       "write every task-instance try as the Airflow REST API lists them")
      ("queries", po::value<std::string>()->value_name("FILE"),
       "write the MetricDataQueries that fetch the same series from real CloudWatch")
      ("help,h", "show this help");
  return o;
}

po::options_description hidden_options() {
  po::options_description o;
  o.add_options()("scenario", po::value<std::string>());
  return o;
}

std::uint64_t parse_seed(const std::string& text) {
  // Parsed by hand: Program_options would read "-1" as 2^64 - 1.
  bool digits = !text.empty();
  for (char c : text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits) throw UsageError("run", "--seed expects a non-negative integer, got '" + text + "'");
  try {
    return std::stoull(text);
  } catch (const std::out_of_range&) {
    throw UsageError("run", "--seed is out of range (at most 18446744073709551615): '" + text + "'");
  }
}

Statistic parse_stat(const std::string& text) {
  if (auto s = parse_statistic(text)) return *s;
  // Accept any letter case ("maximum"), the one spelling mistake worth forgiving.
  for (const auto& name : statistic_names()) {
    if (name.size() != text.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size(); ++i)
      same = same && std::tolower(static_cast<unsigned char>(name[i])) == std::tolower(static_cast<unsigned char>(text[i]));
    if (same) return *parse_statistic(name);
  }
  throw UsageError("run", "--metrics-stat: unknown statistic '" + text + "'" + did_you_mean(text, statistic_names()) +
                              "; expected Maximum, Minimum, Average, Sum or SampleCount");
}

void write_output(const std::string& path, const std::string& content) {
  try {
    write_file_atomically(path, content);
  } catch (const std::runtime_error& e) {
    throw UsageError("run", e.what());
  }
}

}  // namespace

std::string run_help() {
  po::options_description all;
  all.add(run_options());
  return help_text("mwaa-sim run SCENARIO [options]",
                   "Simulates SCENARIO (a JSON scenario file) and prints a summary: completion time against the\n"
                   "target, wave starts, DAG-run durations, peaks, task waits, pools, failures, and what held the\n"
                   "work back. Exit code 1 when the run does not finish within the scenario's time limit.",
                   all);
}

int run_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description all;
  all.add(run_options()).add(hidden_options());
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const po::variables_map vm = parse("run", args, all, positional);
  if (!vm.count("scenario")) throw UsageError("run", "missing the SCENARIO file");
  const Statistic stat = parse_stat(vm["metrics-stat"].as<std::string>());

  Scenario scenario = load_scenario_file(vm["scenario"].as<std::string>());
  if (vm.count("seed")) scenario.seed = parse_seed(vm["seed"].as<std::string>());
  const RunResult result = simulate(scenario, scenario.seed);

  const MetricsOptions metrics_options{stat};
  if (vm.count("metrics") || vm.count("metrics-csv")) {
    const auto series = cloudwatch_series(scenario, result, metrics_options);
    if (vm.count("metrics")) write_output(vm["metrics"].as<std::string>(), metric_data_json(series).dump(2) + "\n");
    if (vm.count("metrics-csv")) write_output(vm["metrics-csv"].as<std::string>(), metric_data_csv(series));
  }
  if (vm.count("queries"))
    write_output(vm["queries"].as<std::string>(), metric_data_queries(scenario, metrics_options).dump(2) + "\n");
  if (vm.count("task-instances"))
    write_output(vm["task-instances"].as<std::string>(), task_instances_json(scenario, result).dump(2) + "\n");

  const Summary summary = summarize(scenario, result);
  if (vm["json"].as<bool>())
    out << summary_to_json(summary).dump(2) << "\n";
  else
    out << format_summary_text(summary);
  out.flush();

  if (!result.finished) {
    err << "mwaa-sim run: the run did not finish within the time limit ("
        << sim::format_duration(scenario.time_limit) << ").\n"
        << (result.stuck_report.empty() ? std::string("(no stuck report)") : result.stuck_report) << "\n";
    return kExitNotFinished;
  }
  return kExitOk;
}

}  // namespace mwaa::cli
