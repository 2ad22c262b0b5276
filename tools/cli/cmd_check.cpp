// `mwaa-sim check SCENARIO`: the CI gate. Runs the scenario (or N
// replications of it), judges it against its targets and answers with an exit
// code a CI job can block on, a verdict with margins for people, JSON for
// scripts and JUnit XML for CI test reports. The judging lives in
// models/planning/gate.hpp; this file only wires options, runs and outputs.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "models/planning/gate.hpp"
#include "models/planning/junit.hpp"
#include "models/planning/replications.hpp"
#include "models/scenario_loader.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"
#include "tools/cli/interrupt.hpp"
#include "tools/cli/progress.hpp"
#include "tools/cli/resource_check.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

// check's own meaning of the exit codes (exit_codes.hpp names them for `run`):
// 1 is a missed target here, and a run that cannot finish is bad input (the
// scenario or its time limit needs fixing), like a malformed file.
constexpr int kExitTargetMissed = 1;
constexpr int kExitCannotJudge = kExitUsage;

constexpr int kMaxReplications = 1'000'000;
constexpr int kMaxThreads = 1024;

po::options_description check_options() {
  po::options_description o("Options");
  o.add_options()
      ("target", po::value<std::string>()->value_name("DURATION"),
       "completion target, first trigger to last task end, e.g. 4m30s (default: the scenario's targets.completion)")
      ("percentile", po::value<std::string>()->value_name("P"),
       "percentile over the replications at which the targets are judged, in (0, 100] (default: the scenario's, "
       "else 95; with one run its single value is judged)")
      ("max-queue-age", po::value<std::string>()->value_name("DURATION"),
       "target for the peak ApproximateAgeOfOldestTask (default: the scenario's targets.max_queue_age)")
      ("replications", po::value<std::string>()->value_name("N"), "independent replications (default 1)")
      ("threads", po::value<std::string>()->value_name("T"), "threads for the replications (default: all cores)")
      ("seed", po::value<std::string>()->value_name("N"), "random seed (default: the scenario's seed)")
      ("json", po::bool_switch(), "print the verdict as JSON instead of text")
      ("junit", po::value<std::string>()->value_name("FILE"), "also write the verdict as JUnit XML, one testcase per target");
  add_memory_limit_option(o);
  o.add_options()("help,h", "show this help");
  return o;
}

po::options_description hidden_options() {
  po::options_description o;
  o.add_options()("scenario", po::value<std::string>());
  return o;
}

sim::Time parse_target(const std::string& option, const std::string& text) {
  sim::Time t;
  try {
    t = sim::parse_duration(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError("check", option + ": " + e.what());
  }
  if (t.us < 0) throw UsageError("check", option + " must not be negative, got '" + text + "'");
  return t;
}

// "95", "99.9" or "p95".
double parse_percentile(const std::string& text) {
  const std::string number = !text.empty() && (text[0] == 'p' || text[0] == 'P') ? text.substr(1) : text;
  double p = 0;
  std::size_t used = 0;
  try {
    p = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (number.empty() || used != number.size() || !(p > 0 && p <= 100))
    throw UsageError("check", "--percentile expects a number in (0, 100] such as 95 or 99.9, got '" + text + "'");
  return p;
}

GateTargets targets_of(const Scenario& scenario, const po::variables_map& vm) {
  GateTargets t;  // the scenario's, then the command line's on top
  t.completion = scenario.targets.completion;
  t.max_queue_age = scenario.targets.max_queue_age;
  t.percentile = scenario.targets.completion_percentile;
  if (vm.count("target")) t.completion = parse_target("--target", vm["target"].as<std::string>());
  if (vm.count("max-queue-age")) t.max_queue_age = parse_target("--max-queue-age", vm["max-queue-age"].as<std::string>());
  if (vm.count("percentile")) t.percentile = parse_percentile(vm["percentile"].as<std::string>());
  if (t.empty())
    throw UsageError("check", "no target to check: give --target and/or --max-queue-age, or a \"targets\" block in " +
                                  scenario.source_file);
  return t;
}

int exit_code(GateVerdict v) {
  switch (v) {
    case GateVerdict::Pass: return kExitOk;
    case GateVerdict::Fail: return kExitTargetMissed;
    case GateVerdict::NotFinished: return kExitCannotJudge;
  }
  return kExitInternal;
}

}  // namespace

std::string check_help() {
  return help_text(
      "mwaa-sim check SCENARIO [--target 4m30s] [--percentile 95] [--max-queue-age 60s] [--replications N]\n"
      "                [--threads T] [--seed S] [--json] [--junit FILE]",
      "Gates a change in CI: simulates SCENARIO (N replications with --replications) and judges it against\n"
      "its targets, from the scenario's \"targets\" block or the command line (the command line wins).\n"
      "Completion is judged at the percentile over the replications, the queue-age target against the\n"
      "peak ApproximateAgeOfOldestTask at the same percentile. Prints the verdict, each target's margin\n"
      "and the main bottleneck with its remedy.\n\n"
      "Exit codes: 0 every target holds; 1 a target is missed; 2 bad input, no target at all, or a run\n"
      "that could not finish within the scenario's time limit (its stuck report goes to stderr), or a\n"
      "scenario estimated not to fit in memory (--memory-limit); 3 internal error; 130 Ctrl-C (143 SIGTERM).",
      check_options());
}

int check_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description all;
  all.add(check_options()).add(hidden_options());
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const po::variables_map vm = parse("check", args, all, positional);
  if (!vm.count("scenario")) throw UsageError("check", "missing the SCENARIO file");
  check_output_paths("check", vm, {"junit"}, {"scenario"});
  const int replications =
      vm.count("replications") ? parse_int_option("check", "--replications", vm["replications"].as<std::string>(), 1, kMaxReplications) : 1;
  const int threads =
      vm.count("threads") ? parse_int_option("check", "--threads", vm["threads"].as<std::string>(), 1, kMaxThreads) : 0;

  Scenario scenario = load_scenario_file(vm["scenario"].as<std::string>());  // default disposition: see run
  const InterruptGuard guard;  // Ctrl-C: exit 130, no JUnit file
  if (vm.count("seed")) scenario.seed = parse_seed("check", vm["seed"].as<std::string>());
  const GateTargets targets = targets_of(scenario, vm);  // before running: no target fails fast
  guard.watch(scenario);
  refuse_if_too_big("check", vm, scenario, held_at_once(replications, threads), false);

  const auto started = std::chrono::steady_clock::now();
  ReplicationOptions options;
  options.replications = replications;
  options.threads = threads;
  Replications reps;
  {
    ProgressBar bar(err, "replications", replications, replications > 1 && progress_enabled_for(err));
    options.progress = bar.callback();
    reps = run_replications(scenario, options);
  }  // the bar is cleared before the verdict is printed
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const GateResult gate = evaluate_gate(scenario, targets, reps);
  guard.throw_if_interrupted();
  if (vm.count("junit")) write_output("check", vm["junit"].as<std::string>(), gate_junit_xml(gate, elapsed));
  if (vm["json"].as<bool>())
    out << json_text(gate_to_json(gate));
  else
    out << format_gate_text(gate);
  out.flush();

  if (gate.verdict == GateVerdict::NotFinished) {
    const int first = gate.unfinished.front();
    err << "mwaa-sim check: " << gate.unfinished.size() << " of " << replications
        << (replications == 1 ? " run" : " replications") << " did not finish within the time limit ("
        << sim::format_duration(scenario.time_limit) << "); the targets cannot be judged. Replication " << first
        << " (seed " << reps.seeds[static_cast<std::size_t>(first)] << "):\n"
        << (gate.stuck_report.empty() ? std::string("(no stuck report)") : gate.stuck_report) << "\n";
  }
  return exit_code(gate.verdict);
}

}  // namespace mwaa::cli
