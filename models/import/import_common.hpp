// What every importer (models/import/*) shares: the log of what was read,
// skipped and assumed (the CLI prints it on stderr, so nothing is dropped
// silently), input documents from files or directories of API pages, the
// scenario's text forms (durations, Airflow ids, dates), and the check that a
// produced scenario loads exactly as `mwaa-sim run` will load it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"
#include "sim/time.hpp"

namespace mwaa::imports {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;  // output keeps a readable key order

struct ImportLog {
  std::vector<std::string> read;      // what was read, with counts
  std::vector<std::string> skipped;   // records left out, and why
  std::vector<std::string> warnings;  // assumptions made on the way
  // One line per entry ("read: ...", "skipped: ...", "warning: ..."), each
  // prefixed with `prefix` (e.g. "mwaa-sim import airflow: ").
  std::string text(const std::string& prefix) const;
};

struct ImportResult {
  OJson scenario;  // the whole scenario document
  ImportLog log;
};

struct InputDocument {
  std::string path;
  Json json;
};
// Each path is a JSON file or a directory whose *.json files (sorted by name,
// not recursive) are read. Throws InputError for a missing path, a path the
// OS cannot resolve or read (a symbolic link loop, a name too long, no
// permission: the OS reason is in the message), a directory without JSON
// files, or invalid JSON (with line and column).
std::vector<InputDocument> read_documents(const std::vector<std::string>& paths);

// What a path names, with every std::filesystem failure turned into an
// InputError naming the path and the OS reason ("Too many levels of symbolic
// links", "File name too long", "Permission denied"). A path that does not
// exist, or a symbolic link to nothing, is Missing (not an error here).
enum class PathKind { Missing, Directory, RegularFile, Other };
PathKind path_kind(const std::string& path);
// As path_kind, but a missing path is an InputError too: "does not exist
// (expected <expected>)", or "is a symbolic link to ..., which does not exist".
PathKind existing_path_kind(const std::string& path, const std::string& expected);
// The entries of a directory, sorted by name (not recursive); a directory
// that cannot be listed is an InputError naming it and the OS reason.
std::vector<std::filesystem::path> directory_entries(const std::string& dir);

// The scenario's duration text of a span ("1m1.25s"), exact to the microsecond.
std::string duration_text(sim::Time t);
std::string duration_text_seconds(double seconds);

// An Airflow id (letters, digits, '_', '.', '-'; at most 250 characters):
// every other character becomes '_'.
std::string safe_airflow_id(std::string_view text);
bool is_airflow_id(std::string_view text);

// ISO-8601 date-time ("2025-05-01T10:00:03.25+00:00", "...Z", a space instead
// of 'T'; no offset = UTC) -> microseconds since the epoch; nullopt when the
// text is not one.
std::optional<std::int64_t> parse_iso_datetime_us(std::string_view text);
// "2025-05-01T10:00:03Z": the whole seconds of an instant (the scenario's
// "start" keeps whole seconds).
std::string iso_utc_z(std::int64_t epoch_us);

// Loads `scenario` as `mwaa-sim run` does. A failure is the importer's fault
// or an input the loader rejects (a cycle, say): it throws InputError naming
// `name` and the loader's message. Returns the loaded scenario.
Scenario check_scenario(const OJson& scenario, const std::string& name);

// The "environment" value for a scenario from an `aws mwaa get-environment`
// output file, copied unchanged (the loader accepts every shape it prints).
Json read_environment_file(const std::string& path);

// "a, b, c and 7 more".
std::string some_of(const std::vector<std::string>& items, std::size_t shown = 5);

}  // namespace mwaa::imports
