#include "models/planning/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <sstream>

#include "models/errors.hpp"
#include "models/planning/parallel.hpp"
#include "models/planning/replications.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_loader_json.hpp"
#include "models/simulation.hpp"

namespace mwaa {

namespace {

const char* const kEnvironmentFields[] = {"MinWorkers", "MaxWorkers", "Schedulers", "EnvironmentClass",
                                          "AirflowVersion", "Name"};

nlohmann::json parse_value(const std::string& text) {
  if (text.empty()) return text;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end && *end == '\0' && std::isfinite(v)) {
    if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
    return v;
  }
  return text;
}

[[noreturn]] void bad_vary(const std::string& expr, const std::string& why) {
  throw InputError("--vary", expr, why + " (expected KEY=a..b:step or KEY=x,y,z, e.g. MinWorkers=15..40:5)");
}

}  // namespace

std::string value_label(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

VaryAxis parse_vary(const std::string& expr) {
  // Keys and values reach labels and JSON outputs: bytes that are not UTF-8
  // would make nlohmann's serializer throw after the whole sweep has run.
  if (!input::is_utf8(expr))
    throw InputError("--vary", input::json_quoted(expr), "the expression is not valid UTF-8");
  const auto eq = expr.find('=');
  if (eq == std::string::npos || eq == 0) bad_vary(expr, "no KEY=");
  VaryAxis axis;
  axis.key = expr.substr(0, eq);
  const std::string spec = expr.substr(eq + 1);
  if (spec.empty()) bad_vary(expr, "no values");
  if (const auto dots = spec.find(".."); dots != std::string::npos) {
    const auto colon = spec.find(':', dots);
    const std::string a = spec.substr(0, dots);
    const std::string b = spec.substr(dots + 2, colon == std::string::npos ? std::string::npos : colon - dots - 2);
    const std::string st = colon == std::string::npos ? "1" : spec.substr(colon + 1);
    const nlohmann::json ja = parse_value(a), jb = parse_value(b), js = parse_value(st);
    if (!ja.is_number() || !jb.is_number() || !js.is_number()) bad_vary(expr, "a range needs numbers");
    const double lo = ja.get<double>(), hi = jb.get<double>(), step = js.get<double>();
    if (step <= 0) bad_vary(expr, "the step must be > 0");
    if (hi < lo) bad_vary(expr, "the range is empty (b < a)");
    const double span = (hi - lo) / step;
    if (!(span <= 10000)) bad_vary(expr, "more than 10000 values");
    const bool integral = ja.is_number_integer() && js.is_number_integer();
    // Counted, not "until v > hi": lo + k * step can stop growing when step is
    // tiny next to lo (1e17..1e17:1 would loop forever).
    const auto count = static_cast<int>(std::floor(span + 1e-9)) + 1;
    for (int k = 0; k < count; ++k) {
      const double v = lo + k * step;
      const bool whole = integral && std::fabs(v) < 9e15;  // llround is exact there
      axis.values.push_back(whole ? nlohmann::json(static_cast<std::int64_t>(std::llround(v))) : nlohmann::json(v));
    }
  } else {
    std::stringstream ss(spec);
    std::string item;
    while (std::getline(ss, item, ',')) {
      if (item.empty()) bad_vary(expr, "an empty value in the list");
      axis.values.push_back(parse_value(item));
    }
  }
  return axis;
}

void inline_environment(nlohmann::json& doc, const std::string& base_dir) {
  if (!doc.is_object() || !doc.contains("environment")) {
    if (doc.is_object()) doc["environment"] = nlohmann::json::object();
    return;
  }
  nlohmann::json& env = doc["environment"];
  if (env.is_object() && env.contains("file") && env["file"].is_string()) {
    std::string path = env["file"].get<std::string>();
    if (!path.empty() && path[0] != '/') path = base_dir + "/" + path;
    env = input::read_json_file(path);
  }
  if (env.is_object() && env.contains("Environment") && env["Environment"].is_object()) env = nlohmann::json(env["Environment"]);
}

namespace {

// Setting through a JSON pointer fills an array up to the index with nulls:
// "/workload/dags/999999999/dag_id" would allocate a billion values. Allowed:
// an existing element, or the one just past the end ("-" or the size). A path
// that leaves the document creates what is missing, and nlohmann makes a
// missing container an array when its token is all digits: there only 0 is
// allowed (the array starts empty).
void check_array_indices(const nlohmann::json& doc, const std::string& key) {
  const nlohmann::json* at = &doc;  // nullptr once the path leaves the document
  std::string walked;
  for (std::size_t from = 1; from <= key.size();) {
    const std::size_t slash = std::min(key.find('/', from), key.size());
    std::string token = key.substr(from, slash - from);
    walked += "/" + token;
    from = slash + 1;
    for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i)
      token.replace(i, 2, i + 1 < token.size() && token[i + 1] == '1' ? "/" : "~");
    if (at && at->is_null()) at = nullptr;  // nlohmann turns a null into the container the token asks for
    const bool digits = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool array = at ? at->is_array() : digits;
    if (array) {
      if (token == "-") {
        at = nullptr;
        continue;
      }
      if (!digits) return;  // nlohmann refuses it
      const std::size_t size = at ? at->size() : 0;
      char* end = nullptr;
      const unsigned long long index = std::strtoull(token.c_str(), &end, 10);
      if (index > size)
        throw InputError("--vary", key,
                         "index " + token + " is beyond the end of the array at " + walked + " (" +
                             std::to_string(size) + " element(s); use an existing index or \"-\" to append)");
      at = at && index < size ? &(*at)[index] : nullptr;
    } else if (at && at->is_object()) {
      const auto it = at->find(token);
      at = it == at->end() ? nullptr : &*it;
    } else if (at) {
      return;  // a scalar on the way: nlohmann refuses it
    }
  }
}

}  // namespace

void apply_setting(nlohmann::json& doc, const std::string& key, const nlohmann::json& value) {
  for (const char* field : kEnvironmentFields)
    if (key == field) {
      doc["environment"][key] = value;
      return;
    }
  if (key.rfind("model.", 0) == 0) {
    doc["model"][key.substr(6)] = value;
    return;
  }
  if (!key.empty() && key[0] == '/') {
    check_array_indices(doc, key);
    try {
      doc[nlohmann::json::json_pointer(key)] = value;
    } catch (const nlohmann::json::exception& e) {
      throw InputError("--vary", key, std::string("not a usable JSON pointer: ") + e.what());
    }
    return;
  }
  if (key.find('.') != std::string::npos) {  // an Airflow option: MWAA stores strings
    doc["environment"]["AirflowConfigurationOptions"][key] = value_label(value);
    return;
  }
  if (key == "seed") {
    doc["seed"] = value;
    return;
  }
  throw InputError("--vary", key,
                   "unknown key: use an environment field (MinWorkers, MaxWorkers, Schedulers, EnvironmentClass, "
                   "AirflowVersion), an Airflow option (section.key), model.<param>, or a /json/pointer");
}

int grid_size(const std::vector<VaryAxis>& axes) {
  // Checked axis by axis: the product of a few large lists would overflow.
  long long n = 1;
  for (const VaryAxis& a : axes) {
    n *= static_cast<long long>(a.values.size());
    if (n > 1000000) throw InputError("--vary", "", "the grid has more than 1,000,000 points");
  }
  return static_cast<int>(n);
}

namespace {
// Row-major: the last axis varies fastest.
std::vector<std::size_t> digits(const std::vector<VaryAxis>& axes, int index) {
  std::vector<std::size_t> d(axes.size());
  for (std::size_t k = axes.size(); k-- > 0;) {
    d[k] = static_cast<std::size_t>(index) % axes[k].values.size();
    index /= static_cast<int>(axes[k].values.size());
  }
  return d;
}
}  // namespace

std::vector<std::string> grid_values(const std::vector<VaryAxis>& axes, int index) {
  std::vector<std::string> out;
  const auto d = digits(axes, index);
  for (std::size_t k = 0; k < axes.size(); ++k) out.push_back(value_label(axes[k].values[d[k]]));
  return out;
}

Scenario point_scenario(const SweepSpec& spec, int index) {
  nlohmann::json doc = spec.document;
  const auto d = digits(spec.axes, index);
  for (std::size_t k = 0; k < spec.axes.size(); ++k) apply_setting(doc, spec.axes[k].key, spec.axes[k].values[d[k]]);
  Scenario s = load_scenario(doc, spec.source, spec.base_dir);
  s.prepare();
  return s;
}

namespace {

struct Replica {
  Summary summary;
  double cost = 0;
};

PointResult aggregate(const Scenario& s, const Pricing& pricing, const std::vector<Replica>& reps) {
  PointResult p;
  p.replications = static_cast<int>(reps.size());
  std::vector<double> completion, queue, workers, age, cost;
  for (const Replica& r : reps) {
    if (r.summary.finished) ++p.finished;
    if (r.summary.completion) completion.push_back(r.summary.completion->to_seconds());
    queue.push_back(r.summary.peak_sqs_queued.value);
    workers.push_back(r.summary.peak_workers.value);
    age.push_back(r.summary.peak_queue_age.value);
    cost.push_back(r.cost);
  }
  if (!completion.empty()) {
    p.completion_p50 = percentile_with_ci(completion, 0.5).value;
    p.completion_p95 = percentile_with_ci(completion, 0.95).value;
  }
  p.peak_queue_p95 = percentile_with_ci(queue, 0.95).value;
  p.peak_workers_p95 = percentile_with_ci(workers, 0.95).value;
  p.peak_queue_age_p95 = percentile_with_ci(age, 0.95).value;
  double total = 0;
  for (double c : cost) total += c;
  p.cost_per_run = cost.empty() ? 0 : total / static_cast<double>(cost.size());
  p.cost_per_hour = cost_per_hour(pricing, s);
  const double q = s.targets.completion_percentile / 100.0;
  if (s.targets.completion) {
    TargetResult t;
    t.name = "completion p" + std::to_string(static_cast<int>(s.targets.completion_percentile));
    t.target_seconds = s.targets.completion->to_seconds();
    // An unfinished replication counts as infinitely late.
    if (p.finished == p.replications && !completion.empty()) t.actual_seconds = percentile_with_ci(completion, q).value;
    t.met = t.actual_seconds && *t.actual_seconds <= t.target_seconds + 1e-9;
    p.targets.push_back(t);
  }
  if (s.targets.max_queue_age) {
    TargetResult t;
    t.name = "max_queue_age p" + std::to_string(static_cast<int>(s.targets.completion_percentile));
    t.target_seconds = s.targets.max_queue_age->to_seconds();
    t.actual_seconds = percentile_with_ci(age, q).value;
    t.met = *t.actual_seconds <= t.target_seconds + 1e-9;
    p.targets.push_back(t);
  }
  p.pass = !p.targets.empty();
  for (const TargetResult& t : p.targets) p.pass = p.pass && t.met;
  if (!reps.empty() && reps[0].summary.main_bottleneck) p.bottleneck = to_string(*reps[0].summary.main_bottleneck);
  return p;
}

}  // namespace

PointResult evaluate_point(const SweepSpec& spec, const Pricing& pricing, int index, int threads) {
  PointResult failed;
  failed.index = index;
  failed.values = grid_values(spec.axes, index);
  Scenario s;
  try {
    s = point_scenario(spec, index);
  } catch (const InputError& e) {
    failed.error = e.what();
    return failed;
  }
  std::vector<Replica> reps(static_cast<std::size_t>(std::max(1, spec.replications)));
  parallel_for(static_cast<int>(reps.size()), threads, [&](int r) {
    const RunResult result = simulate(s, replication_seed(s.seed, r));
    reps[static_cast<std::size_t>(r)].summary = summarize(s, result);
    reps[static_cast<std::size_t>(r)].cost = cost_of_run(pricing, s, result);
  });
  PointResult p = aggregate(s, pricing, reps);
  p.index = index;
  p.values = failed.values;
  return p;
}

SweepTable run_sweep(const SweepSpec& spec, const Pricing& pricing) {
  SweepTable t;
  for (const VaryAxis& a : spec.axes) t.axes.push_back(a.key);
  t.currency = pricing.currency;
  t.grid_size = grid_size(spec.axes);
  if (spec.shard_count < 1 || spec.shard_index < 0 || spec.shard_index >= spec.shard_count)
    throw InputError("--shard", "", "expected i/N with 0 <= i < N");
  std::vector<int> mine;
  for (int i = spec.shard_index; i < t.grid_size; i += spec.shard_count) mine.push_back(i);
  t.points.resize(mine.size());
  // Points in parallel, each point's replications on one thread: the results
  // do not depend on the thread count.
  int done = 0;
  std::mutex m;
  parallel_for(static_cast<int>(mine.size()), spec.threads, [&](int k) {
    t.points[static_cast<std::size_t>(k)] = evaluate_point(spec, pricing, mine[static_cast<std::size_t>(k)], 1);
    if (spec.progress) {
      std::lock_guard<std::mutex> lock(m);
      spec.progress(++done, static_cast<int>(mine.size()));
    }
  });
  return t;
}

namespace {

std::string seconds_label(const std::optional<double>& s) {
  if (!s) return "-";
  return sim::format_duration(sim::Time::from_seconds(std::round(*s * 10) / 10));
}

std::string money(double v) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(2) << v;
  return os.str();
}

std::string number(double v) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(0) << v;
  return os.str();
}

std::vector<std::vector<std::string>> rows(const SweepTable& t) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> head = t.axes;
  for (const char* h : {"completion P50", "completion P95", "peak queue", "peak workers", "cost/h", "cost/run", "targets",
                        "bottleneck"})
    head.push_back(h);
  out.push_back(head);
  for (const PointResult& p : t.points) {
    std::vector<std::string> r = p.values;
    if (!p.error.empty()) {
      r.insert(r.end(), {"-", "-", "-", "-", "-", "-", "INVALID", p.error});
    } else {
      std::string verdict = p.targets.empty() ? "-" : (p.pass ? "PASS" : "FAIL");
      if (p.finished < p.replications) verdict += " (" + std::to_string(p.replications - p.finished) + " unfinished)";
      r.insert(r.end(), {seconds_label(p.completion_p50), seconds_label(p.completion_p95), number(p.peak_queue_p95),
                         number(p.peak_workers_p95), money(p.cost_per_hour), money(p.cost_per_run), verdict,
                         p.bottleneck.empty() ? "-" : p.bottleneck});
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace

std::string sweep_text(const SweepTable& t) {
  const auto r = rows(t);
  std::vector<std::size_t> width(r[0].size(), 0);
  for (const auto& row : r)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  std::ostringstream os;
  for (const auto& row : r) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c + 1 < row.size()) os << std::left << std::setw(static_cast<int>(width[c])) << row[c] << "  ";
      else os << row[c];  // no trailing padding
    }
    os << "\n";
  }
  os << "(" << t.points.size() << " of " << t.grid_size << " grid points; costs in " << t.currency
     << "; P95 over replications)\n";
  return os.str();
}

std::string sweep_csv(const SweepTable& t) {
  std::ostringstream os;
  auto cell = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  for (const auto& row : rows(t)) {
    for (std::size_t c = 0; c < row.size(); ++c) os << (c ? "," : "") << cell(row[c]);
    os << "\n";
  }
  return os.str();
}

std::string sweep_markdown(const SweepTable& t) {
  std::ostringstream os;
  const auto r = rows(t);
  for (std::size_t i = 0; i < r.size(); ++i) {
    os << "|";
    for (const auto& c : r[i]) {
      std::string esc;
      for (char ch : c) esc += ch == '|' ? std::string("\\|") : std::string(1, ch);
      os << " " << esc << " |";
    }
    os << "\n";
    if (i == 0) {
      os << "|";
      for (std::size_t c = 0; c < r[0].size(); ++c) os << "---|";
      os << "\n";
    }
  }
  return os.str();
}

nlohmann::ordered_json sweep_json(const SweepTable& t) {
  auto r3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
  nlohmann::ordered_json j;
  j["axes"] = t.axes;
  j["grid_size"] = t.grid_size;
  j["currency"] = t.currency;
  j["points"] = nlohmann::ordered_json::array();
  for (const PointResult& p : t.points) {
    nlohmann::ordered_json o;
    o["index"] = p.index;
    o["values"] = p.values;
    if (!p.error.empty()) o["error"] = p.error;
    o["replications"] = p.replications;
    o["finished"] = p.finished;
    o["completion_p50_seconds"] = p.completion_p50 ? nlohmann::ordered_json(r3(*p.completion_p50)) : nullptr;
    o["completion_p95_seconds"] = p.completion_p95 ? nlohmann::ordered_json(r3(*p.completion_p95)) : nullptr;
    o["peak_queue_p95"] = r3(p.peak_queue_p95);
    o["peak_workers_p95"] = r3(p.peak_workers_p95);
    o["peak_queue_age_p95_seconds"] = r3(p.peak_queue_age_p95);
    o["cost_per_hour"] = r3(p.cost_per_hour);
    o["cost_per_run"] = r3(p.cost_per_run);
    o["targets"] = nlohmann::ordered_json::array();
    for (const TargetResult& tr : p.targets) {
      nlohmann::ordered_json x;
      x["name"] = tr.name;
      x["target_seconds"] = r3(tr.target_seconds);
      x["actual_seconds"] = tr.actual_seconds ? nlohmann::ordered_json(r3(*tr.actual_seconds)) : nullptr;
      x["met"] = tr.met;
      o["targets"].push_back(x);
    }
    o["pass"] = p.pass;
    o["bottleneck"] = p.bottleneck;
    j["points"].push_back(o);
  }
  return j;
}

SweepTable sweep_from_json(const nlohmann::json& j, const std::string& file) {
  SweepTable t;
  try {
    t.axes = j.at("axes").get<std::vector<std::string>>();
    t.grid_size = j.at("grid_size").get<int>();
    t.currency = j.value("currency", "USD");
    for (const auto& o : j.at("points")) {
      PointResult p;
      p.index = o.at("index").get<int>();
      p.values = o.at("values").get<std::vector<std::string>>();
      p.error = o.value("error", "");
      p.replications = o.at("replications").get<int>();
      p.finished = o.at("finished").get<int>();
      if (!o.at("completion_p50_seconds").is_null()) p.completion_p50 = o["completion_p50_seconds"].get<double>();
      if (!o.at("completion_p95_seconds").is_null()) p.completion_p95 = o["completion_p95_seconds"].get<double>();
      p.peak_queue_p95 = o.at("peak_queue_p95").get<double>();
      p.peak_workers_p95 = o.at("peak_workers_p95").get<double>();
      p.peak_queue_age_p95 = o.at("peak_queue_age_p95_seconds").get<double>();
      p.cost_per_hour = o.at("cost_per_hour").get<double>();
      p.cost_per_run = o.at("cost_per_run").get<double>();
      for (const auto& x : o.at("targets")) {
        TargetResult tr;
        tr.name = x.at("name").get<std::string>();
        tr.target_seconds = x.at("target_seconds").get<double>();
        if (!x.at("actual_seconds").is_null()) tr.actual_seconds = x["actual_seconds"].get<double>();
        tr.met = x.at("met").get<bool>();
        p.targets.push_back(tr);
      }
      p.pass = o.at("pass").get<bool>();
      p.bottleneck = o.value("bottleneck", "");
      t.points.push_back(p);
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file, "", std::string("not a sweep result (mwaa-sim sweep --json): ") + e.what());
  }
  return t;
}

SweepTable merge_sweeps(const std::vector<SweepTable>& shards) {
  if (shards.empty()) throw InputError("merge", "", "no shard files given");
  SweepTable t = shards[0];
  t.points.clear();
  std::vector<bool> seen(static_cast<std::size_t>(std::max(0, t.grid_size)), false);
  for (std::size_t s = 0; s < shards.size(); ++s) {
    if (shards[s].axes != t.axes || shards[s].grid_size != t.grid_size)
      throw InputError("merge", "shard " + std::to_string(s + 1), "comes from a different sweep (axes or grid differ)");
    for (const PointResult& p : shards[s].points) {
      if (p.index < 0 || p.index >= t.grid_size) throw InputError("merge", "", "point index out of range");
      if (seen[static_cast<std::size_t>(p.index)])
        throw InputError("merge", "shard " + std::to_string(s + 1), "point " + std::to_string(p.index) + " appears twice");
      seen[static_cast<std::size_t>(p.index)] = true;
      t.points.push_back(p);
    }
  }
  std::sort(t.points.begin(), t.points.end(), [](const PointResult& a, const PointResult& b) { return a.index < b.index; });
  return t;
}

}  // namespace mwaa
