// Hand-built scenarios and run results for the report tests: every number the
// tests assert is computed by hand from the values set here.
#pragma once

#include <string>
#include <vector>

#include "models/result.hpp"
#include "models/scenario.hpp"

namespace report_test {

// 2025-05-01T10:00:00Z
inline constexpr std::int64_t kStart = 1746093600;

inline sim::Time s(double seconds) { return sim::Time::from_seconds(seconds); }
inline void set(sim::Gauge& g, double seconds, double value) { g.set(s(seconds), value); }

inline mwaa::TaskSpec task(std::string id, std::vector<std::string> upstream = {},
                           mwaa::OperatorKind op = mwaa::OperatorKind::Worker) {
  mwaa::TaskSpec t;
  t.id = std::move(id);
  t.upstream = std::move(upstream);
  t.op = op;
  return t;
}

inline mwaa::Scenario base_scenario() {
  mwaa::Scenario sc;
  sc.name = "report-test";
  sc.source_file = "scenarios/report-test.json";
  sc.environment.name = "perf-env";
  sc.start_epoch_seconds = kStart;
  sc.start = "2025-05-01T10:00:00Z";
  sc.pools = {{"default_pool", 10, false}};
  return sc;
}

inline mwaa::TaskInstanceRecord ti(std::uint32_t dag, std::uint32_t run, std::uint32_t task, mwaa::TiState state,
                                   double scheduled, double queued, double start, double end, int worker = -1) {
  mwaa::TaskInstanceRecord r;
  r.dag = dag;
  r.run = run;
  r.task = task;
  r.state = state;
  auto t = [](double x) { return x < 0 ? sim::Time{-1} : s(x); };
  r.scheduled = t(scheduled);
  r.queued = t(queued);
  r.start = t(start);
  r.end = t(end);
  r.worker = worker;
  return r;
}

}  // namespace report_test
