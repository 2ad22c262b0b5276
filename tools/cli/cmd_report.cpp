// `mwaa-sim report`: one self-contained HTML file (inline SVG charts, no
// network resources) for a scenario's replications or for a sweep result.
#include <fstream>
#include <iostream>

#include "models/errors.hpp"
#include "models/planning/replications.hpp"
#include "models/report/html_report.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_loader_json.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"
#include "tools/cli/resource_check.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {
po::options_description report_options() {
  po::options_description o("Options");
  o.add_options()("output,o", po::value<std::string>(), "the HTML file to write (required)")(
      "replications", po::value<std::string>()->default_value("20"), "replications for the P5-P95 bands")(
      "threads", po::value<std::string>()->default_value("0"), "threads (0 = all cores)")(
      "seed", po::value<std::string>(), "override the scenario's seed")(
      "sweep", po::value<std::string>(), "report a sweep result (mwaa-sim sweep --format json) instead")(
      "help,h", "show this help");
  add_memory_limit_option(o);
  return o;
}
}  // namespace

std::string report_help() {
  return help_text("mwaa-sim report SCENARIO -o report.html [--replications N]\n       mwaa-sim report --sweep sweep.json -o sweep.html",
                   "Writes one self-contained HTML report: running, queued and workers over time with the\n"
                   "P5-P95 band over replications, executor RunningTasks, pool use, wave markers, the target\n"
                   "line and a timeline of what held the work back, beside the summary tables. With --sweep:\n"
                   "completion P95 against each varied parameter and the cost frontier.",
                   report_options());
}

int report_main(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  auto opts = report_options();
  opts.add_options()("scenario", po::value<std::string>(), "");
  po::positional_options_description p;
  p.add("scenario", 1);
  const auto vm = parse("report", args, opts, p);
  if (!vm.count("output")) throw UsageError("report", "missing -o FILE");
  check_output_paths("report", vm, {"output"}, {"scenario", "sweep"});
  const std::string output = vm["output"].as<std::string>();
  if (vm.count("sweep")) {
    const std::string f = vm["sweep"].as<std::string>();
    const nlohmann::json j = input::read_json_file(f);
    write_output("report", output, html_sweep_report(sweep_from_json(j, f), f));
    out << "wrote " << output << "\n";
    return kExitOk;
  }
  if (!vm.count("scenario")) throw UsageError("report", "missing SCENARIO (or --sweep FILE)");
  Scenario s = load_scenario_file(vm["scenario"].as<std::string>());
  if (vm.count("seed")) s.seed = parse_seed("report", vm["seed"].as<std::string>());
  s.prepare();
  ReplicationOptions ro;
  ro.replications = parse_int_option("report", "--replications", vm["replications"].as<std::string>(), 1, 10000);
  ro.threads = parse_int_option("report", "--threads", vm["threads"].as<std::string>(), 0, 1024);
  ro.keep_results = true;
  refuse_if_too_big("report", vm, s, ro.replications, false);  // every result is kept for the charts
  const Replications reps = run_replications(s, ro);
  write_output("report", output, html_report(s, reps.results, reps.summaries));
  out << "wrote " << output << "\n";
  return kExitOk;
}

}  // namespace mwaa::cli
