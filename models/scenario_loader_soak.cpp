// soak_plan: wave composition and durations exactly as the soak test's
// generator computes them (Python integer semantics: // floors, `x or 1`).
#include "models/scenario_loader_soak.hpp"

#include <algorithm>
#include <stdexcept>

namespace mwaa {

namespace {

int floor_div(int a, int b) {  // Python's //
  int q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

}  // namespace

SoakPlan soak_plan(const SoakParams& p) {
  require(p.peak_tasks >= SoakPlan::kDagsPerSet,
          "peak_tasks must be at least 65 (65 DAGs per set, peak_tasks // 65 load tasks each), got " +
              std::to_string(p.peak_tasks));
  require(p.peak_duration >= 5, "peak_duration must be at least 5 minutes (one peak wave per 5 minutes), got " +
                                    std::to_string(p.peak_duration));
  require(p.total_duration >= 0, "total_duration must be >= 0 minutes, got " + std::to_string(p.total_duration));
  require(p.task_duration >= 1, "task_duration must be at least 1 second, got " + std::to_string(p.task_duration));
  require(p.dag_duration >= 0, "dag_duration must be >= 0 minutes, got " + std::to_string(p.dag_duration));
  require(p.sets >= 1, "sets must be at least 1, got " + std::to_string(p.sets));

  constexpr int ramp_up = 5;
  constexpr int n = SoakPlan::kDagsPerSet;
  SoakPlan plan;
  plan.total_duration = p.total_duration;
  plan.ramp_down = p.total_duration - ramp_up - p.peak_duration;
  if (plan.ramp_down < 5) {
    plan.ramp_down = 5;
    plan.total_duration = ramp_up + p.peak_duration + plan.ramp_down;
  }
  const int tpd = p.peak_tasks / n;
  plan.tasks_per_dag = tpd;
  const int tasks_wave1 = 500;
  const int tasks_wave2 = p.peak_tasks / 2;
  const int tasks_wave3 = static_cast<int>(p.peak_tasks * 0.75);  // int() truncates
  const int dags_wave1 = std::max(1, tasks_wave1 / tpd);          // `// tpd or 1`
  const int dags_wave2 = std::max(1, tasks_wave2 / tpd);
  const int dags_wave3 = std::max(1, tasks_wave3 / tpd);
  const int dags_peak = n - dags_wave3;
  const int peak_waves = p.peak_duration / 5;
  const int ramp_down_start = ramp_up + p.peak_duration;

  plan.waves.push_back({1, 0, dags_wave1, 0, ramp_down_start});
  plan.waves.push_back({2, dags_wave1, dags_wave2 - dags_wave1, 2, ramp_down_start + floor_div(plan.ramp_down, 3)});
  plan.waves.push_back({3, dags_wave2, dags_wave3 - dags_wave2, 4, ramp_down_start + floor_div(2 * plan.ramp_down, 3)});
  int current = dags_wave3;
  const int per_peak_wave = floor_div(dags_peak, peak_waves);
  for (int i = 0; i < peak_waves; ++i) {
    const int count = i == peak_waves - 1 ? n - current : std::min(per_peak_wave, n - current);
    plan.waves.push_back({4 + i, current, count, ramp_up + i * 5, plan.total_duration - ramp_up - i * 5});
    current += count;
  }

  // Assign DAG numbers wave by wave: `for i in range(count): if start + i >= 65: break`.
  plan.wave_of_dag.assign(n, -1);
  for (std::size_t w = 0; w < plan.waves.size(); ++w) {
    const SoakWave& wave = plan.waves[w];
    for (int i = 0; i < wave.dag_count; ++i) {
      const int dag = wave.first_dag + i;
      if (dag >= n) break;
      require(dag >= 0, "peak_tasks " + std::to_string(p.peak_tasks) +
                            " is too small for the generator's waves (it would number a DAG below 0)");
      if (plan.wave_of_dag[static_cast<std::size_t>(dag)] < 0) plan.dag_order.push_back(dag);
      plan.wave_of_dag[static_cast<std::size_t>(dag)] = static_cast<int>(w);
    }
  }
  return plan;
}

}  // namespace mwaa
