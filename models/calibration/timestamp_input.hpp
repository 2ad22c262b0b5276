// Timestamps as real exports write them, read into epoch microseconds.
//
// CloudWatch through the AWS CLI: v2 prints ISO-8601 with an offset
// ("2025-05-01T10:07:00+00:00"); v1 prints what the service returned, an ISO
// string ("2025-05-01T10:07:00Z") or, over the JSON protocol, a number of
// epoch seconds (1746094020.0). Airflow's REST API prints ISO-8601 with
// microseconds, "Z" (v2, pydantic) or "+00:00" (v1, marshmallow).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mwaa::calibration {

// "YYYY-MM-DDTHH:MM:SS[.fff...][Z|+HH:MM|-HH:MM|+HHMM]" (a space may stand for
// the "T"; no zone is read as UTC) -> epoch microseconds; nullopt when the
// text is not such a date-time or names an impossible date.
std::optional<std::int64_t> parse_iso8601_us(std::string_view text);

// A JSON timestamp: an ISO-8601 string as above, a number of epoch seconds
// (fractions kept to the microsecond), or a string holding such a number.
std::optional<std::int64_t> timestamp_us(const nlohmann::json& value);

}  // namespace mwaa::calibration
