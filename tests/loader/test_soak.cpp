// The soak generator's wave arithmetic (seed-workloads.md section 3), checked
// against numbers worked out by hand from the spec.
#include <catch2/catch.hpp>
#include <map>

#include "loader_test_util.hpp"
#include "models/scenario_loader_soak.hpp"

using namespace loader_test;

namespace {

struct Expect {
  int wave, dags, delay_minutes, run_minutes;
};

void check_plan(const mwaa::SoakPlan& plan, const std::vector<Expect>& expected) {
  REQUIRE(plan.waves.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("wave " << expected[i].wave);
    CHECK(plan.waves[i].wave == expected[i].wave);
    CHECK(plan.waves[i].dag_count == expected[i].dags);
    CHECK(plan.waves[i].delay_minutes == expected[i].delay_minutes);
    CHECK(plan.waves[i].run_minutes == expected[i].run_minutes);
  }
}

}  // namespace

TEST_CASE("soak plan for the recorded run: peak 3300, 20 min peak, 36 min total", "[loader][soak]") {
  mwaa::SoakParams p;
  p.peak_tasks = 3300;
  p.peak_duration = 20;
  p.total_duration = 36;
  p.task_duration = 900;
  p.dag_duration = 0;  // derived per wave
  const mwaa::SoakPlan plan = mwaa::soak_plan(p);
  // tasks per DAG = 3300 // 65 = 50
  CHECK(plan.tasks_per_dag == 50);
  // ramp-down = 36 - 5 - 20 = 11 min; ramp-down starts at 5 + 20 = 25 min
  CHECK(plan.ramp_down == 11);
  CHECK(plan.total_duration == 36);
  check_plan(plan, {
                       {1, 10, 0, 25},  // 500 // 50 = 10 DAGs; runs until the ramp-down starts: 25 min
                       {2, 23, 2, 28},  // 1650 // 50 = 33 in total; 25 + 11 // 3 = 28 min
                       {3, 16, 4, 32},  // 2475 // 50 = 49 in total; 25 + 22 // 3 = 32 min
                       {4, 4, 5, 31},   // (65 - 49) // 4 = 4; 36 - 5 - 0 = 31 min
                       {5, 4, 10, 26},  // 36 - 5 - 5 = 26
                       {6, 4, 15, 21},  // 36 - 5 - 10 = 21
                       {7, 4, 20, 16},  // the last takes the remainder 65 - 61 = 4; 36 - 5 - 15 = 16
                   });
  CHECK(plan.load_seconds(plan.waves[0], p) == 25 * 60);
  p.dag_duration = 20;  // as recorded: every load task runs 20 min
  for (const auto& w : plan.waves) CHECK(plan.load_seconds(w, p) == 1200);
  REQUIRE(plan.dag_order.size() == 65);
  for (int i = 0; i < 65; ++i) CHECK(plan.dag_order[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("soak plan with the generator's defaults: peak 2000, 20 min peak, 40 min total", "[loader][soak]") {
  const mwaa::SoakPlan plan = mwaa::soak_plan(mwaa::SoakParams{});
  // tasks per DAG = 2000 // 65 = 30; ramp-down = 40 - 25 = 15
  CHECK(plan.tasks_per_dag == 30);
  check_plan(plan, {
                       {1, 16, 0, 25},  // 500 // 30 = 16
                       {2, 17, 2, 30},  // 1000 // 30 = 33 -> 17; 25 + 15 // 3 = 30
                       {3, 17, 4, 35},  // 1500 // 30 = 50 -> 17; 25 + 30 // 3 = 35
                       {4, 3, 5, 35},   // (65 - 50) // 4 = 3
                       {5, 3, 10, 30},
                       {6, 3, 15, 25},
                       {7, 6, 20, 20},  // remainder: 65 - 59 = 6
                   });
}

TEST_CASE("soak plan: short ramp-down is raised to 5 minutes, small peaks follow the generator", "[loader][soak]") {
  mwaa::SoakParams p;
  p.peak_tasks = 3300;
  p.peak_duration = 10;
  p.total_duration = 12;  // ramp-down 12 - 15 < 5 -> 5, total 20
  mwaa::SoakPlan plan = mwaa::soak_plan(p);
  CHECK(plan.ramp_down == 5);
  CHECK(plan.total_duration == 20);
  check_plan(plan, {{1, 10, 0, 15}, {2, 23, 2, 16}, {3, 16, 4, 18}, {4, 8, 5, 15}, {5, 8, 10, 10}});

  // peak 650: 10 tasks per DAG; wave 1 = 50 DAGs, wave 2 would end at 32 (< 50) and wave 3 at 48:
  // their counts are negative, so they generate nothing, as in the generator; peak waves take 50..64.
  p = mwaa::SoakParams{};
  p.peak_tasks = 650;
  plan = mwaa::soak_plan(p);
  CHECK(plan.tasks_per_dag == 10);
  CHECK(plan.waves[0].dag_count == 50);
  CHECK(plan.waves[1].dag_count == -18);
  CHECK(plan.waves[2].dag_count == 16);  // 48 - 32, starting at DAG 32: re-assigns DAGs 32..47 to wave 3
  REQUIRE(plan.dag_order.size() == 65);
  CHECK(plan.wave_of_dag[31] == 0);
  CHECK(plan.wave_of_dag[32] == 2);
  CHECK(plan.wave_of_dag[47] == 2);
  // Peak waves: (65 - 48) // 4 = 4 each from DAG 48, the last 65 - 60 = 5: DAG 48 moves to wave 4.
  CHECK(plan.wave_of_dag[48] == 3);
  CHECK(plan.wave_of_dag[64] == 6);
}

TEST_CASE("the soak generator in a scenario: derived durations, sets, prefix, pool", "[loader][soak]") {
  json doc = minimal();
  doc["pools"] = {{"soak", 5000}};
  doc["workload"] = json::parse(R"({"generators": [{"kind": "soak", "peak_tasks": 3300, "peak_duration": 20,
      "total_duration": 36, "task_duration": 900, "dag_duration": 0, "sets": 2, "dag_id_prefix": "soak",
      "pool": "soak", "trigger_at": "1m"}]})");
  const mwaa::Scenario s = load(doc);
  REQUIRE(s.workload.dags.size() == 130);
  CHECK(s.workload.dags[0].id == "soak_set_01_dag_000");
  CHECK(s.workload.dags[65].id == "soak_set_02_dag_000");
  const std::map<std::string, double> run_seconds = {{"wave 1", 25 * 60}, {"wave 2", 28 * 60}, {"wave 3", 32 * 60},
                                                     {"wave 4", 31 * 60}, {"wave 5", 26 * 60}, {"wave 6", 21 * 60},
                                                     {"wave 7", 16 * 60}};
  std::map<std::string, int> count;
  for (const auto& d : s.workload.dags) {
    ++count[d.group];
    CHECK(d.trigger_times == std::vector<sim::Time>{sim::Time::minutes(1)});
    CHECK(d.tasks[1].duration.a() == run_seconds.at(d.group));
    CHECK(d.tasks[1].pool == "soak");
    CHECK(*d.planned_start ==
          sim::Time::minutes(1) + sim::Time::seconds(static_cast<std::int64_t>(d.tasks[0].duration.a())));
  }
  CHECK(
      count ==
      std::map<std::string, int>{
          {"wave 1", 20}, {"wave 2", 46}, {"wave 3", 32}, {"wave 4", 8}, {"wave 5", 8}, {"wave 6", 8}, {"wave 7", 8}});
  // Adjusted total_duration is reported.
  doc["workload"]["generators"][0]["total_duration"] = 20;
  CHECK(has_warning(load(doc), "the generator uses 30 min"));
}
