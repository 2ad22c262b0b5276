// `mwaa-sim sweep`, `recommend` and `merge`: what-if grids over environment
// fields, Airflow options, model parameters and workload values, the
// cheapest configuration that meets the targets, and the joining of a sweep
// run as shards of an array job.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "models/errors.hpp"
#include "models/planning/recommend.hpp"
#include "models/planning/sweep.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_loader_json.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"
#include "tools/cli/resource_check.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

po::options_description grid_options(bool sweep) {
  po::options_description o("Options");
  o.add_options()("vary", po::value<std::vector<std::string>>()->composing(),
                  "KEY=a..b:step or KEY=x,y,z (repeatable); KEY: MinWorkers, MaxWorkers, Schedulers, "
                  "EnvironmentClass, AirflowVersion, an Airflow option (core.parallelism), model.<param>, or a "
                  "/json/pointer into the scenario")(
      "replications", po::value<std::string>()->default_value("1"), "replications per configuration")(
      "threads", po::value<std::string>()->default_value("0"), "threads (0 = all cores)")(
      "seed", po::value<std::string>(), "override the scenario's seed")(
      "pricing", po::value<std::string>(), "pricing data file (default scenarios/pricing/mwaa-us-east-1.json)")(
      "json", po::bool_switch(), "print JSON");
  if (sweep)
    o.add_options()("format", po::value<std::string>()->default_value("table"), "table | csv | markdown | json")(
        "shard", po::value<std::string>(), "i/N: run only grid points with index % N == i (array jobs)")(
        "output,o", po::value<std::string>(), "write the result to FILE instead of stdout");
  add_memory_limit_option(o);
  o.add_options()("help,h", "show this help");
  return o;
}

po::positional_options_description scenario_positional() {
  po::positional_options_description p;
  p.add("scenario", 1);
  return p;
}

SweepSpec make_spec(const std::string& command, const po::variables_map& vm) {
  if (!vm.count("scenario")) throw UsageError(command, "missing SCENARIO");
  const std::string path = vm["scenario"].as<std::string>();
  load_scenario_file(path);  // validates with the loader's messages (file, path, expected)
  SweepSpec spec;
  spec.document = input::read_json_file(path);
  spec.source = path;
  spec.base_dir = std::filesystem::path(path).parent_path().string();
  if (spec.base_dir.empty()) spec.base_dir = ".";
  inline_environment(spec.document, spec.base_dir);
  if (vm.count("seed")) spec.document["seed"] = parse_seed(command, vm["seed"].as<std::string>());
  if (vm.count("vary"))
    for (const std::string& v : vm["vary"].as<std::vector<std::string>>()) spec.axes.push_back(parse_vary(v));
  if (spec.axes.empty()) throw UsageError(command, "give at least one --vary KEY=VALUES");
  spec.replications = parse_int_option(command, "--replications", vm["replications"].as<std::string>(), 1, 100000);
  spec.threads = parse_int_option(command, "--threads", vm["threads"].as<std::string>(), 0, 1024);
  // The first point must load (catches a bad key before any work); it and the
  // last must fit in memory (a point that does not load is reported in its
  // row). A sweep runs points in parallel, each point's replications one after
  // another; recommend runs one point at a time, replications in parallel.
  const int n = grid_size(spec.axes);  // refuses absurd grids up front
  const int held = held_at_once(command == "sweep" ? n : spec.replications, spec.threads);
  refuse_if_too_big(command, vm, point_scenario(spec, 0), held, false);
  if (n > 1) {
    std::optional<Scenario> last;
    try {
      last = point_scenario(spec, n - 1);
    } catch (const InputError&) {
    }
    if (last) refuse_if_too_big(command, vm, *last, held, false);
  }
  return spec;
}

Pricing pricing_of(const po::variables_map& vm) {
  return load_pricing(vm.count("pricing") ? vm["pricing"].as<std::string>() : default_pricing_path());
}

void emit(const std::string& command, const po::variables_map& vm, const std::string& text, std::ostream& out) {
  if (vm.count("output")) write_output(command, vm["output"].as<std::string>(), text);
  else out << text;
}

}  // namespace

std::string sweep_help() {
  return help_text("mwaa-sim sweep SCENARIO --vary KEY=VALUES [--vary ...] [options]",
                   "Simulates every configuration of the grid and tabulates completion P50/P95, peak queue,\n"
                   "peak workers, cost per hour and per test run, and pass/fail against the scenario's targets.\n"
                   "Example: --vary MinWorkers=15..40:5 --vary EnvironmentClass=mw1.xlarge,mw1.2xlarge\n"
                   "Large grids: run shards with --shard i/N --format json -o part-i.json, then `mwaa-sim merge`.",
                   grid_options(true));
}

int sweep_main(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  auto opts = grid_options(true);
  opts.add_options()("scenario", po::value<std::string>(), "scenario file");
  const auto vm = parse("sweep", args, opts, scenario_positional());
  check_output_paths("sweep", vm, {"output"}, {"scenario"});
  SweepSpec spec = make_spec("sweep", vm);
  if (vm.count("shard")) {
    const std::string s = vm["shard"].as<std::string>();
    const auto slash = s.find('/');
    if (slash == std::string::npos) throw UsageError("sweep", "--shard expects i/N, got \"" + s + "\"");
    spec.shard_count = parse_int_option("sweep", "--shard N", s.substr(slash + 1), 1, 1000000);
    spec.shard_index = parse_int_option("sweep", "--shard i", s.substr(0, slash), 0, spec.shard_count - 1);
  }
  const SweepTable t = run_sweep(spec, pricing_of(vm));
  std::string format = vm["json"].as<bool>() ? "json" : vm["format"].as<std::string>();
  if (format == "json") emit("sweep", vm, json_text(sweep_json(t)), out);
  else if (format == "csv") emit("sweep", vm, sweep_csv(t), out);
  else if (format == "markdown") emit("sweep", vm, sweep_markdown(t), out);
  else if (format == "table") emit("sweep", vm, sweep_text(t), out);
  else throw UsageError("sweep", "--format must be table, csv, markdown or json" + did_you_mean(format, {"table", "csv", "markdown", "json"}));
  return kExitOk;
}

std::string recommend_help() {
  return help_text("mwaa-sim recommend SCENARIO --vary KEY=VALUES [--vary ...] [options]",
                   "Finds the cheapest configuration in the search space that meets every target of the\n"
                   "scenario, with the runners-up and why cheaper ones failed. A capacity axis (MinWorkers,\n"
                   "MaxWorkers, pool or parallelism size) is binary-searched, assuming more never hurts.\n"
                   "Exit 0 when a configuration meets the targets, 1 when none does.",
                   grid_options(false));
}

int recommend_main(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  auto opts = grid_options(false);
  opts.add_options()("scenario", po::value<std::string>(), "scenario file");
  const auto vm = parse("recommend", args, opts, scenario_positional());
  const SweepSpec spec = make_spec("recommend", vm);
  const Scenario first = point_scenario(spec, 0);
  if (!first.targets.completion && !first.targets.max_queue_age)
    throw UsageError("recommend", "the scenario has no \"targets\": nothing to meet");
  const Recommendation r = recommend(spec, pricing_of(vm));
  if (vm["json"].as<bool>()) out << json_text(recommendation_json(r));
  else out << recommendation_text(r);
  return r.best ? kExitOk : kExitNotFinished;
}

std::string merge_help() {
  po::options_description o("Options");
  o.add_options()("format", "table | csv | markdown | json (default table)")("output,o", "write to FILE")(
      "partial", "merge even when grid points are in no shard (they are listed on stderr)");
  return help_text("mwaa-sim merge SHARD.json... [--format F] [-o FILE] [--partial]",
                   "Joins the JSON results of `mwaa-sim sweep --shard i/N --format json` into one table.", o);
}

int merge_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description o("Options");
  o.add_options()("format", po::value<std::string>()->default_value("table"), "")("output,o", po::value<std::string>(), "")(
      "partial", "")("shards", po::value<std::vector<std::string>>(), "")("help,h", "");
  po::positional_options_description p;
  p.add("shards", -1);
  const auto vm = parse("merge", args, o, p);
  if (!vm.count("shards")) throw UsageError("merge", "give the shard files to merge");
  check_output_paths("merge", vm, {"output"}, {"shards"});
  std::vector<SweepTable> shards;
  for (const std::string& f : vm["shards"].as<std::vector<std::string>>()) {
    const nlohmann::json j = input::read_json_file(f);
    shards.push_back(sweep_from_json(j, f));
  }
  const SweepTable t = merge_sweeps(shards, vm.count("partial") > 0);
  if (const std::string missing = missing_points_text(t); !missing.empty()) err << "merge: warning: " << missing << "\n";
  const std::string format = vm["format"].as<std::string>();
  std::string text = format == "json" ? json_text(sweep_json(t))
                     : format == "csv" ? sweep_csv(t)
                     : format == "markdown" ? sweep_markdown(t)
                                            : sweep_text(t);
  emit("merge", vm, text, out);
  return kExitOk;
}

}  // namespace mwaa::cli
