// Workload language: DAG fields, task fields, repeat, upstream patterns,
// downstream lists, families and their substitution, pools, targets, start.
#include <catch2/catch.hpp>
#include <cmath>

#include "loader_test_util.hpp"
#include "models/dag_graph.hpp"
#include "models/scenario_loader_template.hpp"

using namespace loader_test;
using mwaa::OperatorKind;
using sim::Time;

namespace {

json with_dags(const json& dags) {
  json doc = minimal();
  doc["workload"] = {{"dags", dags}};
  return doc;
}

const mwaa::TaskSpec& find_task(const mwaa::DagSpec& d, const std::string& id) {
  for (const auto& t : d.tasks)
    if (t.id == id) return t;
  FAIL("no task " << id);
  throw;
}

}  // namespace

TEST_CASE("every DAG and task key is read", "[loader][workload]") {
  const mwaa::Scenario s = load(with_dags(json::parse(R"([{
    "dag_id": "etl", "description": "nightly", "max_active_runs": 2, "max_active_tasks": 8,
    "trigger_at": ["0s", "10m"], "schedule": {"first": "1h", "interval": "30m", "count": 3},
    "group": "batch", "planned_start": 60,
    "tasks": [
      {"task_id": "a", "operator": "bash", "duration": {"normal": {"mean": "10s", "stddev": "2s"}},
       "pool": "default_pool", "pool_slots": 2, "priority_weight": 5, "weight_rule": "upstream",
       "max_active_tis_per_dag": 3, "max_active_tis_per_dagrun": 1, "retries": 4, "retry_delay": "1m",
       "failure_probability": 0.25},
      {"task_id": "b", "operator": "airflow.providers.amazon.aws.operators.glue.GlueJobOperator", "upstream": "a"},
      {"task_id": "c", "operator": "EmptyOperator", "upstream": ["a", "b", "a"]},
      {"task_id": "t", "trigger_dag_id": "other"},
      {"task_id": "s", "operator": "S3KeySensor"}
    ]}, {"dag_id": "other", "tasks": [{"task_id": "x"}]}])")));
  const mwaa::DagSpec& d = s.workload.dags[0];
  CHECK(d.id == "etl");
  CHECK(d.max_active_runs == 2);
  CHECK(d.max_active_tasks == 8);
  CHECK(d.trigger_times == std::vector<Time>{Time::zero(), Time::minutes(10)});
  REQUIRE(d.schedule.has_value());
  CHECK(d.schedule->first == Time::minutes(60));
  CHECK(d.schedule->interval == Time::minutes(30));
  CHECK(*d.schedule->count == 3);
  CHECK(d.group == "batch");
  CHECK(*d.planned_start == Time::seconds(60));
  const mwaa::TaskSpec& a = d.tasks[0];
  CHECK(a.op == OperatorKind::Worker);
  CHECK(a.duration.kind() == sim::Distribution::Kind::Normal);
  CHECK(a.pool_slots == 2);
  CHECK(a.priority_weight == 5);
  CHECK(a.weight_rule == mwaa::WeightRule::Upstream);
  CHECK(*a.max_active_tis_per_dag == 3);
  CHECK(*a.max_active_tis_per_dagrun == 1);
  CHECK(a.retries == 4);
  CHECK(a.retry_delay == Time::minutes(1));
  CHECK(a.failure_probability == 0.25);
  CHECK(d.tasks[1].op == OperatorKind::Worker);
  CHECK(d.tasks[1].upstream == std::vector<std::string>{"a"});
  CHECK(d.tasks[2].op == OperatorKind::Empty);
  CHECK(d.tasks[2].upstream == std::vector<std::string>{"a", "b"});  // listed twice: once
  CHECK(d.tasks[3].op == OperatorKind::TriggerDagRun);               // implied by its target
  CHECK(d.tasks[3].trigger_dag_ids == std::vector<std::string>{"other"});
  CHECK(d.tasks[4].op == OperatorKind::Worker);
  // "other" runs because a running DAG triggers it: no warning.
  CHECK_FALSE(has_warning(s, "never run"));
}

TEST_CASE("repeat, {i} formats, prefix patterns and downstream lists", "[loader][workload]") {
  const mwaa::Scenario s = load(with_dags(json::parse(R"([{
    "dag_id": "fan", "trigger_at": [0],
    "tasks": [
      {"task_id": "start", "downstream": ["work_*"]},
      {"task_id": "work_{i:03}", "repeat": 12, "duration": "{i}", "pool": "default_pool"},
      {"task_id": "join", "upstream": ["work_*"]},
      {"task_id": "report_{i}", "repeat": 2, "upstream": ["join"], "downstream": "end"},
      {"task_id": "end"}
    ]}])")));
  const mwaa::DagSpec& d = s.workload.dags[0];
  REQUIRE(d.tasks.size() == 1 + 12 + 1 + 2 + 1);
  CHECK(d.tasks[1].id == "work_000");
  CHECK(d.tasks[12].id == "work_011");
  CHECK(d.tasks[12].duration.a() == 11.0);  // "{i}" alone keeps the number type: 11 seconds
  CHECK(d.tasks[5].upstream == std::vector<std::string>{"start"});
  CHECK(find_task(d, "join").upstream.size() == 12);
  CHECK(find_task(d, "report_1").upstream == std::vector<std::string>{"join"});
  CHECK(find_task(d, "end").upstream == std::vector<std::string>{"report_0", "report_1"});
}

TEST_CASE("families substitute {index}, {wave}, {dag_id} and wave variables", "[loader][workload][family]") {
  json doc = minimal();
  doc["workload"] = json::parse(R"J({
    "dags": [{"dag_id": "master", "trigger_at": ["0s"], "tasks": [{"task_id": "begin"}]}],
    "families": [{
      "dag_id": "load_w{wave}_{index:03}",
      "waves": [{"count": 2, "delay": "30s", "label": "first", "limit": 3},
                {"count": 1, "delay": 90, "label": "second", "limit": 5}],
      "dag": {"max_active_runs": "{limit}", "group": "wave {wave} ({label})", "planned_start": "{delay}",
              "tasks": [{"task_id": "wait", "duration": "{delay}"},
                        {"task_id": "w{i:02}_{label}", "repeat": 3, "upstream": ["wait"], "duration": "1m"}]},
      "trigger": {"dag_id": "master", "upstream": ["begin"], "duration": "2s", "priority_weight": "{limit}"}
    }, {
      "dag_id": "solo_{index}", "count": 2,
      "dag": {"trigger_at": ["{index}"], "tasks": [{"task_id": "only_{dag_id}"}]}
    }]})J");
  const mwaa::Scenario s = load(doc);
  const auto& dags = s.workload.dags;
  REQUIRE(dags.size() == 1 + 3 + 2);
  CHECK(dags[1].id == "load_w1_000");
  CHECK(dags[2].id == "load_w1_001");
  CHECK(dags[3].id == "load_w2_002");  // {index} counts across waves
  CHECK(dags[1].group == "wave 1 (first)");
  CHECK(dags[3].group == "wave 2 (second)");
  CHECK(dags[1].max_active_runs == 3);
  CHECK(dags[3].max_active_runs == 5);
  CHECK(*dags[1].planned_start == Time::seconds(30));
  CHECK(*dags[3].planned_start == Time::seconds(90));
  CHECK(dags[3].tasks[0].duration.a() == 90.0);
  CHECK(dags[3].tasks[3].id == "w02_second");
  CHECK(dags[4].id == "solo_0");
  CHECK(dags[5].trigger_times == std::vector<Time>{Time::seconds(1)});
  CHECK(dags[5].tasks[0].id == "only_solo_1");
  // The master got one trigger task per member, after its own task.
  const mwaa::DagSpec& master = dags[0];
  REQUIRE(master.tasks.size() == 4);
  CHECK(master.tasks[1].id == "trigger_load_w1_000");
  CHECK(master.tasks[3].id == "trigger_load_w2_002");
  CHECK(master.tasks[3].op == OperatorKind::TriggerDagRun);
  CHECK(master.tasks[3].trigger_dag_ids == std::vector<std::string>{"load_w2_002"});
  CHECK(master.tasks[3].upstream == std::vector<std::string>{"begin"});
  CHECK(master.tasks[3].priority_weight == 5);
  CHECK(master.tasks[1].priority_weight == 3);
}

TEST_CASE("template substitution: formats, types, escapes and unknown variables", "[loader][template]") {
  using mwaa::input::substitute;
  using mwaa::input::substitute_text;
  const mwaa::input::Where w{"f.json", "p"};
  const mwaa::input::Variables vars = {{"index", 7}, {"name", "x"}, {"delay", "30s"}, {"n", -4}};
  CHECK(substitute_text("a_{index:03}_{name}", vars, w) == "a_007_x");
  CHECK(substitute_text("{index:4}|{n:03}", vars, w) == "   7|-04");
  CHECK(substitute_text("{{literal}} {index}", vars, w) == "{literal} 7");
  CHECK(substitute_text("keep {i:02} {index}", vars, w, {"i"}) == "keep {i:02} 7");
  CHECK(substitute(json("{index}"), vars, w) == json(7));
  CHECK(substitute(json("{delay}"), vars, w) == json("30s"));
  CHECK(substitute(json::parse(R"({"k": ["{name}{index}", 3]})"), vars, w) == json::parse(R"({"k": ["x7", 3]})"));
  CHECK_THROWS_WITH(substitute_text("{dellay}", vars, w),
                    Catch::Contains("unknown variable {dellay}") && Catch::Contains("did you mean \"delay\"?"));
  CHECK_THROWS_WITH(substitute_text("open {index", vars, w), Catch::Contains("invalid variable reference"));
  CHECK_THROWS_WITH(substitute_text("close }", vars, w), Catch::Contains("unmatched '}'"));
}

TEST_CASE("pools: array or object form, default_pool first", "[loader][workload][pools]") {
  json doc = minimal();
  doc["pools"] = json::parse(R"([{"name": "etl", "slots": 4, "include_deferred": true},
                                  {"name": "default_pool", "slots": 50}, {"name": "api", "slots": -1}])");
  mwaa::Scenario s = load(doc);
  REQUIRE(s.pools.size() == 3);
  CHECK(s.pools[0].name == "default_pool");
  CHECK(s.pools[0].slots == 50);
  CHECK(s.pools[1].name == "etl");
  CHECK(s.pools[1].include_deferred);
  CHECK(s.pools[2].slots == -1);
  CHECK(has_warning(s, "pool default_pool has 50 slots as listed in pools"));
  doc["pools"] = {{"etl", 4}, {"big", {{"slots", 9}}}};
  s = load(doc);
  REQUIRE(s.pools.size() == 3);
  CHECK(s.pools[0].name == "default_pool");
  CHECK(s.pools[0].slots == 10000);
}

TEST_CASE("top-level keys: start, seed, time limit, targets, model", "[loader][workload]") {
  json doc = minimal();
  doc["name"] = "custom";
  doc["start"] = "2025-05-01T12:30:00.250+02:00";
  doc["seed"] = 18446744073709551615ULL;
  doc["time_limit"] = "90m";
  doc["targets"] = {{"completion", {{"p90", "4m30s"}}}, {"max_queue_age", 60}};
  doc["model"] = {{"task_startup_overhead", "lognormal(median=4s, p95=8s)"},
                  {"worker_provisioning_delay", {{"uniform", {"60s", "120s"}}}},
                  {"broker_send_latency", "30ms"},
                  {"autoscaler_evaluation_period", "30s"},
                  {"demand_aggregation", "mean"},
                  {"scale_in_policy", "legacy-2023"},
                  {"parallelism_factor", 1.25}};
  const mwaa::Scenario s = load(doc);
  CHECK(s.name == "custom");
  CHECK(s.start == "2025-05-01T10:30:00Z");
  CHECK(s.start_epoch_seconds == 1746095400);
  CHECK(s.seed == 18446744073709551615ULL);
  CHECK(s.time_limit == Time::minutes(90));
  CHECK(*s.targets.completion == Time::seconds(270));
  CHECK(s.targets.completion_percentile == 90);
  CHECK(*s.targets.max_queue_age == Time::seconds(60));
  CHECK(s.model.task_startup_overhead.kind() == sim::Distribution::Kind::Lognormal);
  CHECK(s.model.worker_provisioning_delay.a() == 60.0);
  CHECK(s.model.worker_provisioning_delay.b() == 120.0);
  CHECK(s.model.broker_send_latency.a() == Approx(0.03));
  CHECK(s.model.autoscaler_evaluation_period == Time::seconds(30));
  CHECK(s.model.demand_aggregation == mwaa::DemandAggregation::Mean);
  CHECK(s.model.scale_in_policy == mwaa::ScaleInPolicy::Legacy2023);
  CHECK(s.model.parallelism_factor == 1.25);
}

TEST_CASE("every model parameter's documented default text parses back to the default", "[loader][model]") {
  const mwaa::ModelParams defaults;
  for (const auto& p : mwaa::model_parameters()) {
    INFO(p.key << " = " << p.default_text);
    json doc = minimal();
    if (p.kind == "number")
      doc["model"] = {{p.key, std::stod(p.default_text)}};
    else
      doc["model"] = {{p.key, p.default_text}};
    mwaa::ModelParams parsed = load(doc).model;
    mwaa::ModelParams want = defaults;
    if (auto* d = mwaa::find_distribution_param(parsed, p.key)) {
      const auto* e = mwaa::find_distribution_param(want, p.key);
      CHECK(d->kind() == e->kind());
      CHECK(d->a() == Approx(e->a()));
      CHECK(d->b() == Approx(e->b()));
    } else if (auto* t = mwaa::find_duration_param(parsed, p.key)) {
      CHECK(*t == *mwaa::find_duration_param(want, p.key));
    }
  }
}

TEST_CASE("distributions in every JSON form", "[loader][distribution]") {
  using mwaa::parse_distribution_json;
  using K = sim::Distribution::Kind;
  CHECK(parse_distribution_json(json(2.5), "", "").a() == 2.5);
  CHECK(parse_distribution_json(json("1m30s"), "", "").a() == 90.0);
  CHECK(parse_distribution_json(json{{"constant", "250ms"}}, "", "").a() == 0.25);
  CHECK(parse_distribution_json(json{{"uniform", {1, "2s"}}}, "", "").kind() == K::Uniform);
  CHECK(parse_distribution_json(json{{"uniform", {{"low", 1}, {"high", 3}}}}, "", "").b() == 3.0);
  CHECK(parse_distribution_json(json{{"normal", {{"mean", "10s"}, {"stddev", 2}}}}, "", "").kind() == K::Normal);
  CHECK(parse_distribution_json(json{{"lognormal", {{"median", 4}, {"p95", 8}}}}, "", "").kind() == K::Lognormal);
  CHECK(parse_distribution_json(json{{"lognormal", {{"mean", 4}, {"stddev", 1}}}}, "", "").mean() == Approx(4.0));
  CHECK(parse_distribution_json(json{{"exponential", {{"mean", "3s"}}}}, "", "").mean() == Approx(3.0));
  CHECK(parse_distribution_json(json{{"empirical", {1, 2, "3s"}}}, "", "").samples().size() == 3);
  CHECK(parse_distribution_json(json("uniform(50ms, 500ms)"), "", "").b() == Approx(0.5));
  CHECK(parse_distribution_json(json("normal(10s, 2s)"), "", "").a() == 10.0);
  CHECK(parse_distribution_json(json("exponential(5s)"), "", "").mean() == Approx(5.0));
  CHECK(parse_distribution_json(json("empirical(1s, 2s)"), "", "").samples().size() == 2);
  CHECK_THROWS_WITH(parse_distribution_json(json{{"unifrom", {1, 2}}}, "f.json", "x"),
                    Catch::Contains("f.json: x.unifrom: unknown distribution \"unifrom\"; did you mean \"uniform\"?"));
  CHECK_THROWS_WITH(parse_distribution_json(json{{"uniform", {3, 1}}}, "f.json", "x"),
                    Catch::StartsWith("f.json: x: "));
  CHECK_THROWS_WITH(parse_distribution_json(json(true), "f.json", "x"),
                    Catch::Contains("expected a distribution") && Catch::Contains("got true"));
  CHECK_THROWS_WITH(parse_distribution_json(json("-3s"), "f.json", "x"), Catch::Contains("expected a duration >= 0"));
}

TEST_CASE("durations: numbers, strings, and what is rejected", "[loader][duration]") {
  using mwaa::parse_duration_json;
  CHECK(parse_duration_json(json(90), "", "") == Time::seconds(90));
  CHECK(parse_duration_json(json(0.5), "", "") == Time::millis(500));
  CHECK(parse_duration_json(json("4m30s"), "", "") == Time::seconds(270));
  CHECK_THROWS_WITH(
      parse_duration_json(json(true), "f.json", "a.b"),
      Catch::Equals("f.json: a.b: expected a duration such as \"4m30s\" or a number of seconds, got true"));
  CHECK_THROWS_WITH(parse_duration_json(json(std::nan("")), "f.json", "a.b"),
                    Catch::Contains("f.json: a.b: expected a duration"));
  CHECK_THROWS_WITH(parse_duration_json(json("soon"), "f.json", "a.b"), Catch::Contains("invalid duration \"soon\""));
  CHECK_THROWS_WITH(parse_duration_json(json(-1), "f.json", "a.b"),
                    Catch::Contains("expected a duration >= 0, got -1"));
}

TEST_CASE("a 20000-task fan-out and fan-in loads with exact weights", "[loader][workload][large]") {
  const mwaa::Scenario s = load(with_dags(json::parse(R"([{
    "dag_id": "wide", "trigger_at": [0],
    "tasks": [
      {"task_id": "start"},
      {"task_id": "w_{i:05}", "repeat": 19998, "upstream": ["start"]},
      {"task_id": "join", "upstream": ["w_*"]}
    ]}])")));
  const mwaa::DagSpec& d = s.workload.dags[0];
  REQUIRE(d.tasks.size() == 20000);
  CHECK(d.tasks.back().upstream.size() == 19998);
  const auto c = mwaa::compile_dag(d, "", "");
  CHECK(c.priority[0] == 20000);  // start: itself + 19998 + join
  CHECK(c.priority[1] == 2);      // w_00000 + join
}
