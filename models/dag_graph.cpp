// compile_dag: dependency lists, cycle detection (Boost Graph DFS), topological
// order and Airflow's priority_weight_total for every task.
#include "models/dag_graph.hpp"

#include <algorithm>
#include <bit>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>

#include "models/errors.hpp"

namespace mwaa {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;
using Adjacency = std::vector<std::vector<std::uint32_t>>;

constexpr std::uint32_t kNoParent = std::numeric_limits<std::uint32_t>::max();

// Boost copies visitors by value, so the visitor only holds pointers to the
// results. Boost's depth_first_search keeps its own stack (it does not
// recurse), so a 10^5-task chain is fine.
struct DfsRecorder : boost::default_dfs_visitor {
  std::vector<std::uint32_t>* parent;                         // DFS tree, to name a cycle
  std::optional<std::pair<Vertex, Vertex>>* first_back_edge;  // u -> v with v an ancestor of u
  std::vector<std::uint32_t>* finish_order;                   // reverse = topological order

  void tree_edge(Edge e, const Graph& g) const {
    (*parent)[boost::target(e, g)] = static_cast<std::uint32_t>(boost::source(e, g));
  }
  void back_edge(Edge e, const Graph& g) const {
    if (!*first_back_edge) *first_back_edge = std::make_pair(boost::source(e, g), boost::target(e, g));
  }
  void finish_vertex(Vertex v, const Graph&) const { finish_order->push_back(static_cast<std::uint32_t>(v)); }
};

// "cycle: a -> b -> c -> a" from the back edge u -> v: v reaches u along DFS tree edges.
std::string name_cycle(const DagSpec& dag, const std::vector<std::uint32_t>& parent, Vertex u, Vertex v) {
  std::vector<std::uint32_t> path;
  for (auto x = static_cast<std::uint32_t>(u); x != v; x = parent[x]) path.push_back(x);
  path.push_back(static_cast<std::uint32_t>(v));
  std::reverse(path.begin(), path.end());
  std::string text = "cycle: ";
  for (std::uint32_t x : path) text += dag.tasks[x].id + " -> ";
  return text + dag.tasks[v].id;
}

// Sum of `own` over each task's relatives (descendants when `next` is the
// downstream lists, ancestors when it is the upstream lists), each relative
// counted once. `order` lists every task after all tasks in its `next` list.
// When every task is reached along a single path (`single_path`: the
// reversed graph is a forest), the sums are plain tree sums in O(V + E).
// Otherwise each 64-task block gets a reachability mask per task, O(V + E)
// per block and O(V) memory; weights are added by bit plane so a block costs
// a few popcounts per task rather than one addition per relative.
std::vector<std::int64_t> relative_sums(const Adjacency& next, const std::vector<std::uint32_t>& order,
                                        const std::vector<std::int64_t>& own, bool single_path) {
  const std::size_t n = own.size();
  std::vector<std::int64_t> sum(n, 0);
  if (single_path) {
    for (std::uint32_t v : order)
      for (std::uint32_t c : next[v]) sum[v] += own[c] + sum[c];
    return sum;
  }
  std::vector<std::uint64_t> mask(n);
  for (std::size_t base = 0; base < n; base += 64) {
    const std::size_t width = std::min<std::size_t>(64, n - base);
    // Bit planes of (own - lowest) over this block.
    std::int64_t lowest = own[base], highest = own[base];
    for (std::size_t k = 0; k < width; ++k) {
      lowest = std::min(lowest, own[base + k]);
      highest = std::max(highest, own[base + k]);
    }
    const auto span = static_cast<std::uint64_t>(highest - lowest);
    const int planes = static_cast<int>(std::bit_width(span));
    std::vector<std::uint64_t> plane(static_cast<std::size_t>(planes), 0);
    for (std::size_t k = 0; k < width; ++k) {
      const auto w = static_cast<std::uint64_t>(own[base + k] - lowest);
      for (int p = 0; p < planes; ++p)
        if ((w >> p) & 1U) plane[static_cast<std::size_t>(p)] |= std::uint64_t{1} << k;
    }
    for (std::uint32_t v : order) {
      std::uint64_t reach = 0;
      for (std::uint32_t c : next[v]) reach |= mask[c];
      // reach holds v's relatives in this block, never v itself (acyclic).
      const bool in_block = v >= base && v < base + width;
      mask[v] = reach | (in_block ? std::uint64_t{1} << (v - base) : 0);
      if (reach == 0) continue;
      std::int64_t s = lowest * std::popcount(reach);
      for (int p = 0; p < planes; ++p)
        s += static_cast<std::int64_t>(std::popcount(reach & plane[static_cast<std::size_t>(p)])) << p;
      sum[v] += s;
    }
  }
  return sum;
}

std::int64_t db_safe(std::int64_t v) {
  return std::clamp<std::int64_t>(v, std::numeric_limits<std::int32_t>::min(),
                                  std::numeric_limits<std::int32_t>::max());
}

}  // namespace

CompiledDag compile_dag(const DagSpec& dag, const std::string& file, const std::string& path) {
  const std::size_t n = dag.tasks.size();
  const std::string where = path.empty() ? std::string("tasks") : path + ".tasks";
  std::unordered_map<std::string, std::uint32_t> index;
  index.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (!index.emplace(dag.tasks[i].id, static_cast<std::uint32_t>(i)).second)
      throw InputError(file, where + "[" + std::to_string(i) + "].task_id",
                       "duplicate task_id \"" + dag.tasks[i].id + "\" in DAG \"" + dag.id + "\"");

  CompiledDag out;
  out.upstream.resize(n);
  out.downstream.resize(n);
  Graph g(n);
  std::vector<std::size_t> stamp(n, 0);  // stamp[u] == i + 1: u already upstream of i (linear for wide fan-ins)
  for (std::size_t i = 0; i < n; ++i) {
    auto& ups = out.upstream[i];
    for (const std::string& up : dag.tasks[i].upstream) {
      const auto it = index.find(up);
      if (it == index.end())
        throw InputError(file, where + "[" + std::to_string(i) + "].upstream",
                         "task \"" + dag.tasks[i].id + "\" has upstream \"" + up + "\" which is not a task of DAG \"" +
                             dag.id + "\"");
      if (stamp[it->second] == i + 1) continue;  // listed twice: one edge
      stamp[it->second] = i + 1;
      ups.push_back(it->second);
      out.downstream[it->second].push_back(static_cast<std::uint32_t>(i));
      boost::add_edge(it->second, i, g);
    }
    if (ups.empty()) out.roots.push_back(static_cast<std::uint32_t>(i));
  }

  std::vector<std::uint32_t> parent(n, kNoParent);
  std::optional<std::pair<Vertex, Vertex>> back;
  std::vector<std::uint32_t> finish;
  finish.reserve(n);
  DfsRecorder recorder;
  recorder.parent = &parent;
  recorder.first_back_edge = &back;
  recorder.finish_order = &finish;
  boost::depth_first_search(g, boost::visitor(recorder));
  if (back)
    throw InputError(file, where, "DAG \"" + dag.id + "\" has a " + name_cycle(dag, parent, back->first, back->second));
  out.topological_order.assign(finish.rbegin(), finish.rend());

  std::vector<std::int64_t> own(n);
  bool any_downstream = false, any_upstream = false;
  for (std::size_t i = 0; i < n; ++i) {
    own[i] = dag.tasks[i].priority_weight;
    any_downstream |= dag.tasks[i].weight_rule == WeightRule::Downstream;
    any_upstream |= dag.tasks[i].weight_rule == WeightRule::Upstream;
  }
  auto at_most_one = [](const Adjacency& lists) {
    return std::all_of(lists.begin(), lists.end(), [](const auto& l) { return l.size() <= 1; });
  };
  auto check_size = [&](bool single_path, const char* rule) {
    if (single_path || n <= kExactPriorityTaskLimit) return;
    throw InputError(
        file, where,
        "DAG \"" + dag.id + "\" has " + std::to_string(n) +
            " tasks and is not a tree: the graph is too large "
            "for exact priority weights (weight_rule " +
            rule + ", limit " + std::to_string(kExactPriorityTaskLimit) +
            " tasks); use weight_rule \"absolute\" for its tasks (or core.default_task_weight_rule = absolute)");
  };
  std::vector<std::int64_t> below, above;
  if (any_downstream) {
    const bool single = at_most_one(out.upstream);  // each task has <= 1 parent: disjoint subtrees
    check_size(single, "downstream");
    below = relative_sums(out.downstream, finish, own, single);  // finish order: children first
  }
  if (any_upstream) {
    const bool single = at_most_one(out.downstream);  // each task has <= 1 child
    check_size(single, "upstream");
    above = relative_sums(out.upstream, out.topological_order, own, single);
  }
  out.priority.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t total = own[i];
    if (dag.tasks[i].weight_rule == WeightRule::Downstream) total += below[i];
    if (dag.tasks[i].weight_rule == WeightRule::Upstream) total += above[i];
    out.priority[i] = db_safe(total);
  }
  return out;
}

}  // namespace mwaa
