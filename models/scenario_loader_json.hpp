// JSON input helpers for the scenario loader: where a value sits (file + JSON
// path), typed reads that fail with InputError saying what was expected and
// what was found, unknown-key checks with the nearest valid key suggested
// (the one Levenshtein helper of the loader), and file reading with JSON
// syntax errors reported by line and column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.hpp"

namespace mwaa::input {

using Json = nlohmann::json;

// A location in the input: the file and a JSON path such as
// "workload.dags[3].tasks[0].pool". Keys that are not plain identifiers are
// quoted: environment.AirflowConfigurationOptions["core.parallelism"].
struct Where {
  std::string file;
  std::string path;

  Where key(std::string_view k) const;
  Where index(std::size_t i) const;
  [[noreturn]] void fail(const std::string& message) const;
};

// A value as it appears in messages: true, 12, "abc", an object, an array, null.
// Long strings are cut at a character boundary; bytes that are not UTF-8
// (possible in documents built in memory, e.g. by --vary) show as U+FFFD.
std::string describe(const Json& v);
// Text as a JSON string literal for messages ("a\"b"), never throwing on bad UTF-8.
std::string json_quoted(std::string_view text);
// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or code points
// above U+10FFFF); *characters gets the number of code points when it is.
bool is_utf8(std::string_view text, std::size_t* characters = nullptr);
// The length of the well-formed UTF-8 character at text[i] (1 to 4; no
// overlong forms, surrogates or code points past U+10FFFF), 0 if there is
// none; its code point in *code_point. Requires i < text.size().
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t* code_point);

// Edit distance, case-insensitive and ignoring '_' and '-' (so "max_workers"
// finds "MaxWorkers").
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word`, if near enough to be a likely typo.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);
// "; did you mean \"x\"?" when a candidate is near, else "; expected one of: a, b, c"
// (nothing when there are more than 40 candidates).
std::string suggest(std::string_view word, const std::vector<std::string>& candidates);
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

// Throws for any key of `obj` not in `allowed` (path = that key).
void check_keys(const Json& obj, const Where& w, const std::vector<std::string>& allowed);
// The member, or nullptr when absent. `obj` must be an object.
const Json* member(const Json& obj, std::string_view key);

const Json& expect_object(const Json& v, const Where& w);
const Json& expect_array(const Json& v, const Where& w);
std::string get_string(const Json& v, const Where& w);
std::string get_nonempty_string(const Json& v, const Where& w);
bool get_bool(const Json& v, const Where& w);
double get_number(const Json& v, const Where& w, double min, double max);
std::int64_t get_integer(const Json& v, const Where& w, std::int64_t min, std::int64_t max);
int get_int(const Json& v, const Where& w, int min, int max = std::numeric_limits<int>::max());
std::uint64_t get_uint64(const Json& v, const Where& w);
// A duration: a number of seconds or a string such as "4m30s"; >= 0 unless
// allow_negative.
sim::Time get_duration(const Json& v, const Where& w, bool allow_negative = false);
// A string or an array of strings, as a list.
std::vector<std::string> get_string_list(const Json& v, const Where& w);

// Reads and parses a JSON file; syntax errors become InputError(file, "",
// "invalid JSON at line L, column C: ...").
// Documents this tool reads: scenarios, exports and imports stay far below
// both (a 10^6-task-instance export is under 1 GiB; real documents nest < 20 deep).
inline constexpr std::size_t kMaxJsonFileBytes = std::size_t{2} << 30;
inline constexpr std::size_t kMaxJsonDepth = 512;
// Reads and parses a JSON file; InputError when it cannot be opened, is larger
// than max_bytes, or is not JSON (see parse_json_text).
Json read_json_file(const std::string& path, std::size_t max_bytes = kMaxJsonFileBytes);
// InputError with line and column, also for nesting deeper than kMaxJsonDepth.
Json parse_json_text(const std::string& text, const std::string& file);

std::string parent_directory(const std::string& path);
// `relative` resolved against `base_dir` (unchanged when absolute).
std::string resolve_path(const std::string& base_dir, const std::string& relative);

}  // namespace mwaa::input
