// `mwaa-sim import SOURCE`: recorded or standard workloads -> scenario JSON
// that `mwaa-sim run` takes as is. SOURCE is airflow (REST API responses),
// elastic-dag (Airflow's scheduler benchmark DAGs) or wfcommons (a WfFormat
// instance). The importers live in models/import/; this file parses options,
// checks the result loads, writes it, and prints on stderr what was read,
// skipped and assumed.
#include <iostream>

#include "models/errors.hpp"
#include "models/import/airflow_rest.hpp"
#include "models/import/elastic_dag.hpp"
#include "models/import/wfcommons.hpp"
#include "models/resource_estimate.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_loader_json.hpp"
#include "tools/cli/cli_support.hpp"
#include "tools/cli/commands.hpp"
#include "tools/cli/exit_codes.hpp"

namespace po = boost::program_options;

namespace mwaa::cli {

namespace {

const std::vector<std::string> kSources = {"airflow", "elastic-dag", "wfcommons"};

po::options_description output_options() {
  po::options_description o("Output");
  o.add_options()
      ("output,o", po::value<std::string>()->value_name("FILE"), "write the scenario here (default: stdout)")
      ("name", po::value<std::string>()->value_name("NAME"), "the scenario's name")
      ("environment", po::value<std::string>()->value_name("FILE"),
       "`aws mwaa get-environment` output to copy into the scenario")
      ("workload-only", po::bool_switch(), "write only the \"workload\" object, to paste into another scenario")
      ("help,h", "show this help");
  return o;
}

po::options_description airflow_options() {
  po::options_description o("airflow");
  o.add_options()
      ("from", po::value<std::string>()->value_name("DIR"),
       "the directory tools/collect-airflow.sh wrote (dags/, tasks/, dag_runs/, task_instances/, pools/, environment.json)")
      ("dags", po::value<std::vector<std::string>>()->multitoken()->value_name("PATH..."), "GET /dags pages (files or directories)")
      ("tasks-dir", po::value<std::string>()->value_name("DIR"), "one GET /dags/{dag_id}/tasks response per DAG: DIR/<dag_id>.json")
      ("dag-runs", po::value<std::vector<std::string>>()->multitoken()->value_name("PATH..."), "GET /dags/~/dagRuns pages")
      ("task-instances", po::value<std::vector<std::string>>()->multitoken()->value_name("PATH..."),
       "GET /dags/~/dagRuns/~/taskInstances pages")
      ("pools", po::value<std::vector<std::string>>()->multitoken()->value_name("PATH..."), "GET /pools pages")
      ("mode", po::value<std::string>()->value_name("MODE")->default_value("replay"),
       "replay: empirical task durations; fitted: lognormal fitted per task (empirical below 5 samples)")
      ("arrivals", po::value<std::string>()->value_name("HOW")->default_value("recorded"),
       "recorded: each run at its recorded creation time; rate: each DAG's runs evenly spaced at its recorded rate");
  return o;
}

po::options_description elastic_options() {
  po::options_description o("elastic-dag (PERF_* of elastic_dag.py)");
  o.add_options()
      ("dags-count", po::value<int>()->value_name("N"), "PERF_DAGS_COUNT (required)")
      ("tasks-count", po::value<int>()->value_name("N"), "PERF_TASKS_COUNT (required)")
      ("shape", po::value<std::string>()->value_name("SHAPE"), "PERF_SHAPE: no_structure, linear, binary_tree, star, grid (required)")
      ("schedule-interval", po::value<std::string>()->value_name("I")->default_value("@once"),
       "PERF_SCHEDULE_INTERVAL: @once, None or a time delta such as 5m")
      ("max-runs", po::value<int>()->value_name("N"), "PERF_MAX_RUNS")
      ("start-ago", po::value<std::string>()->value_name("D")->default_value("1h"), "PERF_START_AGO")
      ("dag-prefix", po::value<std::string>()->value_name("P")->default_value("perf_scheduler"), "PERF_DAG_PREFIX")
      ("task-duration", po::value<std::string>()->value_name("DIST")->default_value("0s"),
       "each task's duration (a scenario duration or distribution text)")
      ("generator", po::bool_switch(), "write the compact {\"kind\": \"elastic_dag\"} generator instead of the DAGs");
  return o;
}

po::options_description wfcommons_options() {
  po::options_description o("wfcommons");
  o.add_options()
      ("dag-id", po::value<std::string>()->value_name("ID"), "the DAG's id (default: the instance's name)")
      ("max-active-tasks", po::value<int>()->value_name("N"), "the DAG's max_active_tasks (default: the environment's)");
  return o;
}

std::vector<std::string> strings(const po::variables_map& vm, const char* key) {
  return vm.count(key) ? vm[key].as<std::vector<std::string>>() : std::vector<std::string>{};
}

imports::ImportResult run_airflow(const po::variables_map& vm) {
  imports::AirflowFiles files;
  if (vm.count("from")) files = imports::airflow_files_in(vm["from"].as<std::string>());
  auto override = [&](const char* key, std::vector<std::string>& field) {
    if (vm.count(key)) field = strings(vm, key);
  };
  override("dags", files.dags);
  override("dag-runs", files.dag_runs);
  override("task-instances", files.task_instances);
  override("pools", files.pools);
  if (vm.count("tasks-dir")) files.tasks_dir = vm["tasks-dir"].as<std::string>();
  if (vm.count("environment")) files.environment = vm["environment"].as<std::string>();
  if (files.tasks_dir.empty()) throw UsageError("import", "airflow: give --tasks-dir (or --from DIR)");
  if (files.dag_runs.empty()) throw UsageError("import", "airflow: give --dag-runs (or --from DIR)");

  imports::AirflowImportOptions opt;
  const std::string mode = vm["mode"].as<std::string>(), arrivals = vm["arrivals"].as<std::string>();
  if (mode != "replay" && mode != "fitted")
    throw UsageError("import", "--mode: expected replay or fitted, got '" + mode + "'" + did_you_mean(mode, {"replay", "fitted"}));
  if (arrivals != "recorded" && arrivals != "rate")
    throw UsageError("import", "--arrivals: expected recorded or rate, got '" + arrivals + "'" +
                                   did_you_mean(arrivals, {"recorded", "rate"}));
  opt.durations = mode == "replay" ? imports::DurationMode::Replay : imports::DurationMode::Fitted;
  opt.arrivals = arrivals == "recorded" ? imports::ArrivalMode::Recorded : imports::ArrivalMode::Rate;
  if (vm.count("name")) opt.name = vm["name"].as<std::string>();
  return imports::build_airflow_scenario(imports::read_airflow_recording(files), opt);
}

imports::ImportResult run_elastic(const po::variables_map& vm) {
  for (const char* key : {"dags-count", "tasks-count", "shape"})
    if (!vm.count(key)) throw UsageError("import", std::string("elastic-dag: missing --") + key);
  imports::ElasticDagParams p;
  p.dags_count = vm["dags-count"].as<int>();
  p.tasks_count = vm["tasks-count"].as<int>();
  const std::string shape = vm["shape"].as<std::string>();
  const auto parsed = imports::parse_elastic_shape(shape);
  if (!parsed)
    throw UsageError("import", "--shape: unknown shape '" + shape + "'" + did_you_mean(shape, imports::elastic_shape_names()) +
                                   "; expected no_structure, linear, binary_tree, star or grid");
  p.shape = *parsed;
  p.schedule_interval = vm["schedule-interval"].as<std::string>();
  if (vm.count("max-runs")) p.max_runs = vm["max-runs"].as<int>();
  p.start_ago = vm["start-ago"].as<std::string>();
  p.dag_prefix = vm["dag-prefix"].as<std::string>();
  p.task_duration = vm["task-duration"].as<std::string>();
  parse_distribution_json(p.task_duration, "--task-duration", "");  // an InputError names the option
  // The DAGs are generated (and, with --generator, checked by generating them)
  // in memory: refuse what cannot fit before making it.
  const double tasks = static_cast<double>(p.dags_count) * p.tasks_count;
  refuse_if_more_than_available(tasks * kMemoryCosts.per_loaded_task, "--dags-count x --tasks-count", "",
                                "generating " + format_count(tasks) + " tasks");

  imports::ImportResult out;
  imports::OJson workload;
  try {
    if (vm["generator"].as<bool>()) {
      imports::elastic_dags(p, out.log.warnings);  // validates, and the same warnings as the loader's
      workload = {{"generators", imports::OJson::array({imports::elastic_generator_json(p)})}};
    } else {
      workload = {{"dags", imports::elastic_dags(p, out.log.warnings)}};
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError("import", std::string("elastic-dag: ") + e.what());
  }
  out.scenario["name"] = vm.count("name") ? vm["name"].as<std::string>() : "elastic-dag-" + imports::elastic_shape_name(p.shape);
  out.scenario["description"] = "Airflow's scheduler benchmark DAGs (elastic_dag.py): " + std::to_string(p.dags_count) +
                                " DAG(s) x " + std::to_string(p.tasks_count) + " task(s), shape " +
                                imports::elastic_shape_name(p.shape) + ", schedule " + p.schedule_interval +
                                (p.max_runs ? ", " + std::to_string(*p.max_runs) + " run(s)" : std::string()) +
                                ". Imported by `mwaa-sim import elastic-dag`; see docs/import.md.";
  out.scenario["workload"] = std::move(workload);
  out.log.read.push_back(std::to_string(p.dags_count) + " DAG(s) of " + std::to_string(p.tasks_count) + " task(s), " +
                         std::to_string(imports::elastic_edges(p.shape, p.tasks_count).size()) + " edge(s) each");
  return out;
}

imports::ImportResult run_wfcommons(const po::variables_map& vm) {
  if (!vm.count("input")) throw UsageError("import", "wfcommons: missing the INSTANCE file");
  const std::string path = vm["input"].as<std::string>();
  imports::WfcommonsOptions opt;
  if (vm.count("dag-id")) opt.dag_id = vm["dag-id"].as<std::string>();
  if (vm.count("max-active-tasks")) opt.max_active_tasks = vm["max-active-tasks"].as<int>();
  if (vm.count("name")) opt.name = vm["name"].as<std::string>();
  return imports::import_wfcommons(input::read_json_file(path), path, opt);
}

}  // namespace

std::string import_help() {
  po::options_description all;
  all.add(airflow_options()).add(elastic_options()).add(wfcommons_options()).add(output_options());
  return help_text(
      "mwaa-sim import airflow --from DIR | --dags PATH... --tasks-dir DIR --dag-runs PATH... --task-instances PATH...\n"
      "                        [--pools PATH...] [--environment FILE] [--mode replay|fitted] [--arrivals recorded|rate] [-o FILE]\n"
      "       mwaa-sim import elastic-dag --dags-count N --tasks-count N --shape SHAPE [...] [-o FILE]\n"
      "       mwaa-sim import wfcommons INSTANCE.json [--dag-id ID] [--max-active-tasks N] [-o FILE]",
      "Turns recorded or standard workloads into a scenario that `mwaa-sim run` takes as is (docs/import.md):\n"
      "  airflow      Airflow REST API responses (2.x /api/v1 or 3.x /api/v2, paginated pages merged), as\n"
      "               tools/collect-airflow.sh collects them: the recorded DAG runs become arrivals, the task\n"
      "               instances the tasks' durations.\n"
      "  elastic-dag  Airflow's scheduler benchmark DAGs (elastic_dag.py), by its PERF_* parameters.\n"
      "  wfcommons    a WfCommons WfFormat instance (1.4 or 1.5): one DAG with the recorded runtimes and the\n"
      "               recorded makespan as the scenario's reference.\n"
      "What was read, skipped and assumed is printed on stderr. The scenario is checked by loading it\n"
      "before it is written.",
      all);
}

int import_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) throw UsageError("import", "missing the SOURCE: airflow, elastic-dag or wfcommons");
  const std::string source = args[0];
  po::options_description options;
  po::positional_options_description positional;
  if (source == "airflow") options.add(airflow_options());
  else if (source == "elastic-dag") options.add(elastic_options());
  else if (source == "wfcommons") {
    options.add(wfcommons_options());
    options.add_options()("input", po::value<std::string>());
    positional.add("input", 1);
  } else {
    throw UsageError("import", "unknown SOURCE '" + source + "'" + did_you_mean(source, kSources) +
                                   "; expected airflow, elastic-dag or wfcommons");
  }
  options.add(output_options());
  const po::variables_map vm = parse("import", {args.begin() + 1, args.end()}, options, positional);
  check_output_paths("import", vm, {"output"}, {"input", "environment", "dags", "dag-runs", "task-instances", "pools"});

  imports::ImportResult result =
      source == "airflow" ? run_airflow(vm) : source == "elastic-dag" ? run_elastic(vm) : run_wfcommons(vm);
  // airflow reads --environment with its inputs; the others copy it here.
  if (source != "airflow" && vm.count("environment")) {
    imports::OJson sc = {{"name", result.scenario["name"]}, {"description", result.scenario["description"]},
                         {"environment", imports::read_environment_file(vm["environment"].as<std::string>())}};
    for (auto it = result.scenario.begin(); it != result.scenario.end(); ++it)
      if (!sc.contains(it.key())) sc[it.key()] = it.value();
    result.scenario = std::move(sc);
  }
  const std::string target = vm.count("output") ? vm["output"].as<std::string>() : "";
  const Scenario loaded = imports::check_scenario(result.scenario, target.empty() ? "imported scenario" : target);

  const std::string prefix = "mwaa-sim import " + source + ": ";
  err << result.log.text(prefix);
  for (const auto& w : loaded.warnings) err << prefix << "scenario warning: " << w << "\n";
  std::size_t tasks = 0;
  for (const auto& d : loaded.workload.dags) tasks += d.tasks.size();
  const std::string text = json_text(vm["workload-only"].as<bool>() ? result.scenario["workload"] : result.scenario);
  if (target.empty()) {
    out << text;
    out.flush();
  } else {
    write_output("import", target, text);
  }
  err << prefix << "wrote " << (target.empty() ? std::string("stdout") : target) << ": "
      << loaded.workload.dags.size() << " DAG(s), " << tasks << " task(s)"
      << (vm["workload-only"].as<bool>() ? " (the workload only)" : "") << "\n";
  return kExitOk;
}

}  // namespace mwaa::cli
