// Airflow REST API responses, two readers:
//  - `mwaa-sim import airflow`: the pages go through add_*_page,
//    finish_recording, build_airflow_scenario (both duration and arrival
//    modes) and the produced scenario is loaded as the CLI loads it;
//  - calibration's task-instance reader (parse_task_instances).
// The input is one JSON object bundling one page per collection:
// {"dags": page, "tasks": {"<dag_id>": page, ...}, "dag_runs": page,
//  "task_instances": page, "pools": page, "environment": get-environment}.
// A page is what the API returns or the bare array; so a real
// task-instances response is itself a valid bundle.
#include <cstddef>
#include <cstdint>

#include "models/calibration/task_instance_input.hpp"
#include "models/import/airflow_rest.hpp"
#include "models/scenario_loader_json.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using mwaa::imports::Json;

void import_airflow(const Json& bundle, mwaa::imports::DurationMode durations, mwaa::imports::ArrivalMode arrivals) {
  namespace im = mwaa::imports;
  im::AirflowRecording rec;
  if (auto it = bundle.find("dags"); it != bundle.end()) im::add_dags_page(rec, *it, "dags.json");
  if (auto it = bundle.find("tasks"); it != bundle.end() && it->is_object())
    for (auto t = it->begin(); t != it->end(); ++t) im::add_tasks_page(rec, t.key(), t.value(), "tasks/" + t.key() + ".json");
  if (auto it = bundle.find("dag_runs"); it != bundle.end()) im::add_dag_runs_page(rec, *it, "dag_runs.json");
  if (auto it = bundle.find("task_instances"); it != bundle.end())
    im::add_task_instances_page(rec, *it, "task_instances.json");
  if (auto it = bundle.find("pools"); it != bundle.end()) im::add_pools_page(rec, *it, "pools.json");
  if (auto it = bundle.find("environment"); it != bundle.end()) rec.environment = *it;
  im::finish_recording(rec);
  im::AirflowImportOptions options;
  options.durations = durations;
  options.arrivals = arrivals;
  const im::ImportResult result = im::build_airflow_scenario(rec, options);
  im::check_scenario(result.scenario, "imported.json").prepare();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace im = mwaa::imports;
  Json bundle;
  fuzz::expect_input_errors_only([&] { bundle = mwaa::input::parse_json_text(fuzz::text(data, size), "bundle.json"); });
  if (!bundle.is_object()) return 0;
  fuzz::expect_input_errors_only([&] { import_airflow(bundle, im::DurationMode::Replay, im::ArrivalMode::Recorded); });
  fuzz::expect_input_errors_only([&] { import_airflow(bundle, im::DurationMode::Fitted, im::ArrivalMode::Rate); });
  fuzz::expect_input_errors_only([&] {
    const auto it = bundle.find("task_instances");
    mwaa::calibration::parse_task_instances({{"task_instances.json", it != bundle.end() ? *it : bundle}});
  });
  return 0;
}
