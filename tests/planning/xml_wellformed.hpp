// A small XML well-formedness check for the JUnit tests (no XML library is a
// dependency of the project): the subset the JUnit writer produces, checked
// strictly. Elements nest and close in order, there is one root, attribute
// values are double-quoted without '<', and every '&' starts an entity
// (&amp; &lt; &gt; &quot; &apos;) or a character reference (&#10; &#x41;).
// Also used by tests/cli (test programs share the source-root include path).
#pragma once

#include <cctype>
#include <string>
#include <vector>

namespace xml_test {

struct XmlCheck {
  std::string problem;                // "" when well-formed
  std::vector<std::string> elements;  // element names in document order
  bool ok() const { return problem.empty(); }
};

inline bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':';
}

// Checks a reference starting at s[i] == '&'; advances i past it.
inline bool reference(const std::string& s, std::size_t& i) {
  const std::size_t end = s.find(';', i);
  if (end == std::string::npos) return false;
  const std::string body = s.substr(i + 1, end - i - 1);
  i = end + 1;
  if (body == "amp" || body == "lt" || body == "gt" || body == "quot" || body == "apos") return true;
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x';
    const std::string digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return false;
    for (char c : digits)
      if (!(hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c)))) return false;
    return true;
  }
  return false;
}

inline XmlCheck check_xml(const std::string& s) {
  XmlCheck r;
  std::vector<std::string> open;
  std::size_t i = 0;
  int roots = 0;
  auto fail = [&](const std::string& what) {
    r.problem = what + " at offset " + std::to_string(i);
    return r;
  };
  auto spaces = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  auto name = [&] {
    const std::size_t start = i;
    while (i < s.size() && name_char(s[i])) ++i;
    return s.substr(start, i - start);
  };
  if (s.rfind("<?xml", 0) == 0) {
    i = s.find("?>");
    if (i == std::string::npos) return fail("unterminated XML declaration");
    i += 2;
  }
  while (i < s.size()) {
    if (s[i] == '<') {
      ++i;
      if (i < s.size() && s[i] == '/') {
        ++i;
        const std::string n = name();
        spaces();
        if (i >= s.size() || s[i] != '>') return fail("bad end tag");
        ++i;
        if (open.empty() || open.back() != n) return fail("</" + n + "> does not close the open element");
        open.pop_back();
        continue;
      }
      const std::string n = name();
      if (n.empty()) return fail("'<' without an element name");
      if (open.empty() && ++roots > 1) return fail("more than one root element");
      r.elements.push_back(n);
      for (;;) {
        spaces();
        if (i >= s.size()) return fail("unterminated start tag");
        if (s[i] == '>') {
          ++i;
          open.push_back(n);
          break;
        }
        if (s.compare(i, 2, "/>") == 0) {
          i += 2;
          break;
        }
        const std::string a = name();
        if (a.empty()) return fail("bad attribute in <" + n + ">");
        spaces();
        if (i >= s.size() || s[i] != '=') return fail("attribute " + a + " without '='");
        ++i;
        spaces();
        if (i >= s.size() || s[i] != '"') return fail("attribute " + a + " not double-quoted");
        ++i;
        while (i < s.size() && s[i] != '"') {
          if (s[i] == '<') return fail("'<' in attribute " + a);
          if (s[i] == '&') {
            if (!reference(s, i)) return fail("bad reference in attribute " + a);
          } else {
            ++i;
          }
        }
        if (i >= s.size()) return fail("unterminated attribute " + a);
        ++i;
      }
    } else if (s[i] == '&') {
      if (!reference(s, i)) return fail("bad reference in text");
    } else {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(s[i]))) return fail("text outside the root element");
      if (static_cast<unsigned char>(s[i]) < 0x20 && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
        return fail("control character");
      ++i;
    }
  }
  if (!open.empty()) return fail("<" + open.back() + "> is never closed");
  if (roots != 1) return fail("no root element");
  return r;
}

inline std::size_t count(const XmlCheck& c, const std::string& element) {
  std::size_t n = 0;
  for (const auto& e : c.elements) n += e == element ? 1 : 0;
  return n;
}

}  // namespace xml_test
