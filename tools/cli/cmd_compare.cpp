// `mwaa-sim compare A.json B.json`: two scenarios side by side (configuration
// and results), the differences marked, so a planner sees what a change buys.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "models/planning/replications.hpp"
#include "models/report/summary.hpp"
#include "models/scenario_loader.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"
#include "tools/cli/resource_check.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

po::options_description compare_options() {
  po::options_description o("Options");
  o.add_options()("replications", po::value<std::string>()->default_value("1"), "replications per scenario (P50/P95 over them)")(
      "threads", po::value<std::string>()->default_value("0"), "threads (0 = all cores)")(
      "seed", po::value<std::string>(), "use this seed for both")("json", po::bool_switch(), "print JSON")(
      "help,h", "show this help");
  add_memory_limit_option(o);
  return o;
}

struct Row {
  std::string name, a, b;
};

std::string secs(double s) { return sim::format_duration(sim::Time::from_seconds(std::round(s * 10) / 10)); }
std::string num(double v) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(0) << v;
  return os.str();
}

std::vector<Row> rows(const Scenario& a, const Scenario& b, const ReplicationSummary& ra, const ReplicationSummary& rb,
                      const Summary& sa, const Summary& sb) {
  std::vector<Row> r;
  auto add = [&](std::string name, std::string x, std::string y) { r.push_back({std::move(name), std::move(x), std::move(y)}); };
  add("environment class", a.environment.environment_class, b.environment.environment_class);
  add("workers", std::to_string(a.environment.min_workers) + "-" + std::to_string(a.environment.max_workers),
      std::to_string(b.environment.min_workers) + "-" + std::to_string(b.environment.max_workers));
  add("tasks per worker", std::to_string(a.tasks_per_worker()), std::to_string(b.tasks_per_worker()));
  add("schedulers", std::to_string(a.environment.schedulers), std::to_string(b.environment.schedulers));
  add("parallelism per scheduler", std::to_string(a.parallelism()), std::to_string(b.parallelism()));
  add("airflow version", a.environment.airflow_version.text, b.environment.airflow_version.text);
  for (std::size_t i = 0; i < std::max(a.pools.size(), b.pools.size()); ++i) {
    const std::string na = i < a.pools.size() ? a.pools[i].name : "-", nb = i < b.pools.size() ? b.pools[i].name : "-";
    add("pool " + (na == "-" ? nb : na), i < a.pools.size() ? std::to_string(a.pools[i].slots) : "-",
        i < b.pools.size() ? std::to_string(b.pools[i].slots) : "-");
  }
  add("task instances", std::to_string(sa.task_tries), std::to_string(sb.task_tries));
  for (std::size_t m = 0; m < ra.metrics.size() && m < rb.metrics.size(); ++m) {
    const bool time = ra.metrics[m].name.find("seconds") != std::string::npos;
    auto f = [&](double v) { return time ? secs(v) : num(v); };
    const std::string n = ra.metrics[m].name;
    if (ra.replications > 1) {
      add(n + " P50", f(ra.metrics[m].p50.value), f(rb.metrics[m].p50.value));
      add(n + " P95", f(ra.metrics[m].p95.value), f(rb.metrics[m].p95.value));
    } else {
      add(n, ra.metrics[m].count ? f(ra.metrics[m].p50.value) : "-", rb.metrics[m].count ? f(rb.metrics[m].p50.value) : "-");
    }
  }
  auto verdict = [](const Summary& s) {
    if (!s.completion_target) return std::string("-");
    return std::string(s.completion_target->met ? "met" : "MISSED");
  };
  add("completion target", verdict(sa), verdict(sb));
  if (ra.target_met_share && rb.target_met_share)
    add("share meeting target", num(*ra.target_met_share * 100) + "%", num(*rb.target_met_share * 100) + "%");
  add("main bottleneck", sa.main_bottleneck ? to_string(*sa.main_bottleneck) : "-",
      sb.main_bottleneck ? to_string(*sb.main_bottleneck) : "-");
  return r;
}

}  // namespace

std::string compare_help() {
  return help_text("mwaa-sim compare A.json B.json [--replications N] [--seed S] [--json]",
                   "Simulates two scenarios and shows configuration and results side by side; '*' marks\n"
                   "what differs.",
                   compare_options());
}

int compare_main(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  auto opts = compare_options();
  opts.add_options()("scenarios", po::value<std::vector<std::string>>(), "");
  po::positional_options_description p;
  p.add("scenarios", -1);
  const auto vm = parse("compare", args, opts, p);
  if (!vm.count("scenarios") || vm["scenarios"].as<std::vector<std::string>>().size() != 2)
    throw UsageError("compare", "give exactly two scenario files");
  const auto files = vm["scenarios"].as<std::vector<std::string>>();
  ReplicationOptions ro;
  ro.replications = parse_int_option("compare", "--replications", vm["replications"].as<std::string>(), 1, 100000);
  ro.threads = parse_int_option("compare", "--threads", vm["threads"].as<std::string>(), 0, 1024);
  Scenario a = load_scenario_file(files[0]), b = load_scenario_file(files[1]);
  if (vm.count("seed")) a.seed = b.seed = parse_seed("compare", vm["seed"].as<std::string>());
  for (const Scenario* s : {&a, &b}) refuse_if_too_big("compare", vm, *s, held_at_once(ro.replications, ro.threads), false);
  a.prepare();
  b.prepare();
  const Replications repa = run_replications(a, ro), repb = run_replications(b, ro);
  const ReplicationSummary ra = summarize_replications(a, repa), rb = summarize_replications(b, repb);
  const auto table = rows(a, b, ra, rb, repa.summaries[0], repb.summaries[0]);
  if (vm["json"].as<bool>()) {
    nlohmann::ordered_json j;
    j["a"] = files[0];
    j["b"] = files[1];
    j["rows"] = nlohmann::ordered_json::array();
    for (const Row& r : table) j["rows"].push_back({{"name", r.name}, {"a", r.a}, {"b", r.b}, {"differs", r.a != r.b}});
    out << json_text(j);
    return kExitOk;
  }
  std::size_t w0 = 4, w1 = files[0].size();
  for (const Row& r : table) {
    w0 = std::max(w0, r.name.size());
    w1 = std::max(w1, r.a.size());
  }
  out << "  " << std::left << std::setw(static_cast<int>(w0)) << "" << "  " << std::setw(static_cast<int>(w1)) << files[0]
      << "  " << files[1] << "\n";
  for (const Row& r : table)
    out << (r.a != r.b ? "* " : "  ") << std::left << std::setw(static_cast<int>(w0)) << r.name << "  "
        << std::setw(static_cast<int>(w1)) << r.a << "  " << r.b << "\n";
  return kExitOk;
}

}  // namespace mwaa::cli
