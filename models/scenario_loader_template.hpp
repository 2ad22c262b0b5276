// Variable substitution for scenario templates (families, task repeat).
//
// "{name}" is replaced by the variable's value, "{name:03}" zero-pads it to
// width 3, "{name:3}" pads it with spaces; "{{" and "}}" are literal braces.
// A string that is exactly "{name}" takes the variable's value with its JSON
// type, so "max_active_runs": "{limit}" can yield a number.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario_loader_json.hpp"

namespace mwaa::input {

using Variables = std::map<std::string, Json>;  // name -> scalar value (string, number, bool)

// Substitutes in every string of `v` (object keys are left alone). Names in
// `keep` are left exactly as written, to be substituted by a later pass (e.g.
// "i" for task repeat inside a family). Any other unknown name is an error
// naming the variables that exist.
Json substitute(const Json& v, const Variables& vars, const Where& w, const std::vector<std::string>& keep = {});
std::string substitute_text(std::string_view text, const Variables& vars, const Where& w,
                            const std::vector<std::string>& keep = {});

}  // namespace mwaa::input
