#include "models/resource_estimate.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "models/errors.hpp"

namespace mwaa {

// Measured on x86-64 Linux, RelWithDebInfo, peak RSS (/usr/bin/time -f %M) of
// `mwaa-sim run` (docs/limits.md, "Memory", for the scenarios and commands):
//   10 tasks x 10^4 / 10^5 scheduled runs:   62 MB /  592 MB  -> ~590 B per TI (with its run's share)
//   same with --task-instances:             619 MB / 5359 MB  -> ~4.8-5.6 KB per exported TI
//   1 run of a 10^5 / 10^6-leaf fan-out:    126 MB / 1236 MB  -> ~1230 B per task (spec + TI)
//   a 3-task scenario:                        6 MB               -> baseline
// Loading (peak RSS before the simulation starts):
//   elastic_dag generator of 10^6 tasks:     2456 MB             -> ~2.5 KB per task (JSON source + spec)
//   one task with "repeat": 10^6:              986 MB             -> ~1.0 KB per task
//   10.5 M empty objects in one array (30 MB of "{},"): bad_alloc under ulimit -v 1.3 GB,
//                                            fits in 1.4 GB      -> ~130 B per JSON value
// Rounded up ~20%, so the estimate errs towards refusing a little early
// rather than letting a run be OOM-killed.
const MemoryCosts kMemoryCosts = {
    /*per_task_instance=*/700,
    /*per_dag_run=*/500,
    /*per_exported_ti=*/6000,
    /*per_task_spec=*/800,
    /*per_loaded_task=*/3000,
    /*per_json_value=*/160,
    /*baseline=*/16.0 * 1024 * 1024,
};

namespace {

double schedule_runs(const IntervalSchedule& s, sim::Time limit) {
  if (s.count) return std::max(0, *s.count);
  if (s.first > limit || s.interval.us <= 0) return 0;
  return std::floor(static_cast<double>(limit.us - s.first.us) / static_cast<double>(s.interval.us)) + 1;
}

double expected_tries(const TaskSpec& t) {
  const double p = std::clamp(t.failure_probability, 0.0, 1.0);
  double tries = 1, pk = 1;
  for (int k = 0; k < t.retries && pk > 1e-9; ++k) tries += (pk *= p);  // try k+2 happens with p^(k+1)
  return tries;
}

}  // namespace

WorkloadSize workload_size(const Scenario& scenario) {
  const auto& dags = scenario.workload.dags;
  std::map<std::string, std::size_t> by_id;
  for (std::size_t d = 0; d < dags.size(); ++d) by_id[dags[d].id] = d;

  // runs[d] = own runs + runs created by TriggerDagRun tasks of other DAGs;
  // propagated pass by pass (each pass follows one more trigger hop).
  std::vector<double> own(dags.size()), runs(dags.size());
  for (std::size_t d = 0; d < dags.size(); ++d) {
    own[d] = static_cast<double>(dags[d].trigger_times.size());
    if (dags[d].schedule) own[d] += schedule_runs(*dags[d].schedule, scenario.time_limit);
  }
  WorkloadSize out;
  runs = own;
  bool changed = true;
  for (std::size_t pass = 0; changed && pass <= dags.size(); ++pass) {
    std::vector<double> next = own;
    for (std::size_t d = 0; d < dags.size(); ++d)
      for (const TaskSpec& t : dags[d].tasks)
        for (const std::string& target : t.trigger_dag_ids)
          if (auto it = by_id.find(target); it != by_id.end()) next[it->second] += runs[d];
    changed = next != runs;
    runs = std::move(next);
  }
  out.trigger_cycle = changed;  // still growing after |dags| hops: a cycle
  for (std::size_t d = 0; d < dags.size(); ++d) {
    double tries_per_run = 0;
    for (const TaskSpec& t : dags[d].tasks) tries_per_run += expected_tries(t);
    out.dag_runs += runs[d];
    out.task_instances += runs[d] * static_cast<double>(dags[d].tasks.size());
    out.tries += runs[d] * tries_per_run;
    out.task_specs += static_cast<double>(dags[d].tasks.size());
  }
  return out;
}

MemoryEstimate estimate_memory(const Scenario& scenario, int concurrent, bool export_tis) {
  MemoryEstimate e;
  e.size = workload_size(scenario);
  e.concurrent = std::max(1, concurrent);
  e.export_tis = export_tis;
  const MemoryCosts& c = kMemoryCosts;
  const double per_simulation = e.size.tries * c.per_task_instance + e.size.dag_runs * c.per_dag_run;
  e.bytes = c.baseline + e.size.task_specs * c.per_task_spec + per_simulation * e.concurrent +
            (export_tis ? e.size.tries * c.per_exported_ti : 0);  // one export at a time
  return e;
}

namespace {

std::optional<double> machine_available() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  double value = 0;
  while (in >> key >> value >> unit)
    if (key == "MemAvailable:") return value * 1024;  // kB
  const long pages = ::sysconf(_SC_AVPHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) return static_cast<double>(pages) * static_cast<double>(page);
  return std::nullopt;
}

// What ulimit -v / -d still allow: the limit minus the address space mapped
// now (/proc/self/statm, first field, in pages).
std::optional<double> rlimit_left() {
  std::optional<double> left;
  double mapped = 0;
  if (std::ifstream statm("/proc/self/statm"); statm >> mapped) mapped *= static_cast<double>(::sysconf(_SC_PAGESIZE));
  for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    struct rlimit r {};
    if (::getrlimit(resource, &r) == 0 && r.rlim_cur != RLIM_INFINITY) {
      const double l = std::max(0.0, static_cast<double>(r.rlim_cur) - mapped);
      left = left ? std::min(*left, l) : l;
    }
  }
  return left;
}

}  // namespace

std::optional<double> available_memory() {
  const auto machine = machine_available(), limit = rlimit_left();
  if (machine && limit) return std::min(*machine, *limit);
  return machine ? machine : limit;
}

void refuse_if_more_than_available(double bytes, const std::string& file, const std::string& path,
                                   const std::string& what) {
  const auto available = available_memory();
  if (available && bytes > *available)
    throw InputError(file, path,
                     what + " would need about " + format_bytes(bytes) + ", more than the " + format_bytes(*available) +
                         " this machine has available (MemAvailable, ulimit): refused before allocating it");
}

std::string format_bytes(double bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) {
    bytes /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, bytes < 10 && u > 0 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
  return buf;
}

std::string format_count(double count) {
  char buf[32];
  std::snprintf(buf, sizeof buf, count < 1e15 ? "%.0f" : "%.3g", count);
  return buf;
}

double parse_bytes(const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  unit.erase(std::remove_if(unit.begin(), unit.end(), [](unsigned char ch) { return std::isspace(ch); }), unit.end());
  for (char& ch : unit) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  static const std::map<std::string, double> scale = {
      {"", 1},         {"B", 1},        {"K", 0x1p10},   {"KIB", 0x1p10}, {"KB", 1e3},  {"M", 0x1p20},
      {"MIB", 0x1p20}, {"MB", 1e6},     {"G", 0x1p30},   {"GIB", 0x1p30}, {"GB", 1e9},  {"T", 0x1p40},
      {"TIB", 0x1p40}, {"TB", 1e12}};
  const auto it = scale.find(unit);
  if (used == 0 || it == scale.end() || !(v >= 0) || !std::isfinite(v))
    throw std::invalid_argument("expected a size such as 2GiB, 500MB or 1048576, got '" + text + "'");
  return v * it->second;
}

std::string memory_refusal(const MemoryEstimate& e, double available, const std::string& available_source) {
  std::ostringstream os;
  os.precision(2);
  if (e.size.task_instances > kMaxTaskInstances) {
    os << "this scenario has about " << e.size.task_instances << " task instances; the model indexes them with 32 bits "
       << "(at most 4294967295 per run); reduce runs or tasks";
    return os.str();
  }
  if (e.bytes <= available) return "";
  os << "this scenario needs about " << format_bytes(e.bytes) << " (" << e.size.tries << " task instance tries x "
     << format_bytes(kMemoryCosts.per_task_instance);
  if (e.concurrent > 1) os << " x " << e.concurrent << " simulations held at once";
  if (e.export_tis) os << ", + " << format_bytes(kMemoryCosts.per_exported_ti) << " each for --task-instances";
  os << ")";
  if (e.size.trigger_cycle) os << " at least (its TriggerDagRun tasks form a cycle)";
  os << "; " << format_bytes(available) << " " << available_source
     << "; reduce runs or tasks, use fewer --threads, or (sweeps) --shard";
  return os.str();
}

}  // namespace mwaa
