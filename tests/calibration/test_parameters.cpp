// Fitted parameters by key or alias, factors applied, and the model block
// written in forms the scenario loader reads back.
#include "calibration_fixtures.hpp"
#include "models/calibration/fit_parameters.hpp"
#include "models/calibration/model_block.hpp"

using namespace mwaa;
using namespace mwaa::calibration;
using namespace calib_test;

TEST_CASE("fit keys: model keys and the short aliases", "[calibration][parameters]") {
  const ModelParams defaults;
  const auto fit = resolve_fit_parameters(
      "startup_overhead, provisioning_delay,scheduler_loop_base,"
      "broker_send_latency,worker_pickup_latency,critical_section_per_ti,"
      "autoscaler_evaluation_period",
      defaults);
  REQUIRE(fit.size() == 7);
  CHECK(fit[0].key == "task_startup_overhead");
  CHECK(fit[0].requested == "startup_overhead");
  CHECK(fit[1].key == "worker_provisioning_delay");
  CHECK(fit[1].start_mean() == Approx(135));
  CHECK(fit[6].key == "autoscaler_evaluation_period");
  CHECK_FALSE(fit[6].is_distribution);
  CHECK(fit[6].start_mean() == 60);
}

TEST_CASE("unknown, repeated and unfittable keys are refused with a suggestion", "[calibration][parameters]") {
  const ModelParams defaults;
  Caught c = catch_input_error([&] { resolve_fit_parameters("startup_overhed", defaults); });
  CHECK(c.path == "--fit");
  CHECK(contains(c.message, "did you mean \"startup_overhead\""));
  c = catch_input_error([&] { resolve_fit_parameters("startup_overhead,task_startup_overhead", defaults); });
  CHECK(contains(c.message, "listed twice"));
  c = catch_input_error([&] { resolve_fit_parameters("metrics_period", defaults); });
  CHECK(contains(c.message, "describes the CloudWatch export"));
  c = catch_input_error([&] { resolve_fit_parameters("scale_in_policy", defaults); });
  CHECK(contains(c.message, "not a fittable"));
  c = catch_input_error([&] { resolve_fit_parameters(" , ", defaults); });
  CHECK(contains(c.message, "no parameter to fit"));
  ModelParams zero;
  zero.broker_send_latency = sim::Distribution::constant(0);
  c = catch_input_error([&] { resolve_fit_parameters("broker_send_latency", zero); });
  CHECK(contains(c.message, "cannot move a zero value"));
}

TEST_CASE("factors scale distributions and durations, clamped to the bounds", "[calibration][parameters]") {
  ModelParams p;
  const auto fit = resolve_fit_parameters("startup_overhead,provisioning_delay,autoscaler_evaluation_period", p);
  apply_factors(p, fit, {3.0, 0.5, 1000.0});
  CHECK(p.task_startup_overhead.mean() == Approx(3 * ModelParams{}.task_startup_overhead.mean()));
  CHECK(p.worker_provisioning_delay.a() == Approx(45));
  CHECK(p.worker_provisioning_delay.b() == Approx(90));
  CHECK(p.autoscaler_evaluation_period == sim::Time::seconds(60) * 20);  // kMaxFactor
}

TEST_CASE("the model block loads in a scenario, every distribution kind", "[calibration][parameters]") {
  ModelParams p;
  p.task_startup_overhead = sim::Distribution::lognormal_median_p95(12.5, 24.25);
  p.worker_provisioning_delay = sim::Distribution::uniform(45, 90.5);
  p.worker_pickup_latency = sim::Distribution::normal(0.3, 0.1);
  p.broker_send_latency = sim::Distribution::exponential(0.02);
  p.scheduler_loop_base = sim::Distribution::empirical({0.1, 0.2, 0.4});
  p.critical_section_per_ti = sim::Distribution::constant(0.005);
  p.task_state_write_latency = sim::Distribution::lognormal_mean_stddev(0.3, 0.1);
  p.autoscaler_evaluation_period = sim::Time::millis(75'500);
  const auto fit = resolve_fit_parameters(
      "task_startup_overhead,worker_provisioning_delay,worker_pickup_latency,"
      "broker_send_latency,scheduler_loop_base,critical_section_per_ti,"
      "task_state_write_latency,autoscaler_evaluation_period",
      ModelParams{});
  const json block = json::parse(model_block_json(p, fit).dump());
  CHECK(block["model"]["worker_provisioning_delay"] == json::parse(R"({"uniform": [45.0, 90.5]})"));
  CHECK(block["model"]["task_startup_overhead"]["lognormal"]["median"] == 12.5);
  CHECK(block["model"]["autoscaler_evaluation_period"] == 75.5);

  json doc = fit_scenario();
  doc["model"] = block["model"];
  const Scenario sc = load(doc);
  const ModelParams& q = sc.model;
  auto same = [](const sim::Distribution& a, const sim::Distribution& b) {
    CHECK(a.kind() == b.kind());
    CHECK(a.mean() == Approx(b.mean()).epsilon(1e-6));
    CHECK(a.b() == Approx(b.b()).epsilon(1e-5).margin(1e-9));
  };
  same(q.task_startup_overhead, p.task_startup_overhead);
  same(q.worker_provisioning_delay, p.worker_provisioning_delay);
  same(q.worker_pickup_latency, p.worker_pickup_latency);
  same(q.broker_send_latency, p.broker_send_latency);
  same(q.scheduler_loop_base, p.scheduler_loop_base);
  same(q.critical_section_per_ti, p.critical_section_per_ti);
  same(q.task_state_write_latency, p.task_state_write_latency);
  CHECK(q.autoscaler_evaluation_period == p.autoscaler_evaluation_period);
}

TEST_CASE("validate --params lays a model block over the scenario's own", "[calibration][parameters]") {
  ScratchDir dir;
  json doc = fit_scenario();
  doc["model"] = {{"drain_exit_delay", "30s"}, {"task_startup_overhead", "2s"}};
  const std::string scenario = dir.write("scenario.json", doc);
  const std::string params = dir.write("calibrated.json", json{{"model", hidden_model()}});
  const Scenario sc = load_scenario_with_params(scenario, params);
  CHECK(sc.model.task_startup_overhead.mean() == Approx(sim::Distribution::lognormal_median_p95(12, 24).mean()));
  CHECK(sc.model.worker_provisioning_delay.a() == 45);
  CHECK(sc.model.drain_exit_delay == sim::Time::seconds(30));  // the scenario's, untouched

  const std::string bad = dir.write("bad.json", json{{"model", {{"task_startup_overhead", {{"uniform", {5, 1}}}}}}});
  Caught c = catch_input_error([&] { load_scenario_with_params(scenario, bad); });
  CHECK(c.file == bad);
  CHECK(c.path == "model.task_startup_overhead");
  const std::string typo = dir.write("typo.json", json{{"model", {{"task_startup_overheads", "3s"}}}});
  c = catch_input_error([&] { load_scenario_with_params(scenario, typo); });
  CHECK(contains(c.message, "did you mean \"task_startup_overhead\""));
  c = catch_input_error([&] { load_scenario_with_params(scenario, dir.write("none.json", json{{"params", 1}})); });
  CHECK(contains(c.message, "missing \"model\""));
}
