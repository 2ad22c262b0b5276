// "environment": the `aws mwaa get-environment` shapes (whole CLI output,
// bare Environment object, file reference), Airflow options and defaults.
#include <catch2/catch.hpp>
#include <fstream>

#include "loader_test_util.hpp"

using namespace loader_test;
using sim::Time;

namespace {

json cli_output() { return json::parse(std::ifstream(scenario_path("environments/mw1-2xlarge-15-25.json"))); }

json with_environment(const json& env) {
  json doc = minimal();
  doc["environment"] = env;
  return doc;
}

void check_the_example(const mwaa::EnvironmentSettings& e) {
  CHECK(e.name == "mwaa-openlineage-dev");
  CHECK(e.environment_class == "mw1.2xlarge");
  CHECK(e.min_workers == 15);
  CHECK(e.max_workers == 25);
  CHECK(e.schedulers == 2);
  CHECK(e.region == "us-east-2");
  CHECK(e.airflow_version.major == 3);
  CHECK(e.airflow_version.minor == 0);
  CHECK(e.airflow_version.patch == 6);
  CHECK(e.airflow.default_pool_task_slot_count == 2000);
  CHECK(e.airflow.max_active_tasks_per_dag == 2000);
}

}  // namespace

TEST_CASE("environment accepts the CLI's whole output, the bare object and a file reference", "[loader][environment]") {
  check_the_example(load(with_environment(cli_output())).environment);
  check_the_example(load(with_environment(cli_output()["Environment"])).environment);
  // {"file": ...} relative to the scenario's directory.
  const mwaa::Scenario s = load(with_environment(json{{"file", "environments/mw1-2xlarge-15-25.json"}}),
                                std::string(MWAA_SIM_SOURCE_DIR) + "/scenarios");
  check_the_example(s.environment);
  // A file holding only the bare object works too.
  const std::string bare = std::string(MWAA_SIM_BINARY_DIR) + "/loader-test-bare-environment.json";
  std::ofstream(bare) << cli_output()["Environment"].dump(2);
  check_the_example(load(with_environment(json{{"file", bare}})).environment);
}

TEST_CASE("environment defaults follow AWS and MWAA", "[loader][environment][defaults]") {
  const mwaa::Scenario s = load(minimal());
  CHECK(s.environment.environment_class == "mw1.small");
  CHECK(s.environment.min_workers == 1);
  CHECK(s.environment.max_workers == 10);
  CHECK(s.environment.schedulers == 2);
  CHECK(s.environment.region == "us-east-1");
  CHECK(s.environment.airflow_version.text == "3.0.6");
  const mwaa::AirflowConfig& a = s.environment.airflow;
  CHECK_FALSE(a.parallelism.has_value());
  CHECK(a.default_pool_task_slot_count == 10000);
  CHECK(a.max_active_tasks_per_dag == 16);
  CHECK(a.max_active_runs_per_dag == 16);
  CHECK(a.max_tis_per_query == 16);
  CHECK(a.task_queued_timeout == Time::seconds(1800));
  CHECK(a.sync_parallelism == 1);
  CHECK_FALSE(a.worker_autoscale_max.has_value());
  REQUIRE(s.pools.size() == 1);
  CHECK(s.pools[0].name == "default_pool");
  CHECK(s.pools[0].slots == 10000);
  CHECK(s.tasks_per_worker() == 5);  // mw1.small
  CHECK(s.parallelism() == 38);      // ceil(10 x 5 / 2 x 1.5)
  CHECK(has_warning(s, "core.parallelism not set: using MWAA's dynamic default 38 per scheduler"));
  CHECK(s.start_epoch_seconds == 1735689600);
  CHECK(s.time_limit == Time::seconds(86400));
  // Task defaults
  const mwaa::TaskSpec& t = s.workload.dags[0].tasks[0];
  CHECK(t.retries == 0);
  CHECK(t.retry_delay == Time::seconds(300));
  CHECK(t.weight_rule == mwaa::WeightRule::Downstream);
  CHECK(t.pool == "default_pool");
  CHECK(t.pool_slots == 1);
  CHECK(t.priority_weight == 1);
  CHECK(t.op == mwaa::OperatorKind::Worker);
}

TEST_CASE("class tasks per worker and the dynamic parallelism default", "[loader][environment][defaults]") {
  json env = {{"EnvironmentClass", "mw1.2xlarge"}, {"MinWorkers", 15}, {"MaxWorkers", 25}, {"Schedulers", 2}};
  mwaa::Scenario s = load(with_environment(env));
  CHECK(s.tasks_per_worker() == 80);
  CHECK(s.parallelism() == 1500);  // 25 x 80 / 2 x 1.5
  // worker_autoscale overrides the class default; the factor is a model parameter.
  env["AirflowConfigurationOptions"] = {{"celery.worker_autoscale", "16,12"}};
  json doc = with_environment(env);
  doc["model"] = {{"parallelism_factor", 2}};
  s = load(doc);
  CHECK(s.tasks_per_worker() == 16);
  CHECK(*s.environment.airflow.worker_autoscale_min == 12);
  CHECK(s.parallelism() == 400);  // 25 x 16 / 2 x 2
  CHECK(
      has_warning(s, "dynamic default 400 per scheduler (assumption: MaxWorkers x tasks per worker / Schedulers x 2)"));
  // mw1.micro: one scheduler by default.
  s = load(with_environment({{"EnvironmentClass", "mw1.micro"}}));
  CHECK(s.environment.schedulers == 1);
  CHECK(s.tasks_per_worker() == 3);
  // An explicit core.parallelism: no assumption, no warning.
  s = load(with_environment({{"AirflowConfigurationOptions", {{"core.parallelism", "3000"}}}}));
  CHECK(s.parallelism() == 3000);
  CHECK_FALSE(s.parallelism_is_assumed());
  CHECK_FALSE(has_warning(s, "core.parallelism not set"));
}

TEST_CASE("every modelled Airflow option is read; the rest are listed as not modelled", "[loader][environment]") {
  const json options = {{"core.parallelism", "3000"},
                        {"core.default_pool_task_slot_count", "2000"},
                        {"core.max_active_tasks_per_dag", 500},  // numbers accepted too
                        {"core.max_active_runs_per_dag", "4"},
                        {"scheduler.max_tis_per_query", "512"},
                        {"scheduler.max_dagruns_to_create_per_loop", "20"},
                        {"scheduler.max_dagruns_per_loop_to_schedule", "40"},
                        {"scheduler.scheduler_idle_sleep_time", "0.5"},
                        {"scheduler.task_queued_timeout", "3600"},
                        {"scheduler.task_queued_timeout_check_interval", "60.0"},
                        {"scheduler.num_stuck_in_queued_retries", "3"},
                        {"celery.sync_parallelism", "0"},
                        {"celery.worker_autoscale", "20,20"},
                        {"core.default_task_retries", "2"},
                        {"core.default_task_retry_delay", "30"},
                        {"core.default_task_weight_rule", "absolute"},
                        {"webserver.expose_config", "True"},
                        {"core.paralelism", "9"}};
  const mwaa::Scenario s = load(with_environment({{"AirflowConfigurationOptions", options}}));
  const mwaa::AirflowConfig& a = s.environment.airflow;
  CHECK(*a.parallelism == 3000);
  CHECK(a.default_pool_task_slot_count == 2000);
  CHECK(a.max_active_tasks_per_dag == 500);
  CHECK(a.max_active_runs_per_dag == 4);
  CHECK(a.max_tis_per_query == 512);
  CHECK(a.max_dagruns_to_create_per_loop == 20);
  CHECK(a.max_dagruns_per_loop_to_schedule == 40);
  CHECK(a.scheduler_idle_sleep_time == Time::millis(500));
  CHECK(a.task_queued_timeout == Time::seconds(3600));
  CHECK(a.task_queued_timeout_check_interval == Time::seconds(60));
  CHECK(a.num_stuck_in_queued_retries == 3);
  CHECK(a.sync_parallelism == 0);
  CHECK(*a.worker_autoscale_max == 20);
  CHECK(*a.worker_autoscale_min == 20);
  CHECK(a.default_task_retries == 2);
  CHECK(a.default_task_retry_delay == Time::seconds(30));
  CHECK(a.default_task_weight_rule == "absolute");
  CHECK(s.environment.not_modelled == std::vector<std::string>{"core.paralelism", "webserver.expose_config"});
  CHECK(has_warning(s, "\"core.paralelism\" is not modelled and is ignored; did you mean \"core.parallelism\"?"));
  // The task defaults come from the options.
  const mwaa::TaskSpec& t = s.workload.dags[0].tasks[0];
  CHECK(t.retries == 2);
  CHECK(t.retry_delay == Time::seconds(30));
  CHECK(t.weight_rule == mwaa::WeightRule::Absolute);
  CHECK(s.pools[0].slots == 2000);
}

TEST_CASE("environment errors name the field and what was expected", "[loader][environment][errors]") {
  const std::string opts = "environment.AirflowConfigurationOptions";
  require_error(with_environment({{"EnvironmentClass", "mw1.lrge"}}), "environment.EnvironmentClass",
                {"unknown environment class \"mw1.lrge\"", "did you mean \"mw1.large\"?"});
  require_error(with_environment({{"MinWorkers", 30}, {"MaxWorkers", 25}}), "environment.MinWorkers",
                {"MinWorkers (30) is greater than MaxWorkers (25)", "must be <= MaxWorkers"});
  require_error(with_environment({{"MinWorkers", 0}}), "environment.MinWorkers", {"expected an integer >= 1, got 0"});
  require_error(with_environment({{"Schedulers", 6}}), "environment.Schedulers",
                {"expected an integer between 1 and 5, got 6"});
  require_error(with_environment({{"EnvironmentClass", "mw1.micro"}, {"Schedulers", 2}}), "environment.Schedulers",
                {"mw1.micro supports at most 1 scheduler"});
  require_error(with_environment({{"AirflowVersion", "three"}}), "environment.AirflowVersion",
                {"expected an Airflow version such as \"3.0.6\""});
  require_error(with_environment({{"MaxWorker", 5}}), "environment.MaxWorker",
                {"unknown key \"MaxWorker\"", "did you mean \"MaxWorkers\"?"});
  require_error(with_environment({{"max_workers", 5}}), "environment.max_workers", {"did you mean \"MaxWorkers\"?"});
  require_error(with_environment({{"Arn", "not-an-arn"}}), "environment.Arn", {"expected an environment ARN"});
  require_error(with_environment({{"AirflowConfigurationOptions", {{"celery.worker_autoscale", "0,0"}}}}),
                opts + "[\"celery.worker_autoscale\"]", {"expected an integer >= 1, got \"0\""});
  require_error(with_environment({{"AirflowConfigurationOptions", {{"celery.worker_autoscale", "4,8"}}}}),
                opts + "[\"celery.worker_autoscale\"]", {"min <= max"});
  require_error(with_environment({{"AirflowConfigurationOptions", {{"core.parallelism", "lots"}}}}),
                opts + "[\"core.parallelism\"]", {"expected an integer >= 0, got \"lots\""});
  require_error(with_environment({{"AirflowConfigurationOptions", {{"scheduler.task_queued_timeout", "-5"}}}}),
                opts + "[\"scheduler.task_queued_timeout\"]", {"expected a number of seconds >= 0"});
  require_error(with_environment({{"AirflowConfigurationOptions", {{"core.default_task_weight_rule", "sideways"}}}}),
                opts + "[\"core.default_task_weight_rule\"]",
                {"expected \"downstream\", \"upstream\" or \"absolute\""});
  require_error(with_environment({{"AirflowConfigurationOptions", {{"core.dags_folder", json::array()}}}}),
                opts + "[\"core.dags_folder\"]", {"expected a string value"});
  require_error(with_environment({{"Environment", {{"Name", "x"}}}, {"Extra", 1}}), "environment.Extra",
                {"unknown key \"Extra\""});
  require_error(with_environment({{"file", "no/such/file.json"}}), "environment.file",
                {"cannot open environment file", "no/such/file.json"});
}

TEST_CASE("errors inside a referenced environment file name that file", "[loader][environment][errors]") {
  const std::string path = std::string(MWAA_SIM_BINARY_DIR) + "/loader-test-bad-environment.json";
  std::ofstream(path) << R"({"Environment": {"EnvironmentClass": "mw1.2xlarge", "MinWorkers": "fifteen"}})";
  const Caught c = catch_input_error([&] { load(with_environment({{"file", path}})); });
  REQUIRE(c.thrown);
  CHECK(c.file == path);
  CHECK(c.path == "Environment.MinWorkers");
  CHECK(c.message == "expected an integer >= 1, got \"fifteen\"");
}
