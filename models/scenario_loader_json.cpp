#include "models/scenario_loader_json.hpp"

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "models/errors.hpp"
#include "models/resource_estimate.hpp"

namespace mwaa::input {

namespace {

bool is_identifier(std::string_view k) {
  if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
  return std::all_of(k.begin(), k.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; });
}

std::string fold(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string number_text(double v) {
  std::ostringstream out;
  out.precision(15);
  out << v;
  return out.str();
}

}  // namespace

Where Where::key(std::string_view k) const {
  std::string p = path;
  if (is_identifier(k)) {
    if (!p.empty()) p += '.';
    p += k;
  } else {
    p += "[" + json_quoted(k) + "]";
  }
  return Where{file, std::move(p)};
}

Where Where::index(std::size_t i) const { return Where{file, path + "[" + std::to_string(i) + "]"}; }

void Where::fail(const std::string& message) const { throw InputError(file, path, message); }

std::string describe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::null:
      return "null";
    case Json::value_t::string: {
      std::string s = v.get<std::string>();
      if (s.size() > 60) {
        std::size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        s = s.substr(0, cut) + "...";
      }
      return json_quoted(s);
    }
    default:
      return v.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

std::string json_quoted(std::string_view text) {
  return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t* code_point) {
  const auto b = static_cast<unsigned char>(text[i]);
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if (b < 0x80) { len = 1; cp = b; }
  else if ((b & 0xE0) == 0xC0) { len = 2; cp = b & 0x1F; }
  else if ((b & 0xF0) == 0xE0) { len = 3; cp = b & 0x0F; }
  else if ((b & 0xF8) == 0xF0) { len = 4; cp = b & 0x07; }
  else return 0;
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  if (code_point) *code_point = cp;
  return len;
}

bool is_utf8(std::string_view text, std::size_t* characters) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const std::size_t len = utf8_sequence(text, i, nullptr);
    if (len == 0) return false;
    i += len;
  }
  if (characters) *characters = count;
  return true;
}

std::size_t edit_distance(std::string_view a_raw, std::string_view b_raw) {
  const std::string a = fold(a_raw), b = fold(b_raw);
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // A typo: at most a third of the word wrong (and at least 2 edits allowed).
  const std::size_t limit = std::max<std::size_t>(2, fold(word).size() / 3);
  if (!best || best_distance > limit) return std::nullopt;
  return best;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

std::string suggest(std::string_view word, const std::vector<std::string>& candidates) {
  if (auto n = nearest(word, candidates)) return "; did you mean \"" + *n + "\"?";
  if (candidates.empty() || candidates.size() > 40) return "";  // a list that long would bury the message
  return "; expected one of: " + join(candidates);
}

void check_keys(const Json& obj, const Where& w, const std::vector<std::string>& allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      w.key(it.key()).fail("unknown key \"" + it.key() + "\"" + suggest(it.key(), allowed));
}

const Json* member(const Json& obj, std::string_view key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

const Json& expect_object(const Json& v, const Where& w) {
  if (!v.is_object()) w.fail("expected an object, got " + describe(v));
  return v;
}

const Json& expect_array(const Json& v, const Where& w) {
  if (!v.is_array()) w.fail("expected an array, got " + describe(v));
  return v;
}

std::string get_string(const Json& v, const Where& w) {
  if (!v.is_string()) w.fail("expected a string, got " + describe(v));
  return v.get<std::string>();
}

std::string get_nonempty_string(const Json& v, const Where& w) {
  std::string s = get_string(v, w);
  if (s.empty()) w.fail("expected a non-empty string, got \"\"");
  return s;
}

bool get_bool(const Json& v, const Where& w) {
  if (!v.is_boolean()) w.fail("expected true or false, got " + describe(v));
  return v.get<bool>();
}

double get_number(const Json& v, const Where& w, double min, double max) {
  if (!v.is_number()) w.fail("expected a number, got " + describe(v));
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < min || d > max)
    w.fail("expected a number between " + number_text(min) + " and " + number_text(max) + ", got " + describe(v));
  return d;
}

std::int64_t get_integer(const Json& v, const Where& w, std::int64_t min, std::int64_t max) {
  auto range = [&] {
    if (max == std::numeric_limits<std::int64_t>::max() || max == std::numeric_limits<int>::max())
      return "an integer >= " + std::to_string(min);
    return "an integer between " + std::to_string(min) + " and " + std::to_string(max);
  };
  std::int64_t value = 0;
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
      w.fail("expected " + range() + ", got " + describe(v));
    value = v.get<std::int64_t>();
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9e15)
      w.fail("expected " + range() + ", got " + describe(v));
    value = static_cast<std::int64_t>(d);
  } else {
    w.fail("expected " + range() + ", got " + describe(v));
  }
  if (value < min || value > max) w.fail("expected " + range() + ", got " + describe(v));
  return value;
}

int get_int(const Json& v, const Where& w, int min, int max) { return static_cast<int>(get_integer(v, w, min, max)); }

std::uint64_t get_uint64(const Json& v, const Where& w) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  return static_cast<std::uint64_t>(get_integer(v, w, 0, std::numeric_limits<std::int64_t>::max()));
}

sim::Time get_duration(const Json& v, const Where& w, bool allow_negative) {
  const std::string expected = "expected a duration such as \"4m30s\" or a number of seconds";
  sim::Time t;
  if (v.is_number()) {
    try {
      t = sim::Time::from_seconds(v.get<double>());
    } catch (const std::invalid_argument& e) {
      w.fail(expected + ", got " + describe(v) + " (" + e.what() + ")");
    }
  } else if (v.is_string()) {
    try {
      t = sim::parse_duration(v.get<std::string>());
    } catch (const std::invalid_argument& e) {
      w.fail(e.what());
    }
  } else {
    w.fail(expected + ", got " + describe(v));
  }
  if (!allow_negative && t < sim::Time::zero()) w.fail("expected a duration >= 0, got " + describe(v));
  return t;
}

std::vector<std::string> get_string_list(const Json& v, const Where& w) {
  if (v.is_string()) return {v.get<std::string>()};
  if (!v.is_array()) w.fail("expected an array of strings, got " + describe(v));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(get_string(v[i], w.index(i)));
  return out;
}

namespace {

// "line L, column C" of the 0-based byte offset `end`.
std::string position_text(const std::string& text, std::size_t end) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < end && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

namespace {

// Refuses, before nlohmann builds the tree:
//  - nesting deeper than kMaxJsonDepth: copying and printing a JSON value
//    recurse over its depth, so 10^5 nested brackets would overflow the stack;
//  - a tree that would not fit in memory (values x per_json_value): a tree
//    that nearly fills it cannot even be freed, since nlohmann's destructor
//    allocates its work stack, and a bad_alloc there ends in std::terminate.
// One pass, O(text).
void check_depth_and_size(const std::string& text, const std::string& file) {
  // Values: the root, one per ',' and one more per non-empty container (k
  // elements, k - 1 commas); an object member counts once.
  std::size_t depth = 0, values = 1;
  bool in_string = false, just_opened = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (just_opened && !in_string && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      just_opened = false;
      if (c != ']' && c != '}') ++values;
    }
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == ',') {
      ++values;
    } else if (c == '[' || c == '{') {
      just_opened = true;
      if (++depth > kMaxJsonDepth)
        throw InputError(file, "", "invalid JSON at " + position_text(text, i) + ": nested more than " +
                                       std::to_string(kMaxJsonDepth) + " levels deep");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  refuse_if_more_than_available(static_cast<double>(values) * kMemoryCosts.per_json_value, file, "",
                                "parsing this file (about " + std::to_string(values) + " JSON values)");
}

}  // namespace

Json parse_json_text(const std::string& text, const std::string& file) {
  check_depth_and_size(text, file);
  try {
    return Json::parse(text);
  } catch (const Json::out_of_range& e) {
    // 406: a number beyond double's range (1e400). nlohmann gives no offset,
    // only the number's text: its first occurrence is the place.
    std::string number = e.what();
    const auto open = number.find('\''), close = number.rfind('\'');
    number = open != std::string::npos && close > open ? number.substr(open + 1, close - open - 1) : "";
    const auto at = number.empty() ? std::string::npos : text.find(number);
    throw InputError(file, "",
                     "invalid JSON" + (at == std::string::npos ? std::string() : " at " + position_text(text, at)) +
                         ": the number " + number + " is out of range (beyond about 1.8e308)");
  } catch (const Json::parse_error& e) {
    // e.byte is the 1-based offset of the character that broke the parse.
    const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line 3, column 5: <reason>".
    std::string reason = e.what();
    const auto colon = reason.find(": ");
    if (colon != std::string::npos) reason = reason.substr(colon + 2);
    // nlohmann quotes the bytes it read ("last read: '...'"): with bad UTF-8
    // those bytes would make the message itself invalid text.
    if (!is_utf8(reason)) reason = json_quoted(reason);
    if (reason.find("ill-formed UTF-8") != std::string::npos)
      reason = "the text is not valid UTF-8 (save the file as UTF-8): " + reason;
    throw InputError(file, "", "invalid JSON at " + position_text(text, end) + ": " + reason);
  }
}

Json read_json_file(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "", "is a directory, expected a JSON file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path, "", std::string("cannot open the file") + (errno ? std::string(": ") + std::strerror(errno) : "") +
                                   " (does it exist and is it readable?)");
  // Read in chunks up to a cap: a pipe or /dev/zero given by mistake must end
  // in an error, not in reading for ever. The text (whose buffer grows by
  // doubling, the old one alive while it is copied) and its tree must both
  // fit, so no more than a quarter of the memory available is read.
  const std::optional<double> available = available_memory();
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes)
      throw InputError(path, "", "the file is larger than " + std::to_string(max_bytes >> 20) +
                                     " MiB: not a scenario or export this tool can read");
    if (available && 4.0 * static_cast<double>(text.size()) > *available)
      refuse_if_more_than_available(4.0 * static_cast<double>(text.size()), path, "",
                                    "reading this file (" + format_bytes(static_cast<double>(text.size())) + " so far)");
  }
  return parse_json_text(text, path);
}

std::string parent_directory(const std::string& path) {
  const std::filesystem::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

std::string resolve_path(const std::string& base_dir, const std::string& relative) {
  const std::filesystem::path p(relative);
  if (p.is_absolute() || base_dir.empty()) return relative;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

}  // namespace mwaa::input
