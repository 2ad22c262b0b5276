// The gate's verdict as JUnit XML, the report format CI systems display
// (GitHub Actions test reporters, GitLab, Jenkins): one <testsuite> for the
// scenario, one <testcase> per target, a <failure> when a target is missed and
// an <error> on every testcase when a replication did not finish (no target
// can be vouched for then).
#pragma once

#include <string>
#include <string_view>

#include "models/planning/gate.hpp"

namespace mwaa {

// Escapes text for XML 1.0 element content and attribute values: & < > " '
// as entities, tab / newline / carriage return as character references (so
// attribute values keep them), other control characters, which XML 1.0 cannot
// carry at all, as '?'.
std::string xml_escape(std::string_view text);

// elapsed_seconds: wall-clock time of the check, reported as the suite's time.
std::string gate_junit_xml(const GateResult& g, double elapsed_seconds);

}  // namespace mwaa
