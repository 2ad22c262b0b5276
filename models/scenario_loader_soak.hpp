// The sustained-load ("soak") workload generator of seed-workloads.md
// section 3, as the load test's own generator computes it
// (performance-test/execution-soak-test/generate_dag_factory_sustained.py of
// mwaa-openlineage-cdk): 65 DAGs per set, each a wave_delay task followed by
// peak_tasks // 65 parallel load tasks, released in waves.
#pragma once

#include <string>
#include <vector>

namespace mwaa {

struct SoakParams {
  int peak_tasks = 2000;    // target concurrent tasks per set
  int peak_duration = 20;   // minutes at peak; one peak wave per 5 minutes
  int total_duration = 40;  // minutes; ramp-down = total - 5 - peak, at least 5
  int task_duration = 120;  // seconds of one sleep cycle inside a load task (does not change its length)
  int dag_duration = 0;     // minutes every load task runs; 0 = derived per wave
  int sets = 1;             // sets of 65 DAGs
};

struct SoakWave {
  int wave = 0;           // 1-based
  int first_dag = 0;      // dag_start of the generator
  int dag_count = 0;      // as the generator computes it (may be <= 0 for tiny peaks: no DAGs)
  int delay_minutes = 0;  // the wave_delay task sleeps delay_minutes x 60 s
  int run_minutes = 0;    // the derived load-task run length (used when dag_duration = 0)
};

struct SoakPlan {
  static constexpr int kDagsPerSet = 65;
  int tasks_per_dag = 0;   // peak_tasks // 65
  int total_duration = 0;  // minutes, after the generator's "ramp-down at least 5" adjustment
  int ramp_down = 0;       // minutes
  std::vector<SoakWave> waves;
  // DAG numbers (0..64) in the order the generator emits them.
  std::vector<int> dag_order;
  // By DAG number: index into `waves`, -1 when no wave generated it. A later
  // wave claiming the same number replaces the earlier one, as the
  // generator's dict update does (only for peaks too small for the waves).
  std::vector<int> wave_of_dag;

  // Seconds a load task of `wave` runs: dag_duration x 60 when set, else the wave's run length.
  int load_seconds(const SoakWave& wave, const SoakParams& p) const {
    return p.dag_duration > 0 ? p.dag_duration * 60 : wave.run_minutes * 60;
  }
};

// Throws std::invalid_argument naming the parameter when the generator would
// fail (peak_tasks < 65, peak_duration < 5, negative values).
SoakPlan soak_plan(const SoakParams& p);

}  // namespace mwaa
