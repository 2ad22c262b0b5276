// A sweep's `--vary KEY=VALUES` expression: parse_vary, then, as
// `mwaa-sim sweep` does, the grid's first and last points applied to a small
// scenario and loaded (point_scenario), and their labels written in the
// sweep's output formats. Only the first line is the expression.
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/planning/sweep.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

const nlohmann::json& base_document() {
  static const nlohmann::json doc = nlohmann::json::parse(R"({
    "environment": {"EnvironmentClass": "mw1.small", "MinWorkers": 1, "MaxWorkers": 2},
    "time_limit": "1h",
    "workload": {"dags": [{"dag_id": "d", "trigger_at": ["0s"],
                           "tasks": [{"task_id": "a", "duration": "1s"}, {"task_id": "b", "upstream": "a", "duration": "2s"}]}]}
  })");
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_errors_only([&] {
    std::string expr = fuzz::text(data, size);
    if (const auto nl = expr.find('\n'); nl != std::string::npos) expr.resize(nl);
    mwaa::SweepSpec spec;
    spec.document = base_document();
    spec.source = "fuzz.json";
    spec.base_dir = "/nonexistent-fuzz-dir";
    spec.axes.push_back(mwaa::parse_vary(expr));
    const int n = mwaa::grid_size(spec.axes);
    mwaa::grid_values(spec.axes, n - 1);
    mwaa::point_scenario(spec, 0);
    if (n > 1) mwaa::point_scenario(spec, n - 1);
    // The labels end up in every output format, as after a real sweep.
    mwaa::SweepTable table;
    table.axes = {spec.axes[0].key};
    table.grid_size = n;
    for (int i : {0, n - 1}) {
      mwaa::PointResult& point = table.points.emplace_back();
      point.index = i;
      point.values = mwaa::grid_values(spec.axes, i);
    }
    mwaa::sweep_json(table).dump();
    mwaa::sweep_text(table);
    mwaa::sweep_csv(table);
    mwaa::sweep_markdown(table);
  });
  return 0;
}
