#include "models/scenario_loader_template.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace mwaa::input {

namespace {

bool name_char(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

std::string value_text(const Json& v, std::string_view name, const Where& w) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  w.fail("variable {" + std::string(name) + "} is " + describe(v) + ", which cannot be part of a string");
}

std::vector<std::string> names_of(const Variables& vars, const std::vector<std::string>& keep) {
  std::vector<std::string> names;
  for (const auto& [name, value] : vars) names.push_back(name);
  names.insert(names.end(), keep.begin(), keep.end());
  std::sort(names.begin(), names.end());
  return names;
}

// One "{...}" reference: its variable name and pad spec; `end` is one past the '}'.
struct Reference {
  std::string name;
  std::string spec;
  std::size_t end = 0;
};

std::optional<Reference> read_reference(std::string_view text, std::size_t open) {
  std::size_t i = open + 1;
  Reference r;
  while (i < text.size() && name_char(text[i], r.name.empty())) r.name += text[i++];
  if (r.name.empty() || i >= text.size()) return std::nullopt;
  if (text[i] == ':') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) r.spec += text[i++];
    if (r.spec.empty() || i >= text.size()) return std::nullopt;
  }
  if (text[i] != '}') return std::nullopt;
  r.end = i + 1;
  return r;
}

std::string pad(std::string value, const std::string& spec) {
  const bool zeros = spec.size() > 1 && spec[0] == '0';
  const std::size_t width = std::stoul(spec);
  if (value.size() >= width) return value;
  const std::size_t fill = width - value.size();
  if (zeros && !value.empty() && value[0] == '-') return "-" + std::string(fill, '0') + value.substr(1);
  return std::string(fill, zeros ? '0' : ' ') + value;
}

}  // namespace

std::string substitute_text(std::string_view text, const Variables& vars, const Where& w,
                            const std::vector<std::string>& keep) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      i += 2;
      continue;
    }
    if (c == '}') w.fail("unmatched '}' in " + json_quoted(text) + " (write \"}}\" for a literal brace)");
    if (c != '{') {
      out += c;
      ++i;
      continue;
    }
    const auto ref = read_reference(text, i);
    if (!ref)
      w.fail("invalid variable reference in " + json_quoted(text) +
             ": expected {name} or {name:03} (write \"{{\" for a literal brace)");
    if (std::find(keep.begin(), keep.end(), ref->name) != keep.end()) {
      out += text.substr(i, ref->end - i);
    } else {
      const auto it = vars.find(ref->name);
      if (it == vars.end()) {
        const auto names = names_of(vars, keep);
        w.fail("unknown variable {" + ref->name + "} in " + json_quoted(text) +
               (names.empty() ? std::string("; no variables are defined here") : suggest(ref->name, names)));
      }
      const std::string value = value_text(it->second, ref->name, w);
      out += ref->spec.empty() ? value : pad(value, ref->spec);
    }
    i = ref->end;
  }
  return out;
}

Json substitute(const Json& v, const Variables& vars, const Where& w, const std::vector<std::string>& keep) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.find_first_of("{}") == std::string::npos) return v;
    // Exactly "{name}": keep the variable's JSON type.
    if (const auto ref = read_reference(s, 0); ref && s[0] == '{' && ref->end == s.size() && ref->spec.empty()) {
      if (const auto it = vars.find(ref->name); it != vars.end()) return it->second;
    }
    return substitute_text(s, vars, w, keep);
  }
  if (v.is_object()) {
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = substitute(it.value(), vars, w.key(it.key()), keep);
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(substitute(v[i], vars, w.index(i), keep));
    return out;
  }
  return v;
}

}  // namespace mwaa::input
