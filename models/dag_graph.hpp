// A DAG's task graph, compiled for the simulation: dependency lists by task
// index, topological order, roots, and Airflow's effective priority weights.
//
// Built with Boost Graph (cycle detection, topological sort). Priority weight
// follows Airflow's weight_rule: downstream = own + every descendant's weight
// (each counted once), upstream = own + every ancestor's, absolute = own.
// Complexity: O(V + E) for the graph; the descendant sums are O(V * (V + E) / 64)
// with bitsets for general DAGs, O(V + E) for forests and chains (no recursion:
// a 10^5-task chain is fine).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/workload.hpp"

namespace mwaa {

struct CompiledDag {
  std::vector<std::vector<std::uint32_t>> upstream;    // by task index
  std::vector<std::vector<std::uint32_t>> downstream;  // by task index
  std::vector<std::int64_t> priority;                  // effective priority_weight
  std::vector<std::uint32_t> topological_order;
  std::vector<std::uint32_t> roots;                    // tasks with no upstream
};

// Largest DAG (in tasks) whose priority weights are computed for any shape
// (64-task bitset blocks: O(V * (V + E) / 64) time, O(V) memory). Larger DAGs
// are accepted only when the sums are O(V + E): a forest for the downstream
// rule (every task has <= 1 upstream), an in-forest for the upstream rule
// (every task has <= 1 downstream), or weight_rule absolute.
inline constexpr std::size_t kExactPriorityTaskLimit = 20000;

// Throws InputError(file, path, "cycle: a -> b -> c -> a") for a cyclic DAG and
// for an upstream id that does not exist (path names the task). Also throws
// for a DAG above kExactPriorityTaskLimit whose weights would need the general
// method. Effective weights are clamped to the 32-bit range, as Airflow's
// db_safe_priority does (2.9+).
CompiledDag compile_dag(const DagSpec& dag, const std::string& file, const std::string& path);

}  // namespace mwaa
