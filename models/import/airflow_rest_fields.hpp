// Typed reads of Airflow REST API record fields, internal to the airflow
// importer: null and absent are the same (both versions print null for unset
// fields), anything else of the wrong type is an InputError at file + JSON path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/import/import_common.hpp"
#include "models/scenario_loader_json.hpp"

namespace mwaa::imports::api {

using input::Where;

// The member, or nullptr when absent or null.
const Json* field(const Json& record, const char* key);
std::string required_string(const Json& record, const char* key, const Where& w);
std::optional<std::string> opt_string(const Json& record, const char* key, const Where& w);
std::optional<int> opt_int(const Json& record, const char* key, const Where& w, int min);
std::optional<double> opt_number(const Json& record, const char* key, const Where& w);
std::optional<bool> opt_bool(const Json& record, const char* key, const Where& w);
// An ISO-8601 date-time, as epoch microseconds.
std::optional<std::int64_t> opt_datetime(const Json& record, const char* key, const Where& w);

}  // namespace mwaa::imports::api
