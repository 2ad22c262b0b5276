// `mwaa-sim params`: the model parameters, with defaults and sources, so a
// planner can see what is assumed and what calibration may change.
#include <iostream>

#include <nlohmann/json.hpp>

#include "models/parameters.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

po::options_description params_options() {
  po::options_description o("Options");
  o.add_options()("json", po::bool_switch(), "print as JSON")("help,h", "show this help");
  return o;
}

}  // namespace

std::string params_help() {
  return help_text("mwaa-sim params [--json]",
                   "Lists the model parameters (the scenario's \"model\" block keys) with kind, default, source\n"
                   "and meaning. [DOC]/[CODE] defaults come from AWS or Airflow; [INF]/[UNVERIFIED] are assumptions\n"
                   "meant to be calibrated.",
                   params_options());
}

int params_main(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const auto vm = parse("params", args, params_options(), {});
  if (vm["json"].as<bool>()) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& p : model_parameters())
      list.push_back({{"key", p.key}, {"kind", p.kind}, {"default", p.default_text}, {"source", p.source}, {"meaning", p.meaning}});
    out << json_text(list);
    return kExitOk;
  }
  for (const auto& p : model_parameters()) {
    out << p.key << "  (" << p.kind << ", default " << p.default_text << ")\n"
        << "    " << p.meaning << "\n"
        << "    source: " << p.source << "\n";
  }
  return kExitOk;
}

}  // namespace mwaa::cli
