// Generators: workloads computed from a few parameters. Kind "soak" is the
// sustained-load test of seed-workloads.md section 3 (see
// models/scenario_loader_soak.hpp for the wave arithmetic).
//
// How a soak DAG runs here: the real test's master DAG triggers all 65 DAGs
// at once and each DAG's wave_delay task sleeps delay_minutes x 60 s, so each
// DAG is a manual run at trigger_at (default T+0) with that wave_delay task,
// then tasks_per_dag parallel load tasks that each run for the wave's run
// length (a load task loops sleep cycles of task_duration seconds, the last
// one shortened, until its total is reached, so its length is the total).
#include <stdexcept>

#include "models/scenario_loader_elastic.hpp"
#include "models/scenario_loader_parts.hpp"
#include "models/scenario_loader_soak.hpp"
#include "models/scenario_loader_template.hpp"

namespace mwaa::input {

namespace {

const std::vector<std::string> kSoakKeys = {"kind",         "peak_tasks",   "peak_duration", "total_duration",
                                            "task_duration", "dag_duration", "sets",          "dag_id_prefix",
                                            "pool",          "trigger_at"};

std::string zero_padded(int v, int width) {
  std::string s = std::to_string(v);
  return std::string(s.size() < static_cast<std::size_t>(width) ? width - s.size() : 0, '0') + s;
}

std::vector<DagSource> expand_soak(const Json& g, const Where& w, std::vector<std::string>& warnings) {
  check_keys(g, w, kSoakKeys);
  SoakParams p;
  auto read = [&](const char* key, int& field) {
    if (const Json* x = member(g, key)) field = get_int(*x, w.key(key), 0);
  };
  read("peak_tasks", p.peak_tasks);
  read("peak_duration", p.peak_duration);
  read("total_duration", p.total_duration);
  read("task_duration", p.task_duration);
  read("dag_duration", p.dag_duration);
  read("sets", p.sets);
  std::string prefix = "factory_sustained";
  if (const Json* x = member(g, "dag_id_prefix")) prefix = get_nonempty_string(*x, w.key("dag_id_prefix"));
  std::string pool = "default_pool";
  if (const Json* x = member(g, "pool")) pool = get_nonempty_string(*x, w.key("pool"));
  sim::Time start = sim::Time::zero();
  if (const Json* x = member(g, "trigger_at")) start = get_duration(*x, w.key("trigger_at"));

  SoakPlan plan;
  try {
    plan = soak_plan(p);
  } catch (const std::invalid_argument& e) {
    w.fail(e.what());
  }
  if (plan.total_duration != p.total_duration)
    warnings.push_back("soak generator at " + w.path + ": total_duration " + std::to_string(p.total_duration) +
                       " min leaves less than 5 min of ramp-down; the generator uses " +
                       std::to_string(plan.total_duration) + " min");

  std::vector<DagSource> out;
  for (int set = 1; set <= p.sets; ++set) {
    for (int dag_num : plan.dag_order) {
      const SoakWave& wave = plan.waves[static_cast<std::size_t>(plan.wave_of_dag[static_cast<std::size_t>(dag_num)])];
      const std::string id = prefix + "_set_" + zero_padded(set, 2) + "_dag_" + zero_padded(dag_num, 3);
      const sim::Time delay = sim::Time::minutes(wave.delay_minutes);
      Json dag = {{"dag_id", id},
                  {"max_active_runs", 1},
                  {"max_active_tasks", plan.tasks_per_dag + 5},  // as the generator writes it
                  {"trigger_at", Json::array({start.to_seconds()})},
                  {"group", "wave " + std::to_string(wave.wave)},
                  {"planned_start", (start + delay).to_seconds()}};
      DagSource src{std::move(dag), w, w, {}};
      src.tasks.emplace_back(Json{{"task_id", "wave_delay"}, {"duration", delay.to_seconds()}, {"pool", pool}, {"retries", 0}},
                             w);
      const int seconds = plan.load_seconds(wave, p);
      for (int t = 0; t < plan.tasks_per_dag; ++t)
        src.tasks.emplace_back(Json{{"task_id", "load_task_" + zero_padded(t, 2)},
                                    {"duration", seconds},
                                    {"pool", pool},
                                    {"retries", 0},
                                    {"upstream", Json::array({"wave_delay"})}},
                               w);
      out.push_back(std::move(src));
    }
  }
  return out;
}

}  // namespace

std::vector<DagSource> expand_generator(const Json& g, const Where& w, std::vector<std::string>& warnings) {
  expect_object(g, w);
  const Json* kind = member(g, "kind");
  if (!kind) w.fail("missing \"kind\" (generators: \"soak\", \"elastic_dag\")");
  const std::string k = get_string(*kind, w.key("kind"));
  if (k == "soak") return expand_soak(g, w, warnings);
  if (k == "elastic_dag") return expand_elastic_dag(g, w, warnings);
  w.key("kind").fail("unknown generator kind \"" + k + "\"" + suggest(k, {"soak", "elastic_dag"}));
}

}  // namespace mwaa::input
