// The seed scenarios (seed-workloads.md) load and expand to exactly the
// load tests' DAGs, tasks, waves and environments; the teaching scenarios load.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <numeric>
#include <string>

#include "loader_test_util.hpp"
#include "models/dag_graph.hpp"

using namespace loader_test;
using mwaa::OperatorKind;
using sim::Time;

namespace {

std::size_t task_count(const mwaa::Workload& w) {
  std::size_t n = 0;
  for (const auto& d : w.dags) n += d.tasks.size();
  return n;
}

std::size_t tasks_with_prefix(const mwaa::Workload& w, const std::string& prefix) {
  std::size_t n = 0;
  for (const auto& d : w.dags)
    for (const auto& t : d.tasks) n += t.id.rfind(prefix, 0) == 0;
  return n;
}

std::string padded(int v) {
  std::string s = std::to_string(v);
  return std::string(3 - s.size(), '0') + s;
}

// The wave-family checks shared by the gradual and 5K tests.
void check_wave_family(const mwaa::Scenario& s, const std::string& prefix, const std::vector<int>& counts,
                       int load_tasks) {
  const auto& dags = s.workload.dags;
  REQUIRE(dags.size() == 1 + static_cast<std::size_t>(std::accumulate(counts.begin(), counts.end(), 0)));
  const mwaa::DagSpec& master = dags[0];
  CHECK(master.id == "trigger_performance_test");
  CHECK(master.max_active_runs == 1);
  CHECK(master.trigger_times == std::vector<Time>{Time::zero()});
  REQUIRE(master.tasks.size() == dags.size() - 1);
  int index = 0;
  for (std::size_t wave = 0; wave < counts.size(); ++wave) {
    const Time delay = Time::seconds(30 * static_cast<std::int64_t>(wave + 1));
    for (int k = 0; k < counts[wave]; ++k, ++index) {
      const std::string id = prefix + std::to_string(wave + 1) + "_" + padded(index);
      const mwaa::DagSpec& d = dags[static_cast<std::size_t>(index) + 1];
      INFO(id);
      CHECK(d.id == id);
      CHECK(d.max_active_runs == 1);
      CHECK(d.trigger_times.empty());  // triggered by the master DAG
      CHECK(d.group == "wave " + std::to_string(wave + 1));
      REQUIRE(d.planned_start.has_value());
      CHECK(*d.planned_start == delay);
      REQUIRE(d.tasks.size() == static_cast<std::size_t>(load_tasks) + 1);
      CHECK(d.tasks[0].id == "wave_start_delay");
      CHECK(d.tasks[0].duration.is_constant());
      CHECK(d.tasks[0].duration.a() == delay.to_seconds());
      CHECK(d.tasks[0].upstream.empty());
      for (int t = 0; t < load_tasks; ++t) {
        const mwaa::TaskSpec& task = d.tasks[static_cast<std::size_t>(t) + 1];
        CHECK(task.id == "task_" + std::string(t < 10 ? "0" : "") + std::to_string(t));
        CHECK(task.op == OperatorKind::Worker);
        CHECK(task.duration.is_constant());
        CHECK(task.duration.a() == 120.0);
        CHECK(task.pool == "default_pool");
        CHECK(task.retries == 0);
        CHECK(task.upstream == std::vector<std::string>{"wave_start_delay"});
      }
      // Airflow's downstream rule: the delay task outranks its load tasks.
      CHECK(mwaa::compile_dag(d, "", "").priority[0] == load_tasks + 1);
      // The master's trigger task for this DAG.
      const mwaa::TaskSpec& trig = master.tasks[static_cast<std::size_t>(index)];
      CHECK(trig.id == "trigger_" + id);
      CHECK(trig.op == OperatorKind::TriggerDagRun);
      CHECK(trig.trigger_dag_ids == std::vector<std::string>{id});
      CHECK(trig.duration.kind() == sim::Distribution::Kind::Uniform);
      CHECK(trig.duration.a() == 1.0);
      CHECK(trig.duration.b() == 2.0);
      CHECK(trig.upstream.empty());
    }
  }
}

}  // namespace

TEST_CASE("gradual-load-2600 is seed test 1 exactly", "[loader][seed]") {
  const mwaa::Scenario s = mwaa::load_scenario_file(scenario_path("gradual-load-2600.json"));
  CHECK(s.name == "gradual-load-2600");
  // 100 DAGs x (1 + 26) + the master's 100 trigger tasks.
  CHECK(s.workload.dags.size() == 101);
  CHECK(task_count(s.workload) == 2800);
  CHECK(tasks_with_prefix(s.workload, "task_") == 2600);
  CHECK(tasks_with_prefix(s.workload, "wave_start_delay") == 100);
  CHECK(tasks_with_prefix(s.workload, "trigger_") == 100);
  check_wave_family(s, "perf_test_wave", {25, 13, 12, 25, 25}, 26);
  // The seed's table: wave 2 = DAGs 25-37, wave 3 = 38-49.
  CHECK(s.workload.dags[26].id == "perf_test_wave2_025");
  CHECK(s.workload.dags[38].id == "perf_test_wave2_037");
  CHECK(s.workload.dags[39].id == "perf_test_wave3_038");
  CHECK(s.workload.dags[100].id == "perf_test_wave5_099");

  const auto& env = s.environment;
  CHECK(env.name == "mwaa-openlineage-dev");
  CHECK(env.environment_class == "mw1.2xlarge");
  CHECK(env.min_workers == 15);
  CHECK(env.max_workers == 25);
  CHECK(env.schedulers == 2);
  CHECK(env.region == "us-east-2");
  CHECK(env.airflow_version.text == "3.0.6");
  CHECK(env.airflow_version.major == 3);
  CHECK(env.airflow.default_pool_task_slot_count == 2000);
  CHECK(env.airflow.max_active_tasks_per_dag == 2000);
  CHECK(env.not_modelled.empty());
  REQUIRE(s.pools.size() == 1);
  CHECK(s.pools[0].name == "default_pool");
  CHECK(s.pools[0].slots == 2000);
  CHECK(s.tasks_per_worker() == 80);
  CHECK(s.parallelism_is_assumed());
  CHECK(s.parallelism() == 1500);  // 25 workers x 80 / 2 schedulers x 1.5
  CHECK(has_warning(s,
                    "core.parallelism not set: using MWAA's dynamic default 1500 per scheduler (assumption: "
                    "MaxWorkers x tasks per worker / Schedulers x 1.5)"));
  REQUIRE(s.targets.completion.has_value());
  CHECK(*s.targets.completion == Time::seconds(270));
  CHECK(s.start == "2025-05-01T10:00:00Z");
  CHECK(s.start_epoch_seconds == 1746093600);
  CHECK(s.seed == 1);
  CHECK(s.source_file == scenario_path("gradual-load-2600.json"));
}

TEST_CASE("load-5k is seed test 2: 200 DAGs x 26 tasks plus 200 triggers", "[loader][seed]") {
  const mwaa::Scenario s = mwaa::load_scenario_file(scenario_path("load-5k.json"));
  CHECK(s.workload.dags.size() == 201);
  CHECK(task_count(s.workload) == 200 * 26 + 200);
  CHECK(tasks_with_prefix(s.workload, "task_") == 5000);
  check_wave_family(s, "perf_5k_wave", {50, 25, 25, 50, 50}, 25);
  CHECK(s.environment.airflow.default_pool_task_slot_count == 5000);
  CHECK(s.environment.airflow.max_active_tasks_per_dag == 5000);
  CHECK(s.pools[0].slots == 5000);
  CHECK(s.environment.environment_class == "mw1.2xlarge");
  CHECK(s.environment.min_workers == 15);
  CHECK(s.environment.max_workers == 25);
  CHECK(s.description.find("Assumed") != std::string::npos);
}

TEST_CASE("soak-3300 is seed test 3's recorded configuration", "[loader][seed][soak]") {
  const mwaa::Scenario s = mwaa::load_scenario_file(scenario_path("soak-3300.json"));
  // 65 DAGs x (wave_delay + 3300 // 65 = 50 load tasks).
  REQUIRE(s.workload.dags.size() == 65);
  CHECK(task_count(s.workload) == 65 * 51);
  CHECK(s.environment.min_workers == 20);
  CHECK(s.environment.max_workers == 50);
  CHECK(s.environment.schedulers == 3);
  CHECK(s.environment.airflow.task_queued_timeout == Time::seconds(3600));
  CHECK(s.environment.airflow.default_pool_task_slot_count == 5000);
  CHECK(s.environment.airflow.max_active_tasks_per_dag == 5000);
  CHECK(has_warning(s, "MaxWorkers 50 is above MWAA's default quota of 25"));
  CHECK(s.parallelism() == 2000);  // 50 x 80 / 3 x 1.5

  // By hand from seed-workloads.md section 3 with peak 3300, tasks per DAG 50:
  //   wave 1 at T+0: 500 // 50 = 10 DAGs
  //   wave 2 at T+2 min: (3300/2) // 50 = 1650 // 50 = 33 in total -> 23 DAGs
  //   wave 3 at T+4 min: (0.75 x 3300) // 50 = 2475 // 50 = 49 in total -> 16 DAGs
  //   peak waves: 65 - 49 = 16 DAGs over 20 // 5 = 4 waves at T+5/10/15/20 min -> 4, 4, 4, 4
  //   dag_duration = 20: every load task runs 20 min = 1200 s.
  const std::map<std::string, std::pair<int, int>> expected = {
      // group -> (DAGs, delay s)
      {"wave 1", {10, 0}},  {"wave 2", {23, 120}}, {"wave 3", {16, 240}}, {"wave 4", {4, 300}},
      {"wave 5", {4, 600}}, {"wave 6", {4, 900}},  {"wave 7", {4, 1200}}};
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < s.workload.dags.size(); ++i) {
    const auto& d = s.workload.dags[i];
    INFO(d.id);
    CHECK(d.id == "factory_sustained_set_01_dag_" + padded(static_cast<int>(i)));
    REQUIRE(expected.count(d.group) == 1);
    ++seen[d.group];
    const Time delay = Time::seconds(expected.at(d.group).second);
    CHECK(d.trigger_times == std::vector<Time>{Time::zero()});
    CHECK(d.max_active_runs == 1);
    CHECK(d.max_active_tasks == 55);
    REQUIRE(d.planned_start.has_value());
    CHECK(*d.planned_start == delay);
    REQUIRE(d.tasks.size() == 51);
    CHECK(d.tasks[0].id == "wave_delay");
    CHECK(d.tasks[0].duration.a() == delay.to_seconds());
    for (std::size_t t = 1; t < 51; ++t) {
      CHECK(d.tasks[t].id == "load_task_" + std::string(t - 1 < 10 ? "0" : "") + std::to_string(t - 1));
      CHECK(d.tasks[t].duration.a() == 1200.0);
      CHECK(d.tasks[t].upstream == std::vector<std::string>{"wave_delay"});
      CHECK(d.tasks[t].retries == 0);
    }
  }
  for (const auto& [group, want] : expected) CHECK(seen[group] == want.first);
  // Wave 1 is DAGs 000-009, wave 2 010-032, wave 3 033-048, peak waves 049-052, 053-056, 057-060, 061-064.
  CHECK(s.workload.dags[9].group == "wave 1");
  CHECK(s.workload.dags[10].group == "wave 2");
  CHECK(s.workload.dags[32].group == "wave 2");
  CHECK(s.workload.dags[33].group == "wave 3");
  CHECK(s.workload.dags[49].group == "wave 4");
  CHECK(s.workload.dags[64].group == "wave 7");
}

TEST_CASE("the teaching scenarios load", "[loader][seed]") {
  const mwaa::Scenario one = mwaa::load_scenario_file(scenario_path("one-dag.json"));
  REQUIRE(one.workload.dags.size() == 1);
  CHECK(one.workload.dags[0].id == "three_task_chain");
  CHECK(task_count(one.workload) == 3);
  CHECK(one.environment.environment_class == "mw1.small");
  CHECK(one.tasks_per_worker() == 5);
  CHECK(one.parallelism() == 38);  // ceil(10 x 5 / 2 x 1.5) = ceil(37.5)

  const mwaa::Scenario chain = mwaa::load_scenario_file(scenario_path("chain.json"));
  REQUIRE(chain.workload.dags.size() == 1);
  CHECK(task_count(chain.workload) == 10);
  const auto c = mwaa::compile_dag(chain.workload.dags[0], "", "");
  CHECK(c.roots.size() == 1);
  CHECK(c.priority[0] == 10);

  const mwaa::Scenario fan = mwaa::load_scenario_file(scenario_path("fan-out.json"));
  REQUIRE(fan.workload.dags.size() == 1);
  const auto& d = fan.workload.dags[0];
  REQUIRE(d.tasks.size() == 52);
  CHECK(d.tasks[0].op == OperatorKind::Empty);
  CHECK(d.tasks[1].id == "work_00");
  CHECK(d.tasks[50].id == "work_49");
  CHECK(d.tasks[51].id == "join");
  CHECK(d.tasks[51].op == OperatorKind::Empty);
  CHECK(d.tasks[51].upstream.size() == 50);
  CHECK(mwaa::compile_dag(d, "", "").priority[0] == 52);
}

TEST_CASE("the example environment file is the CLI's output shape", "[loader][seed][environment]") {
  const json file = json::parse(std::ifstream(scenario_path("environments/mw1-2xlarge-15-25.json")));
  REQUIRE(file.size() == 1);
  REQUIRE(file.contains("Environment"));
  for (const char* key : {"Arn",
                          "Name",
                          "EnvironmentClass",
                          "MinWorkers",
                          "MaxWorkers",
                          "Schedulers",
                          "AirflowVersion",
                          "AirflowConfigurationOptions",
                          "ExecutionRoleArn",
                          "NetworkConfiguration",
                          "LoggingConfiguration",
                          "SourceBucketArn",
                          "DagS3Path",
                          "WebserverUrl",
                          "Status",
                          "CreatedAt",
                          "LastUpdate",
                          "Tags",
                          "WeeklyMaintenanceWindowStart",
                          "CeleryExecutorQueue"})
    CHECK(file["Environment"].contains(key));
  CHECK(file["Environment"]["AirflowConfigurationOptions"]["core.default_pool_task_slot_count"] == "2000");
}
