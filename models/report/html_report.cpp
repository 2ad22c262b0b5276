#include "models/report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

#include "models/report/summary.hpp"
#include "models/report/svg_chart.hpp"

namespace mwaa {

namespace {

const char* const kCss = R"(body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}.sub{color:#555;margin-bottom:16px}
.grid{display:flex;flex-wrap:wrap;gap:24px}.tables{min-width:360px;flex:1}.charts{flex:2}
table{border-collapse:collapse;font-size:13px;margin-bottom:12px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f4f4f4}.miss{color:#b00020;font-weight:600}.met{color:#1b7f2a;font-weight:600}
svg.chart{display:block;margin-bottom:16px;background:#fff}svg .title{font-size:13px;font-weight:600}
svg .grid{stroke:#e6e6e6}svg .axis{stroke:#888}svg .ytick{font-size:10px;text-anchor:end;fill:#555}
svg .xtick{font-size:10px;text-anchor:middle;fill:#555}svg .xlabel{font-size:11px;text-anchor:middle;fill:#333}
svg .line{fill:none;stroke-width:1.6}svg .dashed{stroke-dasharray:4 3}svg .band{opacity:.18;stroke:none}
svg .marker{stroke-width:1.2}svg .mlabel{font-size:9px}svg .legend{font-size:11px;fill:#333}
)";

const char* const kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

std::string secs(double s) { return sim::format_duration(sim::Time::from_seconds(std::round(s * 10) / 10)); }
std::string num0(double v) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(0) << v;
  return os.str();
}

Band band_of_samples(const std::vector<double>& t, const std::vector<std::vector<double>>& reps) {
  Band b;
  b.t = t;
  for (std::size_t i = 0; i < t.size(); ++i) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(r[i]);
    std::sort(v.begin(), v.end());
    auto q = [&](double p) {
      const double h = p * static_cast<double>(v.size() - 1);
      const auto lo = static_cast<std::size_t>(h);
      const std::size_t hi = std::min(lo + 1, v.size() - 1);
      return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
    };
    double sum = 0;
    for (double x : v) sum += x;
    b.mean.push_back(sum / static_cast<double>(v.size()));
    b.p5.push_back(q(0.05));
    b.p95.push_back(q(0.95));
  }
  return b;
}

svg::Series band_series(const std::string& name, const std::string& color, const Band& b) {
  svg::Series s;
  s.name = name;
  s.color = color;
  s.x = b.t;
  s.y = b.mean;
  if (b.p5.size() == b.t.size()) {
    s.low = b.p5;
    s.high = b.p95;
  }
  return s;
}

std::string row(const std::string& k, const std::string& v, const std::string& cls = "") {
  return "<tr><th>" + svg::escape(k) + "</th><td" + (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + svg::escape(v) +
         "</td></tr>\n";
}

}  // namespace

Band band_of(const std::vector<const sim::Gauge*>& gauges, sim::Time end, sim::Time step) {
  std::vector<double> t;
  for (sim::Time x = sim::Time::zero(); x <= end; x += step) t.push_back(x.to_seconds());
  std::vector<std::vector<double>> reps;
  for (const sim::Gauge* g : gauges) {
    std::vector<double> v;
    for (double x : t) v.push_back(g->value_at(sim::Time::from_seconds(x)));
    reps.push_back(std::move(v));
  }
  return band_of_samples(t, reps);
}

std::string html_report(const Scenario& s, const std::vector<RunResult>& results, const std::vector<Summary>& summaries) {
  std::ostringstream os;
  sim::Time end = sim::Time::zero();
  for (const RunResult& r : results) end = std::max(end, r.last_task_end.us >= 0 ? r.last_task_end : r.end_time);
  end += sim::Time::seconds(30);
  const sim::Time step = std::max(sim::Time::seconds(1), sim::Time::micros(end.us / 300));
  std::vector<double> t;
  for (sim::Time x = sim::Time::zero(); x <= end; x += step) t.push_back(x.to_seconds());
  auto gauge_band = [&](auto pick) {
    std::vector<std::vector<double>> reps;
    for (const RunResult& r : results) {
      std::vector<double> v;
      for (double x : t) v.push_back(pick(r, sim::Time::from_seconds(x)));
      reps.push_back(std::move(v));
    }
    return band_of_samples(t, reps);
  };
  const Band running = gauge_band([](const RunResult& r, sim::Time x) { return r.tasks_executing.value_at(x); });
  const Band queued = gauge_band([](const RunResult& r, sim::Time x) { return r.sqs_visible.value_at(x); });
  const Band workers = gauge_band([](const RunResult& r, sim::Time x) { return r.workers.value_at(x); });
  const Band desired = gauge_band([](const RunResult& r, sim::Time x) { return r.workers_desired.value_at(x); });
  const Band executor = gauge_band([](const RunResult& r, sim::Time x) {
    double sum = 0;
    for (const auto& sch : r.schedulers) sum += sch.executor_running.value_at(x);
    return sum;
  });

  // Markers: wave plans and actual starts (replication 0), the target.
  std::vector<svg::Marker> markers;
  const Summary& first = summaries.front();
  for (const GroupSummary& g : first.groups) {
    if (g.planned_start) markers.push_back({g.planned_start->to_seconds(), g.name + " plan", "#999999", true});
    if (g.actual_start) markers.push_back({g.actual_start->to_seconds(), g.name, "#555555", false});
  }
  if (s.targets.completion && first.first_trigger)
    markers.push_back({(*first.first_trigger + *s.targets.completion).to_seconds(),
                       "target " + sim::format_duration(*s.targets.completion), "#d62728", true});

  svg::Chart tasks;
  tasks.title = "Tasks: running on workers and waiting in SQS (mean, band P5-P95 over replications)";
  tasks.x_label = "time since scenario start";
  tasks.series = {band_series("running on workers", kColors[0], running), band_series("queued in SQS", kColors[1], queued)};
  tasks.markers = markers;
  svg::Chart wchart;
  wchart.title = "Workers: live containers and the autoscaler's desired count";
  wchart.x_label = tasks.x_label;
  wchart.series = {band_series("workers", kColors[2], workers), band_series("desired", kColors[4], desired)};
  wchart.series.back().dashed = true;
  svg::Chart echart;
  echart.title = "Executor RunningTasks, summed over schedulers (in SQS + executing)";
  echart.x_label = tasks.x_label;
  echart.series = {band_series("executor RunningTasks", kColors[5], executor)};
  echart.markers = markers;
  svg::Chart pchart;
  pchart.title = "Pool use: occupied slots (running + queued)";
  pchart.x_label = tasks.x_label;
  for (std::size_t p = 0; p < s.pools.size() && p < 6; ++p) {
    const Band b = gauge_band([p](const RunResult& r, sim::Time x) {
      return r.pools[p].running_slots.value_at(x) + r.pools[p].queued_slots.value_at(x);
    });
    pchart.series.push_back(band_series(s.pools[p].name, kColors[(p + 3) % 8], b));
    if (s.pools[p].slots >= 0) {
      svg::Series cap;
      cap.name = s.pools[p].name + " slots";
      cap.color = kColors[(p + 3) % 8];
      cap.dashed = true;
      cap.x = {0, end.to_seconds()};
      cap.y = {static_cast<double>(s.pools[p].slots), static_cast<double>(s.pools[p].slots)};
      pchart.series.push_back(cap);
    }
  }
  // Bottleneck timeline (replication 0): where each limit held tasks back.
  std::vector<std::string> reasons, colors;
  std::vector<svg::Segment> segments;
  const RunResult& r0 = results.front();
  for (std::size_t k = 0; k < kHoldReasons; ++k) {
    reasons.push_back(to_string(static_cast<HoldReason>(k)));
    colors.push_back(kColors[k % 8]);
    const auto& pts = r0.held[k].points();
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (pts[i].value <= 0) continue;
      const sim::Time to = i + 1 < pts.size() ? pts[i + 1].time : r0.end_time;
      segments.push_back({pts[i].time.to_seconds(), to.to_seconds(), k});
    }
  }

  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mwaa-sim report: "
     << svg::escape(s.name) << "</title><style>" << kCss << "</style></head><body>\n";
  os << "<h1>mwaa-sim report: " << svg::escape(s.name) << "</h1>\n<div class=\"sub\">" << svg::escape(s.description)
     << "</div>\n<div class=\"grid\"><div class=\"tables\">\n<h2>Configuration</h2><table>\n";
  os << row("environment", s.environment.environment_class + ", Airflow " + s.environment.airflow_version.text);
  os << row("workers", std::to_string(s.environment.min_workers) + "-" + std::to_string(s.environment.max_workers) + " x " +
                           std::to_string(s.tasks_per_worker()) + " tasks");
  os << row("schedulers", std::to_string(s.environment.schedulers));
  os << row("parallelism", std::to_string(s.parallelism()) + " per scheduler" +
                               (s.parallelism_is_assumed() ? " (assumed: MWAA dynamic default)" : ""));
  for (const PoolSpec& p : s.pools) os << row("pool " + p.name, p.slots < 0 ? "unlimited" : std::to_string(p.slots));
  os << row("replications", std::to_string(results.size()));
  os << "</table>\n<h2>Result</h2><table>\n";
  std::vector<double> completion;
  int met = 0;
  for (const Summary& x : summaries) {
    if (x.completion) completion.push_back(x.completion->to_seconds());
    if (x.completion_target && x.completion_target->met) ++met;
  }
  if (!completion.empty()) {
    os << row("completion P50", secs(percentile_with_ci(completion, 0.5).value));
    os << row("completion P95", secs(percentile_with_ci(completion, 0.95).value));
  }
  if (s.targets.completion) {
    const bool ok = met == static_cast<int>(summaries.size());
    os << row("target " + sim::format_duration(*s.targets.completion),
              std::to_string(met) + " of " + std::to_string(summaries.size()) + " replications met it", ok ? "met" : "miss");
  }
  os << row("peak running", num0(first.peak_tasks_executing.value) + " at " + secs(first.peak_tasks_executing.at.to_seconds()));
  os << row("peak queued in SQS", num0(first.peak_sqs_queued.value) + " at " + secs(first.peak_sqs_queued.at.to_seconds()));
  os << row("peak workers", num0(first.peak_workers.value) + " at " + secs(first.peak_workers.at.to_seconds()));
  if (first.main_bottleneck) os << row("main bottleneck", to_string(*first.main_bottleneck) + ": " + describe(*first.main_bottleneck));
  os << "</table>\n<h2>What held the work back</h2><table><tr><th>reason</th><th>task-seconds</th><th>time held</th><th>peak</th></tr>\n";
  for (const HoldSummary& h : first.holds)
    if (h.task_seconds > 0)
      os << "<tr><td>" << to_string(h.reason) << "</td><td>" << num0(h.task_seconds) << "</td><td>"
         << secs(h.time_held.to_seconds()) << "</td><td>" << num0(h.peak.value) << "</td></tr>\n";
  os << "</table>\n";
  if (!first.groups.empty()) {
    os << "<h2>Waves</h2><table><tr><th>group</th><th>planned</th><th>actual</th><th>delay</th></tr>\n";
    for (const GroupSummary& g : first.groups)
      os << "<tr><td>" << svg::escape(g.name) << "</td><td>" << (g.planned_start ? secs(g.planned_start->to_seconds()) : "-")
         << "</td><td>" << (g.actual_start ? secs(g.actual_start->to_seconds()) : "-") << "</td><td>"
         << (g.start_delay ? secs(g.start_delay->to_seconds()) : "-") << "</td></tr>\n";
    os << "</table>\n";
  }
  if (!s.warnings.empty()) {
    os << "<h2>Assumptions</h2><ul>";
    for (const std::string& w : s.warnings) os << "<li>" << svg::escape(w) << "</li>";
    os << "</ul>\n";
  }
  os << "</div><div class=\"charts\">\n" << svg::render(tasks) << svg::render(wchart) << svg::render(echart)
     << svg::render(pchart)
     << svg::render_timeline("What held the work back (replication 0)", reasons, colors, segments, end.to_seconds())
     << "</div></div>\n<p class=\"sub\">Generated by mwaa-sim. A model, not a measurement: see docs/model.md for its "
        "sources and departures.</p></body></html>\n";
  return os.str();
}

std::string html_sweep_report(const SweepTable& table, const std::string& title) {
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mwaa-sim sweep: " << svg::escape(title)
     << "</title><style>" << kCss << "</style></head><body>\n<h1>mwaa-sim sweep: " << svg::escape(title) << "</h1>\n";
  // Completion P95 against each varied parameter (other axes as separate lines).
  for (std::size_t a = 0; a < table.axes.size(); ++a) {
    svg::Chart c;
    c.title = "Completion P95 against " + table.axes[a];
    c.x_label = table.axes[a] + " (position in the grid)";
    c.x_is_time = false;
    std::map<std::string, svg::Series> lines;
    std::vector<std::string> seen;
    for (const PointResult& p : table.points) {
      if (!p.completion_p95) continue;
      std::string key;
      for (std::size_t k = 0; k < p.values.size(); ++k)
        if (k != a) key += (key.empty() ? "" : ", ") + table.axes[k] + "=" + p.values[k];
      auto it = std::find(seen.begin(), seen.end(), p.values[a]);
      const double x = static_cast<double>(it - seen.begin());
      if (it == seen.end()) seen.push_back(p.values[a]);
      svg::Series& s = lines[key.empty() ? "completion P95" : key];
      s.name = key.empty() ? "completion P95" : key;
      s.x.push_back(x + 1);
      s.y.push_back(*p.completion_p95);
    }
    std::size_t i = 0;
    for (auto& [k, s] : lines) {
      s.color = kColors[i++ % 8];
      c.series.push_back(s);
    }
    os << svg::render(c) << "<p class=\"sub\">" << svg::escape(table.axes[a]) << " positions: ";
    for (std::size_t k = 0; k < seen.size(); ++k) os << (k ? ", " : "") << k + 1 << " = " << svg::escape(seen[k]);
    os << "</p>\n";
  }
  // Cost frontier: cheapest completion at each cost.
  svg::Chart f;
  f.title = "Cost frontier: completion P95 against cost per hour";
  f.x_label = "cost per hour (" + table.currency + ")";
  f.x_is_time = false;
  std::vector<std::pair<double, double>> pts;
  for (const PointResult& p : table.points)
    if (p.completion_p95) pts.push_back({p.cost_per_hour, *p.completion_p95});
  std::sort(pts.begin(), pts.end());
  svg::Series all, frontier;
  all.name = "configurations";
  all.color = "#bbbbbb";
  frontier.name = "frontier";
  frontier.color = kColors[3];
  double best = 1e300;
  for (const auto& [cost, completion] : pts) {
    all.x.push_back(cost);
    all.y.push_back(completion);
    if (completion < best) {
      best = completion;
      frontier.x.push_back(cost);
      frontier.y.push_back(completion);
    }
  }
  f.series = {all, frontier};
  os << svg::render(f) << "<h2>Table</h2><table><tr>";
  for (const std::string& a : table.axes) os << "<th>" << svg::escape(a) << "</th>";
  os << "<th>completion P95</th><th>cost/h</th><th>cost/run</th><th>targets</th></tr>\n";
  for (const PointResult& p : table.points) {
    os << "<tr>";
    for (const std::string& v : p.values) os << "<td>" << svg::escape(v) << "</td>";
    os << "<td>" << (p.completion_p95 ? secs(*p.completion_p95) : "-") << "</td><td>" << std::fixed << std::setprecision(2)
       << p.cost_per_hour << "</td><td>" << p.cost_per_run << "</td><td class=\"" << (p.pass ? "met" : "miss") << "\">"
       << (p.error.empty() ? (p.pass ? "pass" : "fail") : "invalid") << "</td></tr>\n";
  }
  os << "</table></body></html>\n";
  return os.str();
}

}  // namespace mwaa
