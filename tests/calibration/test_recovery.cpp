// Recovery: a run simulated with hidden parameter values, written exactly as
// `aws cloudwatch get-metric-data` would (plus its queries), is calibrated
// from the defaults; the hidden values come back within kTolerance. Then the
// calibrated parameters are validated on a run of a different workload.
#include <cmath>

#include "calibration_fixtures.hpp"
#include "models/calibration/calibration.hpp"
#include "models/calibration/fit_report.hpp"
#include "models/calibration/model_block.hpp"
#include "models/calibration/observed_inputs.hpp"
#include "models/calibration/validation.hpp"
#include "models/report/task_instance_export.hpp"
#include "models/simulation.hpp"

using namespace mwaa;
using namespace mwaa::calibration;
using namespace calib_test;

namespace {

// Each hidden factor must come back within 25 %. The observed run uses a seed
// the calibration never simulates, so this includes the run's own randomness.
constexpr double kTolerance = 0.25;
// Mean MAPE bound for the validation run (a different workload and seed).
constexpr double kValidationMape = 25.0;

struct Export {
  std::string metrics, queries, task_instances;
};

// The hidden-parameter run of `scenario`, written as real exports: metrics
// with +-3 % noise, AdditionalWorker periods without workers left out as real
// CloudWatch leaves them out (no container, no datapoint).
Export export_hidden_run(const ScratchDir& dir, const std::string& name, json scenario, std::uint64_t seed) {
  scenario["model"] = hidden_model();
  const Scenario truth = load(scenario);
  const RunResult run = simulate(truth, seed);
  std::vector<MetricSeries> series = cloudwatch_series(truth, run);
  add_noise(series);
  for (auto& s : series)
    if (s.id == "additional_workers")
      for (std::size_t i = s.values.size(); i-- > 0;)
        if (s.values[i] == 0) {
          s.values.erase(s.values.begin() + static_cast<std::ptrdiff_t>(i));
          s.timestamps.erase(s.timestamps.begin() + static_cast<std::ptrdiff_t>(i));
        }
  return {dir.write(name + "-metrics.json", metric_data_json(series).dump(2)),
          dir.write(name + "-queries.json", metric_data_queries(series).dump(2)),
          dir.write(name + "-ti.json", task_instances_json(truth, run).dump(2))};
}

double factor_of(const CalibrationResult& r, const std::string& key) {
  for (const auto& p : r.parameters)
    if (p.param.key == key) return p.factor;
  FAIL("no parameter " << key);
  return 0;
}

}  // namespace

TEST_CASE("calibration recovers hidden parameters and validation passes on another workload", "[calibration][recovery]") {
  ScratchDir dir;
  const Export fit_run = export_hidden_run(dir, "fit", fit_scenario(), 99);
  const ObservedInputs inputs = read_observed_inputs({{fit_run.metrics}, fit_run.queries, {}, {}});

  CalibrationOptions options;
  options.fit = "startup_overhead,provisioning_delay";
  // Executor QueuedTasks (handed to the executor, not yet sent to SQS) is 0 or
  // 1 at random in a minute's Maximum: pure noise for this fit, so weight 0.
  options.comparison.weights = {{"executor_queued_tasks", 0.0}};
  int last_progress = 0;
  options.progress = [&](int done, int total) {
    CHECK(done <= total);
    last_progress = done;
  };
  const Scenario start = load(fit_scenario(), dir.file("fit.json"));
  const CalibrationResult r = calibrate(start, inputs.metrics, std::nullopt, options);

  const double startup = factor_of(r, "task_startup_overhead");
  const double provisioning = factor_of(r, "worker_provisioning_delay");
  INFO("startup factor " << startup << ", provisioning factor " << provisioning);
  CHECK(std::fabs(startup / kHiddenStartup - 1) < kTolerance);
  CHECK(std::fabs(provisioning / kHiddenProvisioning - 1) < kTolerance);
  CHECK(r.objective_after < r.objective_before);
  CHECK(r.evaluations <= r.budget);
  CHECK(r.budget == default_budget(2));
  CHECK(last_progress > 0);
  CHECK(r.prepared.seeds.size() == 3);
  for (const auto& p : r.parameters) {
    CHECK(p.mean_sd);  // both parameters move the series: each has an uncertainty
    CHECK_FALSE(p.at_bound);
  }
  // The missing AdditionalWorker periods are missing, not zero: fewer compared periods.
  for (const auto& m : r.prepared.plan.series)
    if (m.model_id == "additional_workers") CHECK(m.values.size() < r.prepared.plan.series[0].values.size());

  // The report says what the fit did.
  const json report = json::parse(fit_report_json(r).dump());
  CHECK(report["parameters"].size() == 2);
  CHECK(report["parameters"][0]["requested_as"] == "startup_overhead");
  CHECK(report["series"].size() == 10);
  CHECK(report["series"][1]["after"]["rmse"].get<double>() < report["series"][1]["before"]["rmse"].get<double>());
  CHECK(report["completion"]["observed_source"].get<std::string>().find("metrics") == 0);
  const std::string csv = fit_report_csv(r);
  CHECK(csv.rfind("series,model_series,timestamp,observed,simulated_start,simulated_fitted\n", 0) == 0);
  CHECK(contains(csv, "\nqueue_queued_tasks,queue_queued_tasks,2025-05-01T10:05:00+00:00,"));

  // The calibrated model block, laid over a scenario of another workload,
  // predicts a run it never saw (different DAGs, waves and seed).
  std::vector<FitParameter> fit;
  for (const auto& p : r.parameters) fit.push_back(p.param);
  const std::string params = dir.write("calibrated.json", model_block_json(r.fitted, fit).dump(2));
  const Export other = export_hidden_run(dir, "validate", validation_scenario(), 42);
  const std::string scenario_file = dir.write("validation-scenario.json", validation_scenario());
  const ObservedInputs seen = read_observed_inputs({{other.metrics}, other.queries, {}, {other.task_instances}});
  ComparisonOptions compare;
  compare.weights = {{"executor_queued_tasks", 0.0}};
  const ValidationResult calibrated =
      validate_run(load_scenario_with_params(scenario_file, params), seen.metrics, seen.task_instances, compare);
  const ValidationResult defaults =
      validate_run(load_scenario_file(scenario_file), seen.metrics, seen.task_instances, compare);
  REQUIRE(calibrated.mean_mape);
  REQUIRE(defaults.mean_mape);
  INFO("mean MAPE calibrated " << *calibrated.mean_mape << " %, defaults " << *defaults.mean_mape << " %");
  CHECK(*calibrated.mean_mape < kValidationMape);
  CHECK(*calibrated.mean_mape < *defaults.mean_mape);
  CHECK(calibrated.objective < defaults.objective);
  // The task instances give the observed completion; the calibrated run ends near it.
  REQUIRE(calibrated.prepared.observed_completion);
  CHECK(calibrated.prepared.observed_completion_source == "task instances: last end_date");
  CHECK(calibrated.prepared.at_start.completion_mean == Approx(*calibrated.prepared.observed_completion).epsilon(0.05));
}

TEST_CASE("task instances start the start-up overhead's search where they point", "[calibration][recovery]") {
  ScratchDir dir;
  const Export run = export_hidden_run(dir, "fit", fit_scenario(), 7);
  const ObservedInputs inputs = read_observed_inputs({{run.metrics}, run.queries, {}, {run.task_instances}});
  CalibrationOptions options;
  options.fit = "startup_overhead";
  options.max_evaluations = 12;  // a short search: the estimate does most of the work
  options.comparison.replications = 2;
  // The provisioning delay is known here (the scenario has the hidden one):
  // fitted alone, a wrong start-up would otherwise make up for it.
  json scenario = fit_scenario();
  scenario["model"] = {{"worker_provisioning_delay", hidden_model()["worker_provisioning_delay"]}};
  const CalibrationResult r = calibrate(load(scenario), inputs.metrics, inputs.task_instances, options);
  REQUIRE(r.parameters.size() == 1);
  REQUIRE(r.parameters[0].task_instance_estimate);
  const double hidden_mean = sim::Distribution::lognormal_median_p95(12, 24).mean();
  CHECK(*r.parameters[0].task_instance_estimate == Approx(hidden_mean).epsilon(0.1));
  CHECK(std::fabs(r.parameters[0].factor / kHiddenStartup - 1) < kTolerance);
  CHECK(r.evaluations <= 12);
  CHECK(r.prepared.task_instances->differing.empty());
}
