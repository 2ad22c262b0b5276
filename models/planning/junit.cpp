#include "models/planning/junit.hpp"

#include <cstdio>

#include "models/report/number_format.hpp"
#include "models/scenario_loader_json.hpp"
#include "models/report/summary.hpp"

namespace mwaa {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      // XML 1.0 allows well-formed UTF-8 except U+FFFE and U+FFFF; anything
      // else (a Latin-1 file name) becomes U+FFFD, as in the JSON outputs.
      std::uint32_t cp = 0;
      const std::size_t len = input::utf8_sequence(text, i, &cp);
      if (len == 0 || cp == 0xFFFE || cp == 0xFFFF) {
        out += "\xEF\xBF\xBD";
        if (len > 0) i += len - 1;
      } else {
        out.append(text.substr(i, len));
        i += len - 1;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += (c < 0x20 || c == 0x7F) ? '?' : ch;
    }
  }
  return out;
}

namespace {

std::string attr(const std::string& name, const std::string& value) { return " " + name + "=\"" + xml_escape(value) + "\""; }

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s < 0 ? 0.0 : s);
  return buf;
}

std::string testcase_name(const GateCheck& c) {
  const std::string what = c.name == "completion" ? "completion" : "max queue age";
  const std::string pct = c.replications > 1 ? " P" + format_number(c.percentile) : "";
  return what + pct + " <= " + gate_duration_text(c.target, c.target < sim::Time::minutes(1));
}

}  // namespace

std::string gate_junit_xml(const GateResult& g, double elapsed_seconds) {
  const int tests = static_cast<int>(g.checks.size());
  const bool not_finished = g.verdict == GateVerdict::NotFinished;
  int failures = 0;
  if (!not_finished)
    for (const GateCheck& c : g.checks) failures += c.met ? 0 : 1;
  const int errors = not_finished ? tests : 0;
  const std::string counts = attr("tests", std::to_string(tests)) + attr("failures", std::to_string(failures)) +
                             attr("errors", std::to_string(errors));
  const std::string time = attr("time", seconds_text(elapsed_seconds));

  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<testsuites" + attr("name", "mwaa-sim check") + counts + time + ">\n";
  x += "  <testsuite" + attr("name", g.scenario_name) + counts + attr("skipped", "0") + time + ">\n";
  x += "    <properties>\n";
  auto property = [&](const std::string& name, const std::string& value) {
    x += "      <property" + attr("name", name) + attr("value", value) + "/>\n";
  };
  property("scenario", g.scenario_file.empty() ? g.scenario_name : g.scenario_file);
  property("scenario_name", g.scenario_name);
  property("seed", std::to_string(g.seed));
  property("replications", std::to_string(g.replications));
  property("percentile", format_number(g.percentile));
  property("verdict", to_string(g.verdict));
  property("main_bottleneck", g.bottleneck ? to_string(*g.bottleneck) : "none");
  x += "    </properties>\n";

  const std::string unfinished_message = std::to_string(g.unfinished.size()) + " of " + std::to_string(g.replications) +
                                         (g.replications == 1 ? " run" : " replications") +
                                         " did not finish within the time limit (" +
                                         gate_duration_text(g.time_limit, false) + ")";
  for (const GateCheck& c : g.checks) {
    x += "    <testcase" + attr("classname", "mwaa-sim.check." + g.scenario_name) + attr("name", testcase_name(c)) +
         attr("time", "0") + ">\n";
    if (not_finished) {
      x += "      <error" + attr("message", unfinished_message) + attr("type", "NotFinished") + ">" +
           xml_escape(g.stuck_report) + "</error>\n";
    } else if (!c.met) {
      std::string detail = margin_text(c);
      if (g.bottleneck) detail += "\nmain bottleneck: " + to_string(*g.bottleneck) + ": " + describe(*g.bottleneck) +
                                  "\nto relieve it: " + remedy(*g.bottleneck);
      x += "      <failure" + attr("message", margin_text(c)) + attr("type", "TargetMissed") + ">" + xml_escape(detail) +
           "</failure>\n";
    }
    x += "      <system-out>" + xml_escape(margin_text(c)) + "</system-out>\n";
    x += "    </testcase>\n";
  }
  x += "  </testsuite>\n</testsuites>\n";
  return x;
}

}  // namespace mwaa
