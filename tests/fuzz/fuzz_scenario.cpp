// Scenario loader from JSON text (also pasted `aws mwaa get-environment`
// output as "environment"), then prepare() (compiles the DAGs), then, when
// the scenario is small, a short simulation so the model sees odd but valid
// input too. Relative file references resolve against a directory that does
// not exist, and documents with an environment {"file": ...} are skipped, so
// the harness never reads the machine's files.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "models/environment.hpp"
#include "models/result.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_loader_json.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

constexpr std::int64_t kMaxTaskInstances = 200;
constexpr std::uint64_t kMaxEvents = 20000;
const sim::Time kMaxSimulatedTime = sim::Time::seconds(2 * 3600);

// Task instances the workload asks for (before retries and TriggerDagRun
// runs, which the event cap bounds), saturating at kMaxTaskInstances + 1.
std::int64_t task_instances(const mwaa::Scenario& s) {
  std::int64_t total = 0;
  for (const auto& dag : s.workload.dags) {
    std::int64_t runs = static_cast<std::int64_t>(dag.trigger_times.size());
    if (dag.schedule) {
      if (dag.schedule->count) runs += *dag.schedule->count;
      else runs += kMaxTaskInstances + 1;  // until the time limit: treat as large
    }
    total += std::min<std::int64_t>(runs, kMaxTaskInstances + 1) * static_cast<std::int64_t>(dag.tasks.size());
    if (total > kMaxTaskInstances) return kMaxTaskInstances + 1;
  }
  return total;
}

// Stops the engine after kMaxEvents events: checks every simulated second
// and stops re-arming once it is the only event left.
class EventCap final : public sim::EventHandler {
 public:
  void on_event(sim::Engine& engine, std::uint32_t, std::uint64_t) override {
    if (engine.events_executed() > kMaxEvents) engine.request_stop();
    else if (engine.pending() > 0) engine.schedule_in(sim::Time::seconds(1), *this);
  }
};

void simulate_briefly(mwaa::Scenario& s) {
  s.time_limit = std::min(s.time_limit, kMaxSimulatedTime);
  mwaa::RunResult result;
  auto env = std::make_unique<mwaa::Environment>(s, s.seed, result);
  EventCap cap;
  env->engine.schedule_at(sim::Time::zero(), cap);
  env->run();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_errors_only([&] {
    const auto doc = mwaa::input::parse_json_text(fuzz::text(data, size), "fuzz.json");
    // {"environment": {"file": ...}} is the one reference the loader opens; an
    // absolute path would read the machine's files (/dev/zero...).
    if (doc.is_object() && doc.contains("environment") && doc["environment"].is_object() &&
        doc["environment"].contains("file"))
      return;
    mwaa::Scenario s = mwaa::load_scenario(doc, "fuzz.json", "/nonexistent-fuzz-dir");
    s.prepare();
    if (task_instances(s) <= kMaxTaskInstances) simulate_briefly(s);
  });
  return 0;
}
