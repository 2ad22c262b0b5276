// compile_dag: dependency lists, cycle naming, and Airflow's priority weights
// for each weight rule (diamond by hand, random DAGs against a brute force,
// 10^5-task chains and fans).
#include <algorithm>
#include <catch2/catch.hpp>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "models/dag_graph.hpp"
#include "models/errors.hpp"

using mwaa::CompiledDag;
using mwaa::DagSpec;
using mwaa::TaskSpec;
using mwaa::WeightRule;

namespace {

TaskSpec task(std::string id, std::vector<std::string> upstream = {}, int weight = 1,
              WeightRule rule = WeightRule::Downstream) {
  TaskSpec t;
  t.id = std::move(id);
  t.upstream = std::move(upstream);
  t.priority_weight = weight;
  t.weight_rule = rule;
  return t;
}

// a -> b, a -> c, b -> d, c -> d with weights 1, 2, 3, 4.
DagSpec diamond(WeightRule rule) {
  DagSpec d;
  d.id = "diamond";
  d.tasks = {task("a", {}, 1, rule), task("b", {"a"}, 2, rule), task("c", {"a"}, 3, rule),
             task("d", {"b", "c"}, 4, rule)};
  return d;
}

DagSpec chain(std::size_t n, WeightRule rule) {
  DagSpec d;
  d.id = "chain";
  d.tasks.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    d.tasks.push_back(task("t" + std::to_string(i),
                           i ? std::vector<std::string>{"t" + std::to_string(i - 1)} : std::vector<std::string>{}, 1,
                           rule));
  return d;
}

// Airflow's definition, directly: own + sum of each relative's own weight, by BFS.
std::vector<std::int64_t> brute_force(const DagSpec& dag, const CompiledDag& c) {
  std::vector<std::int64_t> out;
  for (std::size_t v = 0; v < dag.tasks.size(); ++v) {
    std::int64_t total = dag.tasks[v].priority_weight;
    if (dag.tasks[v].weight_rule != WeightRule::Absolute) {
      const auto& next = dag.tasks[v].weight_rule == WeightRule::Downstream ? c.downstream : c.upstream;
      std::vector<bool> seen(dag.tasks.size(), false);
      std::deque<std::uint32_t> todo(next[v].begin(), next[v].end());
      while (!todo.empty()) {
        const auto x = todo.front();
        todo.pop_front();
        if (seen[x]) continue;
        seen[x] = true;
        total += dag.tasks[x].priority_weight;
        for (auto y : next[x]) todo.push_back(y);
      }
    }
    out.push_back(total);
  }
  return out;
}

}  // namespace

TEST_CASE("compile_dag builds upstream/downstream lists, roots and a topological order", "[loader][dag]") {
  const DagSpec d = diamond(WeightRule::Downstream);
  const CompiledDag c = mwaa::compile_dag(d, "f.json", "workload.dags[0]");
  CHECK(c.upstream == std::vector<std::vector<std::uint32_t>>{{}, {0}, {0}, {1, 2}});
  CHECK(c.downstream == std::vector<std::vector<std::uint32_t>>{{1, 2}, {3}, {3}, {}});
  CHECK(c.roots == std::vector<std::uint32_t>{0});
  REQUIRE(c.topological_order.size() == 4);
  std::vector<std::size_t> pos(4);
  for (std::size_t i = 0; i < 4; ++i) pos[c.topological_order[i]] = i;
  for (std::uint32_t v = 0; v < 4; ++v)
    for (auto u : c.upstream[v]) CHECK(pos[u] < pos[v]);
}

TEST_CASE("priority weights on a diamond follow each weight rule", "[loader][dag][priority]") {
  // downstream: a = 1+2+3+4 (d once), b = 2+4, c = 3+4, d = 4
  CHECK(mwaa::compile_dag(diamond(WeightRule::Downstream), "", "").priority == std::vector<std::int64_t>{10, 6, 7, 4});
  // upstream: a = 1, b = 2+1, c = 3+1, d = 4+1+2+3 (a once)
  CHECK(mwaa::compile_dag(diamond(WeightRule::Upstream), "", "").priority == std::vector<std::int64_t>{1, 3, 4, 10});
  CHECK(mwaa::compile_dag(diamond(WeightRule::Absolute), "", "").priority == std::vector<std::int64_t>{1, 2, 3, 4});
  // Mixed rules: each task uses its own rule; relatives count with their own weight.
  DagSpec mixed = diamond(WeightRule::Downstream);
  mixed.tasks[3].weight_rule = WeightRule::Upstream;
  mixed.tasks[1].weight_rule = WeightRule::Absolute;
  CHECK(mwaa::compile_dag(mixed, "", "").priority == std::vector<std::int64_t>{10, 2, 7, 10});
}

TEST_CASE("priority weights match a brute force on random DAGs", "[loader][dag][priority]") {
  std::mt19937_64 rng(12345);
  for (int round = 0; round < 30; ++round) {
    const std::size_t n = 1 + rng() % 300;  // crosses several 64-task blocks
    DagSpec d;
    d.id = "random";
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::string> ups;
      const std::size_t k = i ? rng() % std::min<std::size_t>(i, 4) : 0;
      for (std::size_t e = 0; e < k; ++e) ups.push_back("t" + std::to_string(rng() % i));
      const int weight = static_cast<int>(rng() % 21) - 5;  // negative weights exist in Airflow
      const auto rule = static_cast<WeightRule>(rng() % 3);
      d.tasks.push_back(task("t" + std::to_string(i), ups, weight, rule));
    }
    // Shuffle the definition order so edges go both ways in index terms.
    std::vector<std::size_t> perm(n);
    for (std::size_t i = 0; i < n; ++i) perm[i] = i;
    std::shuffle(perm.begin(), perm.end(), rng);
    DagSpec shuffled = d;
    for (std::size_t i = 0; i < n; ++i) shuffled.tasks[i] = d.tasks[perm[i]];
    for (const DagSpec* dag : {&d, &shuffled}) {
      const CompiledDag c = mwaa::compile_dag(*dag, "", "");
      CHECK(c.priority == brute_force(*dag, c));
    }
  }
}

TEST_CASE("a 100000-task chain compiles without recursion, exactly", "[loader][dag][priority]") {
  const CompiledDag down = mwaa::compile_dag(chain(100000, WeightRule::Downstream), "", "");
  CHECK(down.priority.front() == 100000);  // the root: itself + 99999 descendants
  CHECK(down.priority[50000] == 50000);
  CHECK(down.priority.back() == 1);
  CHECK(down.roots == std::vector<std::uint32_t>{0});
  CHECK(down.topological_order.front() == 0);
  CHECK(down.topological_order.back() == 99999);
  const CompiledDag up = mwaa::compile_dag(chain(100000, WeightRule::Upstream), "", "");
  CHECK(up.priority.front() == 1);
  CHECK(up.priority.back() == 100000);
}

TEST_CASE("large forests use the linear method; large general DAGs need weight_rule absolute",
          "[loader][dag][priority]") {
  // A 50000-task fan-out (each task <= 1 parent): exact by tree sums.
  DagSpec fan;
  fan.id = "fan";
  fan.tasks.push_back(task("root"));
  for (int i = 0; i < 50000; ++i) fan.tasks.push_back(task("w" + std::to_string(i), {"root"}));
  CHECK(mwaa::compile_dag(fan, "", "").priority.front() == 50001);

  // Fan-out then join: not a forest, above the limit.
  DagSpec big = fan;
  std::vector<std::string> all;
  for (int i = 0; i < 50000; ++i) all.push_back("w" + std::to_string(i));
  big.tasks.push_back(task("join", all));
  try {
    mwaa::compile_dag(big, "big.json", "workload.dags[0]");
    FAIL("expected an InputError");
  } catch (const mwaa::InputError& e) {
    CHECK(e.file() == "big.json");
    CHECK(e.path() == "workload.dags[0].tasks");
    CHECK(e.message().find("too large for exact priority weights") != std::string::npos);
    CHECK(e.message().find("absolute") != std::string::npos);
  }
  for (auto& t : big.tasks) t.weight_rule = WeightRule::Absolute;
  CHECK(mwaa::compile_dag(big, "", "").priority.back() == 1);
}

TEST_CASE("weights are clamped to 32 bits as Airflow's db_safe_priority does", "[loader][dag][priority]") {
  DagSpec d;
  d.id = "heavy";
  d.tasks = {task("a", {}, 2'000'000'000), task("b", {"a"}, 2'000'000'000)};
  CHECK(mwaa::compile_dag(d, "", "").priority == std::vector<std::int64_t>{2147483647, 2'000'000'000});
}

TEST_CASE("a cycle is named in dependency order", "[loader][dag][errors]") {
  DagSpec d;
  d.id = "loop";
  d.tasks = {task("a", {"c"}), task("b", {"a"}), task("c", {"b"}), task("x")};
  try {
    mwaa::compile_dag(d, "f.json", "workload.dags[2]");
    FAIL("expected an InputError");
  } catch (const mwaa::InputError& e) {
    CHECK(e.file() == "f.json");
    CHECK(e.path() == "workload.dags[2].tasks");
    CHECK(e.message() == "DAG \"loop\" has a cycle: a -> b -> c -> a");
  }
  DagSpec self;
  self.id = "self";
  self.tasks = {task("a", {"a"})};
  CHECK_THROWS_WITH(mwaa::compile_dag(self, "", ""), Catch::Contains("cycle: a -> a"));
}

TEST_CASE("compile_dag rejects an unknown upstream and a duplicate task id", "[loader][dag][errors]") {
  DagSpec d;
  d.id = "d";
  d.tasks = {task("a"), task("b", {"zz"})};
  CHECK_THROWS_WITH(
      mwaa::compile_dag(d, "f.json", "p"),
      Catch::Contains("p.tasks[1].upstream") && Catch::Contains("\"zz\" which is not a task of DAG \"d\""));
  d.tasks = {task("a"), task("a")};
  CHECK_THROWS_WITH(mwaa::compile_dag(d, "f.json", "p"), Catch::Contains("duplicate task_id \"a\""));
}
