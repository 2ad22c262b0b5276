// The HTML report is self-contained and carries its charts.
#include <catch2/catch.hpp>

#include <regex>

#include "models/planning/replications.hpp"
#include "models/report/html_report.hpp"
#include "models/report/svg_chart.hpp"
#include "models/scenario_loader.hpp"

using namespace mwaa;

namespace {
std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("scenario report: self-contained HTML with bands, markers and the target line", "[report][html]") {
  Scenario s = load_scenario_file(std::string(MWAA_SIM_SOURCE_DIR) + "/scenarios/gradual-load-2600.json");
  s.prepare();
  ReplicationOptions ro;
  ro.replications = 3;
  ro.keep_results = true;
  const Replications reps = run_replications(s, ro);
  const std::string html = html_report(s, reps.results, reps.summaries);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
  CHECK(count(html, "<svg") == 5);                 // tasks, workers, executor, pools, hold-back timeline
  CHECK(count(html, "class=\"band\"") >= 5);       // P5-P95 bands
  CHECK(html.find("target 4m30s") != std::string::npos);
  CHECK(html.find("wave 5 plan") != std::string::npos);
  CHECK(html.find("autoscaling_lag") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  // No network resources: the only URL is the SVG namespace.
  const std::regex url("(https?:)?//[a-zA-Z0-9.-]+\\.[a-z]{2,}");
  std::size_t urls = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it)
    if (it->str() != "http://www.w3.org") ++urls;
  CHECK(urls == 0);
}

TEST_CASE("sweep report: one chart per axis plus the cost frontier", "[report][html]") {
  SweepTable t;
  t.axes = {"MinWorkers", "EnvironmentClass"};
  t.grid_size = 4;
  const double completion[] = {400, 300, 280, 250}, cost[] = {10, 20, 12, 24};
  for (int i = 0; i < 4; ++i) {
    PointResult p;
    p.index = i;
    p.values = {i < 2 ? "15" : "25", i % 2 ? "mw1.2xlarge" : "mw1.xlarge"};
    p.completion_p95 = completion[i];
    p.cost_per_hour = cost[i];
    p.pass = completion[i] <= 300;
    t.points.push_back(p);
  }
  const std::string html = html_sweep_report(t, "grid <test>");
  CHECK(count(html, "<svg") == 3);
  CHECK(html.find("grid &lt;test&gt;") != std::string::npos);
  CHECK(html.find("Cost frontier") != std::string::npos);
  CHECK(count(html, "<tr>") == 5);  // header + 4 points
}

TEST_CASE("svg text is escaped", "[report][html]") {
  CHECK(svg::escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
}
