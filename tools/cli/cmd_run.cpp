// `mwaa-sim run SCENARIO`: load, simulate, summarize, and write the
// CloudWatch / task-instance exports. Every output file is written atomically;
// outputs are written before the summary is printed, so a bad output path
// fails the command before anything is reported as done. All outputs are
// built in memory first and written only if no Ctrl-C / SIGTERM arrived
// (tools/cli/interrupt.hpp): an interrupted run leaves no output file.
//
// With --replications N > 1 the scenario runs N times (models/planning): the
// summary gives distributions over the replications, --metrics / --metrics-csv
// the mean series with P5 / P95 bands, --task-instances replication 0's tries.
#include <cctype>
#include <iostream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "models/planning/metric_bands.hpp"
#include "models/planning/replications.hpp"
#include "models/report/cloudwatch_export.hpp"
#include "models/report/summary.hpp"
#include "models/report/task_instance_export.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"
#include "tools/cli/interrupt.hpp"
#include "tools/cli/progress.hpp"
#include "tools/cli/resource_check.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

constexpr int kMaxReplications = 1'000'000;
constexpr int kMaxThreads = 1024;

po::options_description run_options() {
  po::options_description o("Options");
  o.add_options()
      ("seed", po::value<std::string>()->value_name("N"), "random seed (default: the scenario's seed)")
      ("replications", po::value<std::string>()->value_name("N"),
       "run N independent replications (seeds derived from the seed; replication 0 = the plain run) and report "
       "percentiles with 95% confidence intervals (default 1)")
      ("threads", po::value<std::string>()->value_name("T"),
       "threads for the replications (default: all cores); the output is the same for any T")
      ("json", po::bool_switch(), "print the summary as JSON instead of text")
      ("metrics", po::value<std::string>()->value_name("FILE"),
       "write CloudWatch metrics as `aws cloudwatch get-metric-data` JSON (with replications: the mean series "
       "plus <Id>_p5 / <Id>_p95 bands)")
      ("metrics-csv", po::value<std::string>()->value_name("FILE"), "write the same metrics as CSV (one row per period)")
      ("metrics-stat", po::value<std::string>()->value_name("STAT")->default_value("Maximum"),
       "statistic of the queued/running/pool series: Maximum, Minimum, Average, Sum or SampleCount")
      ("task-instances", po::value<std::string>()->value_name("FILE"),
       "write every task-instance try as the Airflow REST API lists them (with replications: replication 0's)")
      ("queries", po::value<std::string>()->value_name("FILE"),
       "write the MetricDataQueries that fetch the same series from real CloudWatch");
  add_memory_limit_option(o);
  o.add_options()("help,h", "show this help");
  return o;
}

po::options_description hidden_options() {
  po::options_description o;
  o.add_options()("scenario", po::value<std::string>());
  return o;
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

// Output files (path, content), written together once the run is complete.
using Outputs = std::vector<std::pair<std::string, std::string>>;

void add_metrics(const po::variables_map& vm, const std::vector<MetricSeries>& series, Outputs& outputs) {
  if (vm.count("metrics")) outputs.emplace_back(vm["metrics"].as<std::string>(), json_text(metric_data_json(series)));
  if (vm.count("metrics-csv")) outputs.emplace_back(vm["metrics-csv"].as<std::string>(), metric_data_csv(series));
}

void write_run_outputs(const InterruptGuard& guard, const Outputs& outputs) {
  guard.throw_if_interrupted();
  write_outputs("run", outputs);
}

bool wants_metrics(const po::variables_map& vm) { return vm.count("metrics") || vm.count("metrics-csv"); }

int run_once(const po::variables_map& vm, const Scenario& scenario, const MetricsOptions& metrics_options,
             const InterruptGuard& guard, Outputs outputs, std::ostream& out, std::ostream& err) {
  const RunResult result = simulate(scenario, scenario.seed);
  if (wants_metrics(vm)) add_metrics(vm, cloudwatch_series(scenario, result, metrics_options), outputs);
  if (vm.count("task-instances"))
    outputs.emplace_back(vm["task-instances"].as<std::string>(), json_text(task_instances_json(scenario, result)));
  write_run_outputs(guard, outputs);

  const Summary summary = summarize(scenario, result);
  if (vm["json"].as<bool>())
    out << json_text(summary_to_json(summary));
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

int run_replicated(const po::variables_map& vm, const Scenario& scenario, const MetricsOptions& metrics_options,
                   int replications, int threads, const InterruptGuard& guard, Outputs outputs, std::ostream& out,
                   std::ostream& err) {
  // Each replication keeps only what the outputs need, in its own slot (so the
  // worker threads never share one): its CloudWatch series, and replication
  // 0's task instances.
  std::vector<std::vector<MetricSeries>> series(wants_metrics(vm) ? static_cast<std::size_t>(replications) : 0);
  const bool want_tis = vm.count("task-instances") > 0;
  std::string task_instances;
  ReplicationOptions options;
  options.replications = replications;
  options.threads = threads;
  options.on_result = [&](int i, const RunResult& r) {
    if (!series.empty()) series[static_cast<std::size_t>(i)] = cloudwatch_series(scenario, r, metrics_options);
    if (i == 0 && want_tis) task_instances = json_text(task_instances_json(scenario, r));
  };
  Replications reps;
  {
    ProgressBar bar(err, "replications", replications, progress_enabled_for(err));
    options.progress = bar.callback();
    reps = run_replications(scenario, options);
  }  // the bar is cleared here, before anything else is printed

  if (!series.empty()) add_metrics(vm, banded_series(series), outputs);
  if (want_tis) outputs.emplace_back(vm["task-instances"].as<std::string>(), std::move(task_instances));
  write_run_outputs(guard, outputs);

  const ReplicationSummary summary = summarize_replications(scenario, reps);
  if (vm["json"].as<bool>())
    out << json_text(replication_summary_to_json(summary));
  else
    out << format_replication_summary(summary);
  out.flush();

  if (!summary.unfinished.empty()) {
    const int first = summary.unfinished.front();
    err << "mwaa-sim run: " << summary.unfinished.size() << " of " << replications
        << " replications did not finish within the time limit (" << sim::format_duration(scenario.time_limit)
        << "). Replication " << first << " (seed " << reps.seeds[static_cast<std::size_t>(first)] << "):\n";
    const std::string& report = reps.summaries[static_cast<std::size_t>(first)].stuck_report;
    err << (report.empty() ? std::string("(no stuck report)") : report) << "\n";
    return kExitNotFinished;
  }
  return kExitOk;
}

}  // namespace

std::string run_help() {
  po::options_description all;
  all.add(run_options());
  return help_text("mwaa-sim run SCENARIO [options]",
                   "Simulates SCENARIO (a JSON scenario file) and prints a summary: completion time against the\n"
                   "target, wave starts, DAG-run durations, peaks, task waits, pools, failures, and what held the\n"
                   "work back. With --replications N, runs it N times and prints completion time, peaks and waits\n"
                   "as P50/P90/P95/P99 with 95% confidence intervals, and the share of replications that met each\n"
                   "target. A progress bar is shown on stderr when it is a terminal.\n"
                   "Exit codes: 1 when a run does not finish within the scenario's time limit (its stuck report\n"
                   "goes to stderr); 2 bad input, or a scenario estimated not to fit in memory (--memory-limit);\n"
                   "130 interrupted by Ctrl-C (143 by SIGTERM): no output file is written.",
                   all);
}

int run_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description all;
  all.add(run_options()).add(hidden_options());
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const po::variables_map vm = parse("run", args, all, positional);
  if (!vm.count("scenario")) throw UsageError("run", "missing the SCENARIO file");
  check_output_paths("run", vm, {"metrics", "metrics-csv", "task-instances", "queries"}, {"scenario"});
  const Statistic stat = parse_stat(vm["metrics-stat"].as<std::string>());
  const int replications =
      vm.count("replications") ? parse_int_option("run", "--replications", vm["replications"].as<std::string>(), 1, kMaxReplications) : 1;
  const int threads =
      vm.count("threads") ? parse_int_option("run", "--threads", vm["threads"].as<std::string>(), 1, kMaxThreads) : 0;

  // Loading keeps the default disposition: a signal ends the process at once,
  // even while open() waits on a FIFO that has no writer (nothing is written yet).
  Scenario scenario = load_scenario_file(vm["scenario"].as<std::string>());
  const InterruptGuard guard;  // from here Ctrl-C ends the command with 130, leaving no output file
  if (vm.count("seed")) scenario.seed = parse_seed("run", vm["seed"].as<std::string>());
  guard.watch(scenario);
  refuse_if_too_big("run", vm, scenario, held_at_once(replications, threads), vm.count("task-instances") > 0);
  scenario.prepare();  // DAGs compiled once, for the simulation and the task-instance export

  const MetricsOptions metrics_options{stat};
  Outputs outputs;
  if (vm.count("queries"))
    outputs.emplace_back(vm["queries"].as<std::string>(), json_text(metric_data_queries(scenario, metrics_options)));
  if (replications == 1) return run_once(vm, scenario, metrics_options, guard, std::move(outputs), out, err);
  return run_replicated(vm, scenario, metrics_options, replications, threads, guard, std::move(outputs), out, err);
}

}  // namespace mwaa::cli
