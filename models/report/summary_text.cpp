// format_summary_text(): the summary as an aligned, readable report.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/report/number_format.hpp"
#include "models/report/summary.hpp"

namespace mwaa {

namespace {

constexpr int kLabelWidth = 32;

std::string dur(sim::Time t) { return format_duration_tenths(t); }
std::string dur(const std::optional<sim::Time>& t) { return t ? dur(*t) : "-"; }
std::string dur_s(double seconds) { return dur(sim::Time::from_seconds(seconds)); }
std::string signed_dur(sim::Time t) { return (t.us > 0 ? "+" : "") + dur(t); }
std::string count(double v) { return format_number(v); }
std::string peak(const Peak& p) { return count(p.value) + " at " + dur(p.at); }

// Left-aligned columns padded to their widest cell.
class Table {
 public:
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string render(const std::string& indent) const {
    std::vector<std::size_t> width;
    for (const auto& r : rows_)
      for (std::size_t c = 0; c < r.size(); ++c) {
        if (width.size() <= c) width.push_back(0);
        width[c] = std::max(width[c], r[c].size());
      }
    std::string out;
    for (const auto& r : rows_) {
      std::string line = indent;
      for (std::size_t c = 0; c < r.size(); ++c) {
        line += r[c];
        if (c + 1 < r.size()) line += std::string(width[c] - r[c].size() + 2, ' ');
      }
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

class Report {
 public:
  void heading(const std::string& title) { out_ << (first_ ? "" : "\n") << title << "\n"; first_ = false; }
  void line(const std::string& label, const std::string& value) {
    std::string l = "  " + label;
    l.resize(std::max<std::size_t>(kLabelWidth, l.size() + 1), ' ');
    out_ << l << value << "\n";
  }
  void text(const std::string& t) { out_ << t; }
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
  bool first_ = true;
};

std::string target_text(const TargetCheck& t) {
  std::string s = dur(t.target) + ": ";
  if (!t.actual) return s + "MISSED (the run did not finish)";
  if (t.met) return s + "met with " + dur(*t.margin) + " to spare";
  return s + "MISSED by " + dur(sim::Time{-t.margin->us});
}

std::string durations_text(const DurationStats& d) {
  if (d.count == 0) return "-";
  return "shortest " + dur(d.shortest) + ", average " + dur(d.average) + ", longest " + dur(d.longest) + " (" +
         std::to_string(d.count) + (d.count == 1 ? " run)" : " runs)");
}

std::string waits_text(const WaitStats& w) {
  if (w.count == 0) return "-";
  return dur_s(w.p50) + " / " + dur_s(w.p95) + " / " + dur_s(w.max) + "  (" + std::to_string(w.count) + " tries)";
}

// "1h2m (WfCommons ...); simulated 1h5m, +3m (+4.8%)".
std::string reference_text(const Summary& s) {
  const sim::Time recorded = *s.reference_makespan;
  std::string text = dur(recorded) + (s.reference_source.empty() ? "" : " (" + s.reference_source + ")");
  if (!s.completion) return text + "; simulated: - (not finished)";
  text += "; simulated " + dur(*s.completion) + ", " + signed_dur(*s.completion - recorded);
  if (recorded.us > 0) {
    const double pct = 100.0 * static_cast<double>((*s.completion - recorded).us) / static_cast<double>(recorded.us);
    text += " (" + std::string(pct > 0 ? "+" : "") + format_number(std::round(pct * 10) / 10) + "%)";
  }
  return text;
}

}  // namespace

std::string format_summary_text(const Summary& s) {
  Report r;
  r.heading("Scenario " + (s.scenario_name.empty() ? std::string("(unnamed)") : s.scenario_name) +
            (s.source_file.empty() ? "" : " (" + s.source_file + ")") + ", seed " + std::to_string(s.seed));
  r.line("environment", s.environment_name + ": " + s.environment_class + ", Airflow " + s.airflow_version);
  r.line("workers", std::to_string(s.min_workers) + "-" + std::to_string(s.max_workers) + ", " +
                        std::to_string(s.tasks_per_worker) + " tasks each");
  r.line("schedulers", std::to_string(s.schedulers));
  r.line("parallelism", std::to_string(s.parallelism) + " per scheduler" +
                            (s.parallelism_assumed ? " (ASSUMED: core.parallelism not set, MWAA's dynamic default)" : ""));

  r.heading("Result");
  r.line("finished", s.finished ? "yes" : "NO: stopped at " + dur(s.end_time) + " (" + s.engine_outcome + ")");
  if (s.completion)
    r.line("completion", dur(*s.completion) + " (first trigger " + dur(s.first_trigger) + ", last task end " +
                             dur(s.last_task_end) + ")");
  else if (s.first_trigger)
    r.line("completion", "- (not finished " + dur(s.end_time - *s.first_trigger) + " after the first trigger)");
  else
    r.line("completion", "- (nothing was triggered)");
  if (s.completion_target) r.line("completion target", target_text(*s.completion_target));
  if (s.reference_makespan) r.line("recorded makespan", reference_text(s));
  if (s.queue_age_target) r.line("max queue age target", target_text(*s.queue_age_target));
  r.line("DAG runs", std::to_string(s.dag_runs) + ": " + std::to_string(s.dag_runs_succeeded) + " succeeded, " +
                         std::to_string(s.failures.failed_dag_runs) + " failed, " +
                         std::to_string(s.dag_runs_unfinished) + " unfinished");
  r.line("task tries", std::to_string(s.task_tries) + ": " + std::to_string(s.tasks_succeeded) + " succeeded, " +
                           std::to_string(s.tasks_unfinished) + " unfinished");
  r.line("DAG-run duration", durations_text(s.run_durations));

  r.heading("What held the work back");
  if (s.main_bottleneck) {
    const HoldSummary& top = s.holds.front();
    r.line("main bottleneck", to_string(top.reason) + ": " + describe(top.reason));
    r.line("to relieve it", remedy(top.reason));
    Table t;
    t.row({"reason", "task-seconds", "time held", "peak held"});
    for (const auto& h : s.holds) {
      if (h.task_seconds <= 0) continue;
      t.row({to_string(h.reason), format_number(std::round(h.task_seconds * 10) / 10), dur(h.time_held), peak(h.peak)});
    }
    r.text(t.render("  "));
  } else {
    r.line("main bottleneck", "none: no task was held back");
  }

  if (!s.groups.empty()) {
    r.heading("Groups (start = first start of a non-root task)");
    Table t;
    t.row({"group", "DAGs", "runs", "planned", "actual", "delay", "last start", "run shortest", "average", "longest"});
    for (const auto& g : s.groups) {
      const bool d = g.run_durations.count > 0;
      t.row({g.name, std::to_string(g.dags), std::to_string(g.runs), dur(g.planned_start), dur(g.actual_start),
             g.start_delay ? signed_dur(*g.start_delay) : "-", dur(g.last_start), d ? dur(g.run_durations.shortest) : "-",
             d ? dur(g.run_durations.average) : "-", d ? dur(g.run_durations.longest) : "-"});
    }
    r.text(t.render("  "));
  }

  r.heading("Peaks");
  r.line("running on workers", peak(s.peak_tasks_executing));
  r.line("executor RunningTasks (sum)", peak(s.peak_executor_running));
  r.line("queued in SQS", peak(s.peak_sqs_queued));
  r.line("oldest queued task age", dur_s(s.peak_queue_age.value) + " at " + dur(s.peak_queue_age.at));
  r.line("workers", peak(s.peak_workers));
  r.line("desired workers", peak(s.peak_workers_desired));

  r.heading("Task waits (P50 / P95 / max)");
  r.line("scheduled -> queued", waits_text(s.scheduled_to_queued));
  r.line("queued -> start", waits_text(s.queued_to_start));

  if (!s.pools.empty()) {
    r.heading("Pools (occupied = running + queued slots)");
    Table t;
    t.row({"pool", "slots", "peak occupied", "peak running", "peak queued", "time full"});
    for (const auto& p : s.pools)
      t.row({p.name, p.slots < 0 ? "unlimited" : std::to_string(p.slots), peak(p.peak_occupied), count(p.peak_running.value),
             count(p.peak_queued.value), p.slots < 0 ? "-" : dur(p.time_full)});
    r.text(t.render("  "));
  }

  r.heading("Failures");
  r.line("failed tries", std::to_string(s.failures.failed));
  r.line("retried tries", std::to_string(s.failures.up_for_retry));
  r.line("upstream_failed", std::to_string(s.failures.upstream_failed));
  r.line("killed (scale-in)", count(s.failures.killed));
  r.line("requeued (stuck in queued)", count(s.failures.requeued));

  if (!s.warnings.empty() || !s.not_modelled.empty()) {
    r.heading("Assumptions and limits");
    for (const auto& w : s.warnings) r.text("  - " + w + "\n");
    for (const auto& n : s.not_modelled) r.text("  - " + n + ": given but not modelled\n");
  }
  if (!s.finished) {
    r.heading("Stuck report");
    std::istringstream lines(s.stuck_report.empty() ? std::string("(no report)") : s.stuck_report);
    for (std::string l; std::getline(lines, l);) r.text("  " + l + "\n");
  }
  return r.str();
}

}  // namespace mwaa
