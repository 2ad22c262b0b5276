// The loader's "elastic_dag" generator (models/scenario_loader_elastic.cpp):
// Airflow's scheduler benchmark DAGs (models/import/elastic_dag.hpp).
// Internal to the loader; dispatched from scenario_loader_generators.cpp.
#pragma once

#include <string>
#include <vector>

#include "models/scenario_loader_parts.hpp"

namespace mwaa::input {

std::vector<DagSource> expand_elastic_dag(const Json& generator, const Where& w, std::vector<std::string>& warnings);

}  // namespace mwaa::input
