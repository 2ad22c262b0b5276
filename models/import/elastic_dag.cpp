// Airflow's elastic_dag.py benchmark DAGs; see elastic_dag.hpp for the
// source of every rule.
#include "models/import/elastic_dag.hpp"

#include <cctype>
#include <regex>
#include <stdexcept>

#include "models/import/import_common.hpp"

namespace mwaa::imports {

namespace {

const std::vector<std::pair<ElasticShape, std::string>> kShapes = {{ElasticShape::NoStructure, "no_structure"},
                                                                   {ElasticShape::Linear, "linear"},
                                                                   {ElasticShape::BinaryTree, "binary_tree"},
                                                                   {ElasticShape::Star, "star"},
                                                                   {ElasticShape::Grid, "grid"}};

// elastic_dag.py's safe_dag_id: each run of characters outside [0-9a-zA-Z_] becomes one '_'.
std::string safe_dag_id(const std::string& s) {
  std::string out;
  bool in_run = false;
  for (char c : s) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (ok) out += c;
    else if (!in_run) out += '_';
    in_run = !ok;
  }
  return out;
}

[[noreturn]] void invalid(const std::string& message) { throw std::invalid_argument(message); }

}  // namespace

std::optional<ElasticShape> parse_elastic_shape(std::string_view name) {
  for (const auto& [shape, text] : kShapes)
    if (text == name) return shape;
  return std::nullopt;
}

std::string elastic_shape_name(ElasticShape shape) {
  for (const auto& [s, text] : kShapes)
    if (s == shape) return text;
  return "?";
}

const std::vector<std::string>& elastic_shape_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& [s, text] : kShapes) n.push_back(text);
    return n;
  }();
  return names;
}

std::optional<sim::Time> parse_perf_time_delta(std::string_view text) {
  // RE_TIME_DELTA of elastic_dag.py; each part is float()-ed, so "1.2.3h" fails there too.
  static const std::regex re(R"(^(([.\d]+?)d)?(([.\d]+?)h)?(([.\d]+?)m)?(([.\d]+?)s)?$)");
  std::cmatch m;
  const std::string s(text);
  if (!std::regex_match(s.c_str(), m, re)) return std::nullopt;
  const double unit_seconds[] = {86400, 3600, 60, 1};
  double total = 0;
  for (int k = 0; k < 4; ++k) {
    const auto& part = m[2 + 2 * k];
    if (!part.matched) continue;
    const std::string number = part.str();
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(number, &used);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (used != number.size()) return std::nullopt;
    total += v * unit_seconds[k];
  }
  return sim::Time::from_seconds(total);
}

std::vector<std::pair<int, int>> elastic_edges(ElasticShape shape, int n) {
  std::vector<std::pair<int, int>> edges;
  switch (shape) {
    case ElasticShape::NoStructure: break;
    case ElasticShape::Linear:  // chain(*tasks)
      for (int i = 0; i + 1 < n; ++i) edges.emplace_back(i, i + 1);
      break;
    case ElasticShape::BinaryTree:  // tasks[i].set_downstream(tasks[(i - 1) // 2])
      for (int i = 1; i < n; ++i) edges.emplace_back(i, (i - 1) / 2);
      break;
    case ElasticShape::Star:  // tasks[0].set_upstream(list(tasks[1:]))
      for (int i = 1; i < n; ++i) edges.emplace_back(i, 0);
      break;
    case ElasticShape::Grid: {
      if (n > 100 * 99 / 2) invalid("grid DAGs hold at most 4950 tasks (elastic_dag.py: lateral size at most 100), got " +
                                    std::to_string(n));
      int size = 0;
      while (size * (size + 1) / 2 < n) ++size;
      auto index = [&](int i, int j) { return size * i - i * (i - 1) / 2 + j; };
      for (int i = 0; i < size - 1; ++i)
        for (int j = 0; j < size - i - 1; ++j) {
          if (index(i + 1, j) < n) edges.emplace_back(index(i + 1, j), index(i, j));
          if (index(i, j + 1) < n) edges.emplace_back(index(i, j + 1), index(i, j));
        }
      break;
    }
  }
  return edges;
}

std::string elastic_dag_id(const ElasticDagParams& p, int dag_no) {
  return safe_dag_id(p.dag_prefix + "__SHAPE=" + elastic_shape_name(p.shape) + "__DAGS_COUNT=" + std::to_string(dag_no) +
                     "_of_" + std::to_string(p.dags_count) + "__TASKS_COUNT=$" + std::to_string(p.tasks_count) +
                     "__START_DATE=$" + p.start_ago + "__SCHEDULE=$" + p.schedule_interval);
}

std::string elastic_task_id(int i, int tasks_count) {
  return "tasks__" + std::to_string(i) + "_of_" + std::to_string(tasks_count);
}

std::optional<nlohmann::ordered_json> elastic_schedule(const ElasticDagParams& p, std::vector<std::string>& notes) {
  const auto start_ago = parse_perf_time_delta(p.start_ago);
  if (!start_ago) invalid("start_ago: expected a time delta such as \"1h\" or \"2d8h5m20s\", got \"" + p.start_ago + "\"");
  if (p.max_runs && *p.max_runs < 1) invalid("max_runs: expected an integer >= 1, got " + std::to_string(*p.max_runs));
  const std::string& si = p.schedule_interval;
  if (si == "None" || si == "@once") {
    if (p.max_runs)
      invalid("max_runs: needs a time-delta schedule_interval (elastic_dag.py: \"Can't set max runs with string-based "
              "schedule_interval\"), got \"" + si + "\"");
    if (si == "None") return std::nullopt;
    // Due at once (start_date is in the past); interval = start_ago puts its logical date at start_date.
    const sim::Time interval = *start_ago > sim::Time::zero() ? *start_ago : sim::Time::seconds(1);
    return nlohmann::ordered_json{{"first", "0s"}, {"interval", duration_text(interval)}, {"count", 1}};
  }
  const auto interval = parse_perf_time_delta(si);
  if (!interval) invalid("schedule_interval: expected \"@once\", \"None\" or a time delta such as \"5m\", got \"" + si + "\"");
  if (*interval <= sim::Time::zero()) invalid("schedule_interval: expected a time delta > 0, got \"" + si + "\"");
  const std::int64_t due_now = start_ago->us / interval->us;  // runs whose data interval ended by T+0
  nlohmann::ordered_json s;
  if (due_now == 0) {
    s = {{"first", duration_text(*interval - *start_ago)}, {"interval", duration_text(*interval)}};
  } else if (p.max_runs && due_now >= *p.max_runs) {
    s = {{"first", "0s"}, {"interval", "1us"}};
  } else {
    s = {{"first", "0s"}, {"interval", duration_text(*interval)}};
    notes.push_back("elastic_dag: with start_ago " + p.start_ago + " and schedule_interval " + si + ", Airflow's catch-up "
                    "creates " + std::to_string(due_now) + " run(s) per DAG at once and the rest every " + si +
                    "; modelled as one run every " + si + " from T+0 (a schedule cannot start in the past)");
  }
  if (p.max_runs) s["count"] = *p.max_runs;
  return s;
}

std::vector<nlohmann::ordered_json> elastic_dags(const ElasticDagParams& p, std::vector<std::string>& notes) {
  if (p.dags_count < 1) invalid("dags_count: expected an integer >= 1, got " + std::to_string(p.dags_count));
  if (p.tasks_count < 1) invalid("tasks_count: expected an integer >= 1, got " + std::to_string(p.tasks_count));
  const auto schedule = elastic_schedule(p, notes);
  const auto edges = elastic_edges(p.shape, p.tasks_count);
  std::vector<std::vector<int>> upstream(static_cast<std::size_t>(p.tasks_count));
  for (const auto& [from, to] : edges) upstream[static_cast<std::size_t>(to)].push_back(from);

  // Every DAG has the same tasks; build them once.
  nlohmann::ordered_json tasks = nlohmann::ordered_json::array();
  for (int i = 0; i < p.tasks_count; ++i) {
    nlohmann::ordered_json t = {{"task_id", elastic_task_id(i + 1, p.tasks_count)},
                                {"operator", "BashOperator"},
                                {"duration", p.task_duration}};
    if (!upstream[static_cast<std::size_t>(i)].empty()) {
      nlohmann::ordered_json ups = nlohmann::ordered_json::array();
      for (int u : upstream[static_cast<std::size_t>(i)]) ups.push_back(elastic_task_id(u + 1, p.tasks_count));
      t["upstream"] = std::move(ups);
    }
    tasks.push_back(std::move(t));
  }
  std::vector<nlohmann::ordered_json> dags;
  for (int d = 1; d <= p.dags_count; ++d) {
    nlohmann::ordered_json dag = {{"dag_id", elastic_dag_id(p, d)}};
    if (schedule) dag["schedule"] = *schedule;
    if (!p.trigger_at.empty()) {
      nlohmann::ordered_json at = nlohmann::ordered_json::array();
      for (sim::Time t : p.trigger_at) at.push_back(duration_text(t));
      dag["trigger_at"] = std::move(at);
    }
    dag["tasks"] = tasks;
    dags.push_back(std::move(dag));
  }
  return dags;
}

nlohmann::ordered_json elastic_generator_json(const ElasticDagParams& p) {
  nlohmann::ordered_json g = {{"kind", "elastic_dag"},
                              {"dags_count", p.dags_count},
                              {"tasks_count", p.tasks_count},
                              {"shape", elastic_shape_name(p.shape)},
                              {"schedule_interval", p.schedule_interval}};
  if (p.max_runs) g["max_runs"] = *p.max_runs;
  g["start_ago"] = p.start_ago;
  g["dag_prefix"] = p.dag_prefix;
  g["task_duration"] = p.task_duration;
  if (!p.trigger_at.empty()) {
    nlohmann::ordered_json at = nlohmann::ordered_json::array();
    for (sim::Time t : p.trigger_at) at.push_back(duration_text(t));
    g["trigger_at"] = std::move(at);
  }
  return g;
}

}  // namespace mwaa::imports
