#include "models/calibration/task_instance_input.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <tuple>

#include "models/calibration/timestamp_input.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::calibration {

namespace {

using input::Json;
using input::Where;

std::optional<std::int64_t> datetime(const Json& record, const char* key, const Where& w) {
  const Json* v = input::member(record, key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) w.key(key).fail("expected an ISO-8601 date-time or null, got " + input::describe(*v));
  const auto us = parse_iso8601_us(v->get<std::string>());
  if (!us)
    w.key(key).fail("unparsable date-time " + input::describe(*v) + ": expected e.g. \"2025-05-01T10:00:03.250000Z\"");
  return us;
}

std::string text(const Json& record, const char* key, const Where& w, bool required) {
  const Json* v = input::member(record, key);
  if (!v || v->is_null()) {
    if (required) w.fail(std::string("missing \"") + key + "\"");
    return "";
  }
  return input::get_string(*v, w.key(key));
}

int integer(const Json& record, const char* key, const Where& w, int fallback) {
  const Json* v = input::member(record, key);
  if (!v || v->is_null()) return fallback;
  return input::get_int(*v, w.key(key), -1);
}

// 1 for the v1 (Airflow 2) shape, 2 for v2 (Airflow 3), 0 when neither field is there.
int shape_of(const Json& record) {
  if (input::member(record, "logical_date") || input::member(record, "run_after")) return 2;
  if (input::member(record, "execution_date")) return 1;
  return 0;
}

}  // namespace

TaskInstanceData parse_task_instances(const std::vector<NamedJson>& pages) {
  TaskInstanceData out;
  std::set<std::tuple<std::string, std::string, std::string, int, int>> seen;
  std::int64_t total_entries = -1;
  std::size_t duplicates = 0;
  std::set<int> shapes;
  for (const auto& page : pages) {
    const Where root{page.file, ""};
    input::expect_object(page.doc, root);
    const Json* list = input::member(page.doc, "task_instances");
    if (!list) root.fail("missing \"task_instances\": expected the Airflow REST API's task-instance list");
    input::expect_array(*list, root.key("task_instances"));
    if (const Json* total = input::member(page.doc, "total_entries"))
      total_entries =
          std::max<std::int64_t>(total_entries, input::get_integer(*total, root.key("total_entries"), 0, INT64_MAX));
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Where w = root.key("task_instances").index(i);
      const Json& r = input::expect_object((*list)[i], w);
      ObservedTry t;
      t.dag_id = text(r, "dag_id", w, true);
      t.task_id = text(r, "task_id", w, true);
      t.dag_run_id = text(r, "dag_run_id", w, false);
      t.state = text(r, "state", w, false);
      t.hostname = text(r, "hostname", w, false);
      t.map_index = integer(r, "map_index", w, -1);
      t.try_number = integer(r, "try_number", w, 1);
      t.queued_us = datetime(r, "queued_when", w);
      t.start_us = datetime(r, "start_date", w);
      t.end_us = datetime(r, "end_date", w);
      if (const Json* d = input::member(r, "duration"); d && !d->is_null())
        t.duration = input::get_number(*d, w.key("duration"), 0, 1e12);
      if (const int shape = shape_of(r)) shapes.insert(shape);
      if (!seen.emplace(t.dag_id, t.dag_run_id, t.task_id, t.map_index, t.try_number).second) {
        ++duplicates;  // the same record on two pages (overlapping offsets)
        continue;
      }
      out.tries.push_back(std::move(t));
    }
  }
  if (shapes.size() == 1) out.api_version = *shapes.begin();
  if (shapes.size() > 1) out.warnings.push_back("task-instance pages mix the v1 (Airflow 2) and v2 (Airflow 3) shapes");
  if (duplicates > 0)
    out.warnings.push_back(std::to_string(duplicates) +
                           " task-instance record(s) appear on more than one page: kept once");
  if (total_entries >= 0 && static_cast<std::int64_t>(out.tries.size()) < total_entries)
    out.warnings.push_back("task instances: total_entries is " + std::to_string(total_entries) +
                           " but the pages hold " + std::to_string(out.tries.size()) + ": pages are missing");
  return out;
}

TaskInstanceData read_task_instances(const std::vector<std::string>& files) {
  std::vector<NamedJson> pages;
  for (const auto& f : files) pages.push_back({f, input::read_json_file(f)});
  return parse_task_instances(pages);
}

}  // namespace mwaa::calibration
