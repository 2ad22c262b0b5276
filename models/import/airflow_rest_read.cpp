// Reads the response files of an Airflow recording: each option is a file or
// a directory of pages; the tasks directory holds one file (or one directory
// of pages) per DAG, named after the DAG, because /dags/{dag_id}/tasks
// records do not carry their dag_id.
#include <algorithm>
#include <filesystem>

#include "models/errors.hpp"
#include "models/import/airflow_rest.hpp"
#include "models/import/import_common.hpp"

namespace mwaa::imports {

namespace fs = std::filesystem;

namespace {

// Present for the layout: anything at the path, including a symbolic link to
// nothing (reading it then says so, rather than the input silently missing).
bool present(const fs::path& p) {
  if (path_kind(p.string()) != PathKind::Missing) return true;
  std::error_code ec;
  return fs::is_symlink(fs::symlink_status(p, ec));
}

}  // namespace

AirflowFiles airflow_files_in(const std::string& dir) {
  if (existing_path_kind(dir, "the directory tools/collect-airflow.sh writes") != PathKind::Directory)
    throw InputError(dir, "", "not a directory (expected the layout tools/collect-airflow.sh writes)");
  AirflowFiles f;
  auto sub = [&](const char* name) -> std::vector<std::string> {
    const fs::path p = fs::path(dir) / name;
    if (present(p)) return {p.string()};
    return {};
  };
  f.dags = sub("dags");
  f.dag_runs = sub("dag_runs");
  f.task_instances = sub("task_instances");
  f.pools = sub("pools");
  // Set when anything is there: a file named tasks is then reported as not a directory.
  if (present(fs::path(dir) / "tasks")) f.tasks_dir = (fs::path(dir) / "tasks").string();
  if (present(fs::path(dir) / "environment.json")) f.environment = (fs::path(dir) / "environment.json").string();
  return f;
}

AirflowRecording read_airflow_recording(const AirflowFiles& files) {
  AirflowRecording rec;
  if (files.tasks_dir.empty()) throw InputError("", "", "no tasks directory: the DAG structure comes from /dags/{dag_id}/tasks");
  if (files.dag_runs.empty()) throw InputError("", "", "no DAG runs: the arrivals come from /dags/~/dagRuns");
  for (const auto& d : read_documents(files.dags)) add_dags_page(rec, d.json, d.path);

  const char* tasks_layout = "a directory with one <dag_id>.json file (or <dag_id>/ directory of pages) per DAG";
  if (existing_path_kind(files.tasks_dir, tasks_layout) != PathKind::Directory)
    throw InputError(files.tasks_dir, "", std::string("not a directory (expected ") + tasks_layout + ")");
  std::vector<std::string> ignored;
  for (const auto& p : directory_entries(files.tasks_dir)) {
    const PathKind kind = path_kind(p.string());  // a symbolic link loop is an error naming it
    if (kind == PathKind::Directory) {  // DIR/<dag_id>/ holding pages
      for (const auto& d : read_documents({p.string()})) add_tasks_page(rec, p.filename().string(), d.json, d.path);
    } else if (p.extension() == ".json") {
      const auto d = read_documents({p.string()});  // a link to nothing: an error naming it
      add_tasks_page(rec, p.stem().string(), d.front().json, d.front().path);
    } else {
      ignored.push_back(p.filename().string());
    }
  }
  if (!ignored.empty())
    rec.log.skipped.push_back("files in the tasks directory that are not <dag_id>.json: " + some_of(ignored));
  if (rec.tasks.empty()) throw InputError(files.tasks_dir, "", "no <dag_id>.json tasks files");

  for (const auto& d : read_documents(files.dag_runs)) add_dag_runs_page(rec, d.json, d.path);
  for (const auto& d : read_documents(files.task_instances)) add_task_instances_page(rec, d.json, d.path);
  for (const auto& d : read_documents(files.pools)) add_pools_page(rec, d.json, d.path);
  if (!files.environment.empty()) rec.environment = read_environment_file(files.environment);
  finish_recording(rec);
  return rec;
}

}  // namespace mwaa::imports
