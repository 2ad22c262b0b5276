// elastic_dag.py's shapes, ids and runs, as the loader generator and
// `import elastic-dag` make them.
#include <catch2/catch.hpp>

#include "import_test_util.hpp"
#include "models/import/elastic_dag.hpp"
#include "models/scenario_loader.hpp"
#include "models/simulation.hpp"

using namespace import_test;
using namespace mwaa::imports;

namespace {

using Edges = std::vector<std::pair<int, int>>;

mwaa::Scenario load_generator(const Json& generator) {
  Json doc = {{"workload", {{"generators", Json::array({generator})}}}};
  return mwaa::load_scenario(doc, "elastic.json");
}

}  // namespace

TEST_CASE("each shape's edges as elastic_dag.py chains them", "[import][elastic]") {
  CHECK(elastic_edges(ElasticShape::NoStructure, 5).empty());
  CHECK(elastic_edges(ElasticShape::Linear, 4) == Edges{{0, 1}, {1, 2}, {2, 3}});
  // tasks[i].set_downstream(tasks[(i - 1) // 2]): children run before their parent.
  CHECK(elastic_edges(ElasticShape::BinaryTree, 7) == Edges{{1, 0}, {2, 0}, {3, 1}, {4, 1}, {5, 2}, {6, 2}});
  // tasks[0].set_upstream(tasks[1:])
  CHECK(elastic_edges(ElasticShape::Star, 5) == Edges{{1, 0}, {2, 0}, {3, 0}, {4, 0}});
  // 10 tasks: grid size 4; rows 0-3, 4-6, 7-8, 9; each task's right and lower neighbours point to it.
  CHECK(elastic_edges(ElasticShape::Grid, 10) ==
        Edges{{4, 0}, {1, 0}, {5, 1}, {2, 1}, {6, 2}, {3, 2}, {7, 4}, {5, 4}, {8, 5}, {6, 5}, {9, 7}, {8, 7}});
  // A partial last row: 5 tasks, size 3 (rows 0-2, 3-4): index(2, 0) = 5 does not exist.
  CHECK(elastic_edges(ElasticShape::Grid, 5) == Edges{{3, 0}, {1, 0}, {4, 1}, {2, 1}, {4, 3}});
  CHECK(elastic_edges(ElasticShape::Grid, 1).empty());
  CHECK(elastic_edges(ElasticShape::Grid, 4950).size() > 0);
  CHECK_THROWS_AS(elastic_edges(ElasticShape::Grid, 4951), std::invalid_argument);
}

TEST_CASE("edge counts per shape", "[import][elastic]") {
  for (int n : {1, 2, 3, 7, 16, 100}) {
    INFO(n);
    CHECK(elastic_edges(ElasticShape::Linear, n).size() == static_cast<std::size_t>(n - 1));
    CHECK(elastic_edges(ElasticShape::BinaryTree, n).size() == static_cast<std::size_t>(n - 1));
    CHECK(elastic_edges(ElasticShape::Star, n).size() == static_cast<std::size_t>(n - 1));
  }
  // A full grid of size k (k(k+1)/2 tasks) has k(k-1) edges.
  CHECK(elastic_edges(ElasticShape::Grid, 15).size() == 20);
}

TEST_CASE("DAG and task ids as safe_dag_id makes them", "[import][elastic]") {
  ElasticDagParams p;
  p.dags_count = 2;
  p.tasks_count = 3;
  p.shape = ElasticShape::Linear;
  CHECK(elastic_dag_id(p, 1) == "perf_scheduler__SHAPE_linear__DAGS_COUNT_1_of_2__TASKS_COUNT_3__START_DATE_1h__SCHEDULE_once");
  p.schedule_interval = "1.5h";
  p.dag_prefix = "my-prefix";
  CHECK(elastic_dag_id(p, 2) == "my_prefix__SHAPE_linear__DAGS_COUNT_2_of_2__TASKS_COUNT_3__START_DATE_1h__SCHEDULE_1_5h");
  CHECK(elastic_task_id(1, 3) == "tasks__1_of_3");
}

TEST_CASE("the generator loads every shape with the right tasks and dependencies, and runs", "[import][elastic]") {
  for (const auto& shape : elastic_shape_names()) {
    INFO(shape);
    const mwaa::Scenario s = load_generator({{"kind", "elastic_dag"}, {"dags_count", 2}, {"tasks_count", 10}, {"shape", shape},
                                             {"task_duration", "1s"}});
    REQUIRE(s.workload.dags.size() == 2);
    const auto& dag = s.workload.dags[0];
    REQUIRE(dag.tasks.size() == 10);
    CHECK(dag.tasks[0].id == "tasks__1_of_10");
    CHECK(dag.tasks[0].duration.mean() == Approx(1));
    std::size_t edges = 0;
    for (const auto& t : dag.tasks) edges += t.upstream.size();
    CHECK(edges == elastic_edges(*parse_elastic_shape(shape), 10).size());
    // The edges themselves, by task id.
    for (const auto& [from, to] : elastic_edges(*parse_elastic_shape(shape), 10)) {
      const auto& ups = dag.tasks[static_cast<std::size_t>(to)].upstream;
      CHECK(std::count(ups.begin(), ups.end(), elastic_task_id(from + 1, 10)) == 1);
    }
    REQUIRE(dag.schedule.has_value());  // "@once": one scheduled run
    CHECK(dag.schedule->count == 1);
    const mwaa::RunResult r = mwaa::simulate(s);
    require_complete_and_ordered(s, r);
    CHECK(r.dag_runs.size() == 2);
    CHECK_FALSE(r.dag_runs[0].manual);
  }
}

TEST_CASE("schedules: catch-up all at once, future runs, none, and the generator's errors", "[import][elastic]") {
  SECTION("every run already due: all created at the start") {
    const mwaa::Scenario s = load_generator({{"kind", "elastic_dag"}, {"dags_count", 1}, {"tasks_count", 2}, {"shape", "linear"},
                                             {"schedule_interval", "5m"}, {"max_runs", 3}, {"start_ago", "1h"}});
    const mwaa::RunResult r = mwaa::simulate(s);
    REQUIRE(r.dag_runs.size() == 3);
    for (const auto& run : r.dag_runs) CHECK(run.created < sim::Time::seconds(5));
    for (const auto& w : s.warnings) CHECK(w.find("catch-up") == std::string::npos);
  }
  SECTION("none due yet: the first when its interval ends, then every interval") {
    const mwaa::Scenario s = load_generator({{"kind", "elastic_dag"}, {"dags_count", 1}, {"tasks_count", 1}, {"shape", "star"},
                                             {"schedule_interval", "10m"}, {"max_runs", 2}, {"start_ago", "4m"}});
    REQUIRE(s.workload.dags[0].schedule.has_value());
    CHECK(s.workload.dags[0].schedule->first == sim::Time::seconds(360));
    CHECK(s.workload.dags[0].schedule->interval == sim::Time::seconds(600));
  }
  SECTION("a backlog and later runs: approximated, with a warning") {
    const mwaa::Scenario s = load_generator({{"kind", "elastic_dag"}, {"dags_count", 1}, {"tasks_count", 1}, {"shape", "grid"},
                                             {"schedule_interval", "10m"}, {"max_runs", 20}, {"start_ago", "1h"}});
    bool warned = false;
    for (const auto& w : s.warnings) warned = warned || w.find("catch-up creates 6 run(s)") != std::string::npos;
    CHECK(warned);
  }
  SECTION("None: no scheduled runs; trigger_at adds manual ones") {
    const mwaa::Scenario s = load_generator({{"kind", "elastic_dag"}, {"dags_count", 1}, {"tasks_count", 1}, {"shape", "linear"},
                                             {"schedule_interval", "None"}, {"trigger_at", Json::array({"0s", "30s"})}});
    CHECK_FALSE(s.workload.dags[0].schedule.has_value());
    CHECK(s.workload.dags[0].trigger_times.size() == 2);
  }
  SECTION("errors name the key") {
    auto error = [](Json g) {
      return catch_input_error([&] { load_generator(g); });
    };
    Json base = {{"kind", "elastic_dag"}, {"dags_count", 1}, {"tasks_count", 2}, {"shape", "linear"}};
    Json g = base;
    g["shape"] = "binary-tree";
    Caught c = error(g);
    CHECK(c.path == "workload.generators[0].shape");
    CHECK(c.message.find("did you mean \"binary_tree\"") != std::string::npos);
    g = base;
    g["max_runs"] = 2;  // with "@once"
    c = error(g);
    CHECK(c.path == "workload.generators[0].max_runs");
    CHECK(c.message.find("Can't set max runs") != std::string::npos);
    g = base;
    g["schedule_interval"] = "5 minutes";
    CHECK(error(g).path == "workload.generators[0].schedule_interval");
    g = base;
    g["shape"] = "grid";
    g["tasks_count"] = 5000;
    CHECK(error(g).message.find("at most 4950") != std::string::npos);
    g = base;
    g.erase("tasks_count");
    CHECK(error(g).message == "missing \"tasks_count\" (PERF_TASKS_COUNT)");
    g = base;
    g["dag_count"] = 1;
    CHECK(error(g).message.find("did you mean \"dags_count\"") != std::string::npos);
  }
}

TEST_CASE("time deltas as elastic_dag.py parses them", "[import][elastic]") {
  CHECK(parse_perf_time_delta("2d8h5m20s") == sim::Time::seconds(2 * 86400 + 8 * 3600 + 5 * 60 + 20));
  CHECK(parse_perf_time_delta("1.5h") == sim::Time::seconds(5400));
  CHECK(parse_perf_time_delta("") == sim::Time::zero());
  CHECK_FALSE(parse_perf_time_delta("5 minutes"));
  CHECK_FALSE(parse_perf_time_delta("1.2.3h"));
  CHECK_FALSE(parse_perf_time_delta("5m1h"));  // parts in order only
}

TEST_CASE("import elastic-dag's DAGs equal the generator's", "[import][elastic]") {
  ElasticDagParams p;
  p.dags_count = 3;
  p.tasks_count = 7;
  p.shape = ElasticShape::BinaryTree;
  std::vector<std::string> notes;
  OJson doc = {{"workload", {{"dags", elastic_dags(p, notes)}}}};
  const mwaa::Scenario expanded = check_scenario(doc, "expanded.json");
  const mwaa::Scenario generated = check_scenario({{"workload", {{"generators", OJson::array({elastic_generator_json(p)})}}}},
                                                  "generated.json");
  CHECK(structure(expanded) == structure(generated));
  CHECK(expanded.workload.dags.size() == 3);
}
