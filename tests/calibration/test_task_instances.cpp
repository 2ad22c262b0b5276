// Airflow REST API task-instance exports (v1 and v2 shapes, pages) and what
// they show directly.
#include "calibration_fixtures.hpp"
#include "models/calibration/task_instance_estimates.hpp"
#include "models/calibration/task_instance_input.hpp"
#include "models/report/task_instance_export.hpp"
#include "models/simulation.hpp"

using namespace mwaa;
using namespace mwaa::calibration;
using namespace calib_test;

namespace {

json v2_record(const std::string& dag, const std::string& task, const std::string& queued, const std::string& start,
               const std::string& end, double duration, const std::string& host = "worker-0") {
  return {{"task_id", task},      {"dag_id", dag},           {"dag_run_id", "manual__2025-05-01T10:00:00+00:00"},
          {"map_index", -1},      {"logical_date", nullptr}, {"run_after", "2025-05-01T10:00:00Z"},
          {"start_date", start},  {"end_date", end},         {"duration", duration},
          {"state", "success"},   {"try_number", 1},         {"hostname", host},
          {"queued_when", queued}};
}

// The export of one simulated run, split into pages of `per_page` records.
std::vector<NamedJson> pages_of(const Scenario& sc, std::uint64_t seed, std::size_t per_page) {
  const json all = json::parse(task_instances_json(sc, simulate(sc, seed)).dump());
  std::vector<NamedJson> pages;
  const auto& list = all["task_instances"];
  for (std::size_t i = 0; i < list.size(); i += per_page) {
    json page = {{"task_instances", json::array()}, {"total_entries", list.size()}};
    for (std::size_t k = i; k < std::min(list.size(), i + per_page); ++k) page["task_instances"].push_back(list[k]);
    pages.push_back({"ti-" + std::to_string(pages.size() + 1) + ".json", page});
  }
  return pages;
}

}  // namespace

TEST_CASE("v2 (Airflow 3) records: queue waits, durations, workers, completion", "[calibration][task-instances]") {
  const json page = {
      {"task_instances", json::array({v2_record("d", "a", "2025-05-01T10:00:01.000000Z", "2025-05-01T10:00:03.500000Z",
                                                "2025-05-01T10:00:40.000000Z", 36.5),
                                      v2_record("d", "b", "2025-05-01T10:00:41.000000Z", "2025-05-01T10:00:42.000000Z",
                                                "2025-05-01T10:01:30.000000Z", 48.0, "worker-1"),
                                      v2_record("d", "c", "2025-05-01T10:01:31.000000Z", "2025-05-01T10:01:32.500000Z",
                                                "2025-05-01T10:02:00.000000Z", 26.5, "worker-1")})},
      {"total_entries", 3}};
  const TaskInstanceData data = parse_task_instances({{"ti.json", page}});
  CHECK(data.api_version == 2);
  REQUIRE(data.tries.size() == 3);
  CHECK(data.tries[0].duration == 36.5);
  CHECK(data.warnings.empty());

  json sc_doc = wave_scenario({{"0s", 1}}, 1, "30s");
  sc_doc["workload"]["dags"][0] = {{"dag_id", "d"},
                                   {"trigger_at", {"0s"}},
                                   {"tasks",
                                    {{{"task_id", "a"}, {"duration", "30s"}},
                                     {{"task_id", "b"}, {"duration", "10s"}},
                                     {{"task_id", "c"}, {"duration", "20s"}}}}};
  const TaskInstanceEstimates e = estimate_from_task_instances(load(sc_doc), data);
  CHECK(e.queue_wait.count == 3);
  CHECK(e.queue_wait.mean == Approx(5.0 / 3));
  CHECK(e.queue_wait.max == Approx(2.5));
  CHECK(e.workers == 2);
  CHECK(e.tries_per_worker_max == 2);
  CHECK(e.completion == Approx(120));
  CHECK(e.first_start == Approx(3.5));
  // Airflow 3: duration - scenario duration - state write (0.2 s) is 6.3 s for
  // a and c, 37.8 s for b: b's durations disagree with the scenario (10 s)
  // by far more than 20 %, and the start-up is estimated from a and c.
  REQUIRE(e.differing.size() == 1);
  CHECK(e.differing[0].task_id == "b");
  CHECK(e.startup_overhead_mean == Approx(6.3));
  CHECK(any_contains(e.warnings, "task d.b: observed code duration"));
}

TEST_CASE("v1 (Airflow 2) records use execution_date and +00:00 datetimes", "[calibration][task-instances]") {
  json r = v2_record("d", "a", "2025-05-01T10:00:01+00:00", "2025-05-01T10:00:05.5+00:00",
                     "2025-05-01T10:00:35.7+00:00", 30.2);
  r.erase("logical_date");
  r.erase("run_after");
  r["execution_date"] = "2025-05-01T10:00:00+00:00";
  const TaskInstanceData data = parse_task_instances({{"ti.json", {{"task_instances", {r}}, {"total_entries", 1}}}});
  CHECK(data.api_version == 1);
  json sc_doc = wave_scenario({{"0s", 1}}, 1, "30s");
  sc_doc["environment"]["AirflowVersion"] = "2.10.3";
  sc_doc["workload"]["dags"][0]["dag_id"] = "d";
  sc_doc["workload"]["dags"][0]["tasks"][0]["task_id"] = "a";
  const TaskInstanceEstimates e = estimate_from_task_instances(load(sc_doc), data);
  CHECK(e.queue_wait.mean == Approx(4.5));
  CHECK_FALSE(e.startup_overhead_mean);  // hidden in the queue wait in Airflow 2
  CHECK(contains(e.startup_note, "Airflow 2"));
  CHECK(e.differing.empty());  // 30.2 - 0.2 = 30 s as the scenario says
}

TEST_CASE("pages of a simulated run merge, duplicates once, missing pages reported", "[calibration][task-instances]") {
  json doc = fit_scenario();
  doc["model"] = hidden_model();
  const Scenario sc = load(doc);
  std::vector<NamedJson> pages = pages_of(sc, 5, 100);
  REQUIRE(pages.size() >= 3);
  const std::size_t total = pages[0].doc["total_entries"].get<std::size_t>();

  std::vector<NamedJson> with_overlap = pages;
  with_overlap.push_back(pages[1]);  // the same page twice (overlapping offsets)
  const TaskInstanceData all = parse_task_instances(with_overlap);
  CHECK(all.tries.size() == total);
  CHECK(any_contains(all.warnings, "appear on more than one page"));

  std::vector<NamedJson> missing(pages.begin(), pages.end() - 1);
  CHECK(any_contains(parse_task_instances(missing).warnings, "pages are missing"));

  // The hidden start-up (lognormal, mean 13.1 s) shows through Airflow 3's durations,
  // and the scenario's own durations are right: nothing is flagged.
  const TaskInstanceEstimates e = estimate_from_task_instances(sc, all);
  REQUIRE(e.startup_overhead_mean);
  CHECK(*e.startup_overhead_mean == Approx(sc.model.task_startup_overhead.mean()).epsilon(0.1));
  CHECK(e.differing.empty());
  CHECK(e.tasks_compared == 720);
}

TEST_CASE("malformed task-instance input is an InputError", "[calibration][task-instances][errors]") {
  Caught c = catch_input_error([] { parse_task_instances({{"ti.json", json{{"dag_runs", json::array()}}}}); });
  CHECK(contains(c.message, "missing \"task_instances\""));
  c = catch_input_error([] {
    parse_task_instances({{"ti.json",
                           {{"task_instances",
                             {v2_record("d", "a", "yesterday", "2025-05-01T10:00:00Z", "2025-05-01T10:00:01Z", 1)}}}}});
  });
  CHECK(c.file == "ti.json");
  CHECK(c.path == "task_instances[0].queued_when");
  CHECK(contains(c.message, "unparsable date-time"));
  c = catch_input_error([] { parse_task_instances({{"ti.json", {{"task_instances", {json{{"task_id", "a"}}}}}}}); });
  CHECK(contains(c.message, "missing \"dag_id\""));
}
