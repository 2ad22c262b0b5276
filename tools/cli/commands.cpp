#include "tools/cli/commands.hpp"

namespace mwaa::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"run", "simulate a scenario and report (summary, CloudWatch metrics, task instances)", run_help, run_main},
      {"params", "list the model parameters with their defaults and sources", params_help, params_main},
      {"classes", "list the MWAA environment classes", classes_help, classes_main},
  };
  return list;
}

const Command* find_command(const std::string& name) {
  for (const auto& c : commands())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace mwaa::cli
