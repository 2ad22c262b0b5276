// ISO-8601 UTC timestamps for the exporters (CloudWatch, Airflow REST API).
//
// Pure integer civil-calendar arithmetic (H. Hinnant's days_from_civil /
// civil_from_days, proleptic Gregorian): no locale, no timezone database, no
// gmtime, so the output is identical on every machine and for any year,
// including before 1970 and after 2038.
#pragma once

#include <cstdint>
#include <string>

namespace mwaa {

struct CivilDate {
  std::int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(std::int64_t year, int month, int day);
CivilDate civil_from_days(std::int64_t days);

// Every function below takes an instant as epoch seconds plus a microsecond
// offset (the scenario's wall-clock start plus a simulated time), so callers
// never add the two in floating point.

// "2025-05-01T10:07:00+00:00": whole seconds (sub-second part floored), the
// form the AWS CLI prints CloudWatch timestamps in.
std::string iso_utc_seconds(std::int64_t epoch_seconds, std::int64_t offset_us = 0);

// "2025-05-01T10:00:03.250000Z": always six fractional digits, the form
// Airflow 3's REST API (pydantic) prints datetimes in.
std::string iso_utc_micros_z(std::int64_t epoch_seconds, std::int64_t offset_us = 0);

// Python's datetime.isoformat() of an aware UTC datetime:
// "2025-05-01T10:00:03.250000+00:00", or "2025-05-01T10:00:03+00:00" when the
// microseconds are zero. Airflow builds run ids from it and Airflow 2's REST
// API (marshmallow) prints datetimes in it.
std::string iso_utc_python(std::int64_t epoch_seconds, std::int64_t offset_us = 0);

}  // namespace mwaa
