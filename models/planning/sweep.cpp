#include "models/planning/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <limits>
#include <mutex>
#include <sstream>
#include <unordered_map>

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
    if (n > kMaxGridPoints) throw InputError("--vary", "", "the grid has more than 1,000,000 points");
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

namespace {

using input::Json;
using input::Where;

// Peaks (tasks, workers) and costs: far beyond any simulated run, and small
// enough to print as a number.
constexpr double kMaxQuantity = 1e15;

// The fields of one object of a sweep result: every read names its path, a
// missing field is "PATH: missing", a wrongly typed or out-of-range one says
// what was expected (the scenario loader's typed reads), an unknown key is
// refused with the nearest known one suggested.
class Fields {
 public:
  Fields(const Json& v, Where w, const std::vector<std::string>& keys) : obj_(input::expect_object(v, w)), at_(std::move(w)) {
    input::check_keys(obj_, at_, keys);
  }
  Where at(std::string_view key) const { return at_.key(key); }
  bool has(std::string_view key) const { return input::member(obj_, key) != nullptr; }
  const Json& operator[](std::string_view key) const {
    const Json* v = input::member(obj_, key);
    if (!v) at(key).fail("missing");
    return *v;
  }
  std::string text(std::string_view key) const { return input::get_nonempty_string((*this)[key], at(key)); }
  std::string text_or(std::string_view key, const std::string& otherwise) const {
    return has(key) ? input::get_string((*this)[key], at(key)) : otherwise;
  }
  bool flag(std::string_view key) const { return input::get_bool((*this)[key], at(key)); }
  int count(std::string_view key, int min, int max) const { return input::get_int((*this)[key], at(key), min, max); }
  double quantity(std::string_view key) const { return input::get_number((*this)[key], at(key), 0, kMaxQuantity); }
  double seconds(std::string_view key) const { return input::get_number((*this)[key], at(key), 0, kMaxSweepSeconds); }
  std::optional<double> seconds_or_null(std::string_view key) const {
    if ((*this)[key].is_null()) return std::nullopt;
    return seconds(key);
  }
  const Json& array(std::string_view key) const { return input::expect_array((*this)[key], at(key)); }

 private:
  const Json& obj_;
  Where at_;
};

const std::vector<std::string> kSweepKeys = {"axes", "grid_size", "currency", "points"};
const std::vector<std::string> kPointKeys = {"index", "values", "error", "replications", "finished",
                                             "completion_p50_seconds", "completion_p95_seconds", "peak_queue_p95",
                                             "peak_workers_p95", "peak_queue_age_p95_seconds", "cost_per_hour",
                                             "cost_per_run", "targets", "pass", "bottleneck"};
const std::vector<std::string> kTargetKeys = {"name", "target_seconds", "actual_seconds", "met"};

TargetResult read_target(const Json& v, const Where& w) {
  const Fields f(v, w, kTargetKeys);
  TargetResult t;
  t.name = f.text("name");
  t.target_seconds = f.seconds("target_seconds");
  t.actual_seconds = f.seconds_or_null("actual_seconds");
  t.met = f.flag("met");
  return t;
}

PointResult read_point(const Json& v, const Where& w, const SweepTable& t) {
  const Fields f(v, w, kPointKeys);
  PointResult p;
  p.index = f.count("index", 0, t.grid_size - 1);
  const Json& values = f.array("values");
  if (values.size() != t.axes.size())
    f.at("values").fail("expected " + std::to_string(t.axes.size()) + " values (one per axis), got " +
                        std::to_string(values.size()));
  for (std::size_t k = 0; k < values.size(); ++k) p.values.push_back(input::get_string(values[k], f.at("values").index(k)));
  if (f.has("error")) p.error = f.text("error");
  // A point whose scenario was invalid ran no replication; any other ran at least one.
  p.replications = f.count("replications", p.error.empty() ? 1 : 0, std::numeric_limits<int>::max());
  p.finished = f.count("finished", 0, p.replications);
  p.completion_p50 = f.seconds_or_null("completion_p50_seconds");
  p.completion_p95 = f.seconds_or_null("completion_p95_seconds");
  p.peak_queue_p95 = f.quantity("peak_queue_p95");
  p.peak_workers_p95 = f.quantity("peak_workers_p95");
  p.peak_queue_age_p95 = f.seconds("peak_queue_age_p95_seconds");
  p.cost_per_hour = f.quantity("cost_per_hour");
  p.cost_per_run = f.quantity("cost_per_run");
  const Json& targets = f.array("targets");
  for (std::size_t k = 0; k < targets.size(); ++k) p.targets.push_back(read_target(targets[k], f.at("targets").index(k)));
  p.pass = f.flag("pass");
  p.bottleneck = f.text_or("bottleneck", "");
  return p;
}

}  // namespace

SweepTable sweep_from_json(const nlohmann::json& j, const std::string& file) {
  const Where root{file, ""};
  const std::string what = "a sweep result (the output of mwaa-sim sweep --format json)";
  if (!j.is_object()) root.fail("expected " + what + ", got " + input::describe(j));
  if (!j.contains("axes") && !j.contains("points")) root.fail("not " + what + ": it has no \"axes\" and no \"points\"");
  const Fields f(j, root, kSweepKeys);
  SweepTable t;
  t.source = file;
  const Json& axes = f.array("axes");
  if (axes.empty()) f.at("axes").fail("expected at least one axis (a --vary KEY), got []");
  for (std::size_t k = 0; k < axes.size(); ++k) t.axes.push_back(input::get_nonempty_string(axes[k], f.at("axes").index(k)));
  t.grid_size = f.count("grid_size", 1, kMaxGridPoints);
  t.currency = f.has("currency") ? f.text("currency") : "USD";
  const Json& points = f.array("points");
  std::unordered_map<int, std::size_t> position;  // index -> where it first appeared
  for (std::size_t k = 0; k < points.size(); ++k) {
    const Where at = f.at("points").index(k);
    PointResult p = read_point(points[k], at, t);
    if (const auto [it, fresh] = position.emplace(p.index, k); !fresh)
      at.key("index").fail("point " + std::to_string(p.index) + " appears twice (also at points[" +
                           std::to_string(it->second) + "])");
    t.points.push_back(std::move(p));
  }
  return t;
}

namespace {

std::string shard_name(const std::vector<SweepTable>& shards, std::size_t s) {
  return shards[s].source.empty() ? "shard " + std::to_string(s + 1) : shards[s].source;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> q;
  for (const std::string& i : items) q.push_back(input::json_quoted(i));
  return "[" + input::join(q) + "]";
}

// Sorted indexes as ranges ("1, 4-6"), at most kShown ranges.
std::string index_ranges(const std::vector<int>& sorted) {
  constexpr std::size_t kShown = 12;
  std::vector<std::string> ranges;
  std::size_t total = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    if (++total <= kShown)
      ranges.push_back(i == j ? std::to_string(sorted[i]) : std::to_string(sorted[i]) + "-" + std::to_string(sorted[j]));
    i = j + 1;
  }
  std::string out = input::join(ranges);
  if (total > kShown) out += ", ... (" + std::to_string(sorted.size()) + " in all)";
  return out;
}

}  // namespace

std::string missing_points_text(const SweepTable& t) {
  std::vector<bool> present(static_cast<std::size_t>(std::max(0, t.grid_size)), false);
  for (const PointResult& p : t.points)
    if (p.index >= 0 && p.index < t.grid_size) present[static_cast<std::size_t>(p.index)] = true;
  std::vector<int> missing;
  for (int i = 0; i < t.grid_size; ++i)
    if (!present[static_cast<std::size_t>(i)]) missing.push_back(i);
  if (missing.empty()) return "";
  return std::to_string(missing.size()) + " of " + std::to_string(t.grid_size) + " grid points are in no shard: " +
         index_ranges(missing);
}

SweepTable merge_sweeps(const std::vector<SweepTable>& shards, bool allow_missing) {
  if (shards.empty()) throw InputError("merge", "", "no shard files given");
  SweepTable t = shards[0];
  t.points.clear();
  t.source.clear();
  const std::string first = shard_name(shards, 0);
  auto differs = [&](std::size_t s, const std::string& path, const std::string& theirs, const std::string& ours) {
    throw InputError(shard_name(shards, s), path,
                     "comes from a different sweep than " + first + " (" + path + " " + theirs + ", not " + ours + ")");
  };
  std::vector<int> owner(static_cast<std::size_t>(std::max(0, t.grid_size)), -1);  // shard holding each point
  for (std::size_t s = 0; s < shards.size(); ++s) {
    const SweepTable& shard = shards[s];
    if (shard.axes != t.axes) differs(s, "axes", quoted_list(shard.axes), quoted_list(t.axes));
    if (shard.grid_size != t.grid_size) differs(s, "grid_size", std::to_string(shard.grid_size), std::to_string(t.grid_size));
    if (shard.currency != t.currency)
      differs(s, "currency", input::json_quoted(shard.currency), input::json_quoted(t.currency));
    for (std::size_t k = 0; k < shard.points.size(); ++k) {
      const PointResult& p = shard.points[k];
      const std::string path = "points[" + std::to_string(k) + "].index", index = std::to_string(p.index);
      if (p.index < 0 || p.index >= t.grid_size)
        throw InputError(shard_name(shards, s), path,
                         "point " + index + " is outside the grid (grid_size " + std::to_string(t.grid_size) +
                             ": indexes 0 to " + std::to_string(t.grid_size - 1) + ")");
      int& holder = owner[static_cast<std::size_t>(p.index)];
      if (holder >= 0)
        throw InputError(shard_name(shards, s), path,
                         "point " + index + " appears twice: also in " +
                             (holder == static_cast<int>(s) ? std::string("this shard")
                                                            : shard_name(shards, static_cast<std::size_t>(holder))) +
                             " (shards of one sweep do not overlap: was a shard given twice?)");
      holder = static_cast<int>(s);
      t.points.push_back(p);
    }
  }
  std::sort(t.points.begin(), t.points.end(), [](const PointResult& a, const PointResult& b) { return a.index < b.index; });
  if (!allow_missing)
    if (const std::string missing = missing_points_text(t); !missing.empty())
      throw InputError("merge", "", missing + " (did a shard fail, or was one not given? merge every --shard i/N of the sweep)");
  return t;
}

}  // namespace mwaa
