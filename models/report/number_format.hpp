// Number and duration formatting shared by the reports, chosen so outputs are
// byte-stable: JSON seconds are rounded to the millisecond, text durations to
// a tenth of a second.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/time.hpp"

namespace mwaa {

// x rounded to 3 decimals (half away from zero).
double round3(double x);
// A span in seconds rounded to the millisecond, exactly from the integer
// microseconds (the double is the one nearest the 3-decimal value).
double seconds3(sim::Time t);
// sim::format_duration of t rounded to 0.1 s: "4m30s", "41.2s", "-3.5s".
std::string format_duration_tenths(sim::Time t);
// A number for JSON: an integer when it is one (counts recorded as doubles),
// else rounded to 3 decimals.
nlohmann::ordered_json json_number(double x);
// A number for text: "2000", "12.5", "0.333" (at most 3 decimals, no trailing zeros).
std::string format_number(double x);

}  // namespace mwaa
