#include "models/import/import_common.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "models/errors.hpp"
#include "models/report/iso_time.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::imports {

namespace fs = std::filesystem;

std::string ImportLog::text(const std::string& prefix) const {
  std::string out;
  for (const auto& r : read) out += prefix + "read: " + r + "\n";
  for (const auto& s : skipped) out += prefix + "skipped: " + s + "\n";
  for (const auto& w : warnings) out += prefix + "warning: " + w + "\n";
  return out;
}

PathKind path_kind(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  // status() reports a missing path (also one under a file: ENOTDIR) as
  // not_found with ec set; every other ec is a path the OS cannot resolve.
  if (st.type() == fs::file_type::not_found) return PathKind::Missing;
  if (ec) throw InputError(path, "", "cannot read this path: " + ec.message());
  if (st.type() == fs::file_type::directory) return PathKind::Directory;
  if (st.type() == fs::file_type::regular) return PathKind::RegularFile;
  return PathKind::Other;
}

PathKind existing_path_kind(const std::string& path, const std::string& expected) {
  const PathKind kind = path_kind(path);
  if (kind != PathKind::Missing) return kind;
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(path, ec))) {
    const fs::path target = fs::read_symlink(path, ec);
    throw InputError(path, "", "is a symbolic link to '" + (ec ? std::string("?") : target.string()) +
                                   "', which does not exist (expected " + expected + ")");
  }
  throw InputError(path, "", "does not exist (expected " + expected + ")");
}

std::vector<fs::path> directory_entries(const std::string& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) throw InputError(dir, "", "cannot list the directory: " + ec.message());
  std::vector<fs::path> entries;
  for (const fs::directory_iterator end; it != end;) {
    entries.push_back(it->path());
    it.increment(ec);
    if (ec) throw InputError(dir, "", "cannot list the directory: " + ec.message());
  }
  // Sorted so page-00000.json, page-00001.json ... merge in order on every machine.
  std::sort(entries.begin(), entries.end());
  return entries;
}

std::vector<InputDocument> read_documents(const std::vector<std::string>& paths) {
  std::vector<InputDocument> docs;
  for (const auto& p : paths) {
    const PathKind kind = existing_path_kind(p, "a JSON file or a directory of JSON pages");
    if (kind != PathKind::Directory) {
      docs.push_back({p, input::read_json_file(p)});  // names a directory or the OS reason itself
      continue;
    }
    std::vector<std::string> files;
    for (const auto& entry : directory_entries(p)) {
      if (entry.extension() != ".json") continue;
      // A page that cannot be resolved (a symbolic link loop or to nothing)
      // is an error: skipping it would drop its records silently.
      const std::string name = entry.string();
      const PathKind k = existing_path_kind(name, "a JSON page");
      if (k == PathKind::RegularFile) files.push_back(name);
    }
    if (files.empty()) throw InputError(p, "", "directory holds no .json files");
    for (const auto& f : files) docs.push_back({f, input::read_json_file(f)});
  }
  return docs;
}

std::string duration_text(sim::Time t) { return sim::format_duration(t); }
std::string duration_text_seconds(double seconds) { return duration_text(sim::Time::from_seconds(seconds)); }

bool is_airflow_id(std::string_view text) {
  return !text.empty() && text.size() <= 250 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
         });
}

std::string safe_airflow_id(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 250))
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ? c : '_';
  return out.empty() ? "_" : out;
}

std::optional<std::int64_t> parse_iso_datetime_us(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':')
    return std::nullopt;
  const auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  const auto hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  std::size_t i = 19;
  std::int64_t micros = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    int n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      if (n < 6) micros = micros * 10 + (s[i] - '0');  // digits past microseconds are dropped
      ++n;
      ++i;
    }
    if (n == 0) return std::nullopt;
    for (; n < 6; ++n) micros *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    const auto hh = digits(i + 1, 2);
    std::size_t at = i + 3;
    if (at < s.size() && s[at] == ':') ++at;
    const auto mm = digits(at, 2);
    if (!hh || !mm) return std::nullopt;
    offset_minutes = sign * (*hh * 60 + *mm);
    i = at + 2;
  }
  if (i != s.size()) return std::nullopt;
  const std::int64_t secs = days_from_civil(*year, *month, *day) * 86400 + *hour * 3600 + *minute * 60 + *second -
                            offset_minutes * 60;
  return secs * sim::kMicrosPerSecond + micros;
}

std::string iso_utc_z(std::int64_t epoch_us) {
  // Floor to whole seconds, also before 1970.
  const std::int64_t secs = epoch_us >= 0 ? epoch_us / sim::kMicrosPerSecond
                                          : -((-epoch_us + sim::kMicrosPerSecond - 1) / sim::kMicrosPerSecond);
  std::string text = iso_utc_seconds(secs);  // "...+00:00"
  return text.substr(0, text.size() - 6) + "Z";
}

Scenario check_scenario(const OJson& scenario, const std::string& name) {
  try {
    return load_scenario(Json::parse(scenario.dump()), name);
  } catch (const InputError& e) {
    throw InputError(name, e.path(), e.message() + " (in the imported scenario)");
  }
}

Json read_environment_file(const std::string& path) {
  existing_path_kind(path, "an `aws mwaa get-environment` output file");  // a missing path or a broken link, named
  return input::read_json_file(path);
}

std::string some_of(const std::vector<std::string>& items, std::size_t shown) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < shown; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > shown) out += " and " + std::to_string(items.size() - shown) + " more";
  return out;
}

}  // namespace mwaa::imports
