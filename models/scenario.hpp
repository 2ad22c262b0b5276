// A scenario: environment, pools, model parameters, workload, seed, limits and
// targets. Built by the scenario loader (models/scenario_loader.hpp) from JSON.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <optional>
#include <string>
#include <vector>

#include "models/airflow_config.hpp"
#include "models/dag_graph.hpp"
#include "models/parameters.hpp"
#include "models/workload.hpp"
#include "sim/time.hpp"

namespace mwaa {

struct EnvironmentSettings {
  std::string name = "mwaa-sim";
  std::string environment_class = "mw1.small";
  int min_workers = 1;
  int max_workers = 10;
  int schedulers = 2;
  std::string region = "us-east-1";
  AirflowVersion airflow_version;
  AirflowConfig airflow;
  // AirflowConfigurationOptions given but not modelled (reported in output).
  std::vector<std::string> not_modelled;
};

struct PoolSpec {
  std::string name;
  int slots = 128;             // -1 = unlimited, as in Airflow
  bool include_deferred = false;
};

// A recorded run to compare with (e.g. a WfCommons instance's makespan):
// "reference": {"makespan": d, "source": "..."}. Reports print it beside the
// simulated completion.
struct Reference {
  sim::Time makespan;
  std::string source;
};

struct Targets {
  std::optional<sim::Time> completion;   // first trigger to last task end
  double completion_percentile = 95;     // with replications
  std::optional<sim::Time> max_queue_age;  // ApproximateAgeOfOldestTask maximum
};

// A run asked to stop from outside (Ctrl-C): simulate() throws it when the
// scenario's interrupt flag is set; `signal` is the flag's value (SIGINT, SIGTERM).
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal) : std::runtime_error("interrupted by signal " + std::to_string(signal)), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

// Compiles every DAG of the workload (see compile_dag); errors name the DAG.
std::vector<CompiledDag> compile_workload(const Workload& workload, const std::string& file);

struct Scenario {
  std::string name;
  std::string description;
  std::string source_file;
  EnvironmentSettings environment;
  // All pools, default_pool first (its slots from core.default_pool_task_slot_count
  // unless the scenario lists default_pool explicitly).
  std::vector<PoolSpec> pools;
  ModelParams model;
  Workload workload;
  std::string start = "2025-01-01T00:00:00Z";  // wall clock of t = 0 (ISO-8601, UTC)
  std::int64_t start_epoch_seconds = 1735689600;
  std::uint64_t seed = 1;
  sim::Time time_limit = sim::Time::seconds(24 * 3600);
  Targets targets;
  std::optional<Reference> reference;
  // Assumptions made while loading (e.g. "core.parallelism not set: using MWAA's
  // dynamic default 1500 per scheduler [assumption]").
  std::vector<std::string> warnings;

  // The workload's DAGs compiled once (graph, topological order, priority
  // weights), shared read-only by every simulation of this scenario. Set by
  // prepare(); simulations compile on their own when it is missing or stale.
  std::shared_ptr<const std::vector<CompiledDag>> compiled_dags;
  void prepare();

  // Stop token: when set and non-zero (the signal number), a simulation of this
  // scenario stops within a few thousand events and throws Interrupted. Not
  // owned; the CLI points it at its signal flag (tools/cli/interrupt.hpp).
  const std::atomic<int>* interrupt = nullptr;

  // Derived helpers (valid after load).
  int tasks_per_worker() const;   // worker_autoscale max, else the class default
  int parallelism() const;        // per scheduler, resolved
  bool parallelism_is_assumed() const { return !environment.airflow.parallelism.has_value(); }
};

}  // namespace mwaa
