#include "models/environment_class.hpp"

namespace mwaa {

const std::vector<EnvironmentClass>& environment_classes() {
  static const std::vector<EnvironmentClass> classes = {
      {"mw1.micro", 25, 3, 1, 3, 1, false, 1},
      {"mw1.small", 50, 5, 1, 2, 1, true, 5},
      {"mw1.medium", 250, 10, 2, 4, 2, true, 5},
      {"mw1.large", 1000, 20, 4, 8, 4, true, 5},
      {"mw1.xlarge", 2000, 40, 8, 24, 8, true, 5},
      {"mw1.2xlarge", 4000, 80, 16, 48, 16, true, 5},
  };
  return classes;
}

const EnvironmentClass* find_environment_class(std::string_view name) {
  for (const auto& c : environment_classes())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace mwaa
