// `mwaa-sim classes`: the MWAA environment classes the model knows.
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "models/environment_class.hpp"
#include "models/report/number_format.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

po::options_description classes_options() {
  po::options_description o("Options");
  o.add_options()("json", po::bool_switch(), "print as JSON")("help,h", "show this help");
  return o;
}

}  // namespace

std::string classes_help() {
  return help_text("mwaa-sim classes [--json]",
                   "Lists the MWAA environment classes: tasks per worker (celery.worker_autoscale default), worker\n"
                   "and scheduler size, DAG capacity, autoscaling and the scheduler limit.",
                   classes_options());
}

int classes_main(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const auto vm = parse("classes", args, classes_options(), {});
  if (vm["json"].as<bool>()) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& c : environment_classes())
      list.push_back({{"name", c.name},
                      {"tasks_per_worker", c.tasks_per_worker},
                      {"worker_vcpu", json_number(c.worker_vcpu)},
                      {"worker_memory_gb", json_number(c.worker_memory_gb)},
                      {"scheduler_vcpu", json_number(c.scheduler_vcpu)},
                      {"dag_capacity", c.dag_capacity},
                      {"autoscales", c.autoscales},
                      {"max_schedulers", c.max_schedulers}});
    out << json_text(list);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {
      {"class", "tasks/worker", "worker vCPU", "worker GB", "scheduler vCPU", "DAG capacity", "autoscales", "max schedulers"}};
  for (const auto& c : environment_classes())
    rows.push_back({c.name, std::to_string(c.tasks_per_worker), format_number(c.worker_vcpu), format_number(c.worker_memory_gb),
                    format_number(c.scheduler_vcpu), std::to_string(c.dag_capacity), c.autoscales ? "yes" : "no",
                    std::to_string(c.max_schedulers)});
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) line += r[i] + (i + 1 < r.size() ? std::string(width[i] - r[i].size() + 2, ' ') : "");
    out << line << "\n";
  }
  return kExitOk;
}

}  // namespace mwaa::cli
