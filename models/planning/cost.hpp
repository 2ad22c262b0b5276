// What a configuration costs: MWAA bills the environment by the hour (one
// worker and two schedulers included) plus additional workers and schedulers
// by the hour. Prices come from a data file (scenarios/pricing/*.json) with its
// source and date, which the user can override.
#pragma once

#include <map>
#include <string>

#include "models/result.hpp"
#include "models/scenario.hpp"

namespace mwaa {

struct ClassPrice {
  double environment_hour = 0;
  double additional_worker_hour = 0;
  double additional_scheduler_hour = 0;
  bool assumed = false;
};

struct Pricing {
  std::string source, date, region, currency = "USD";
  std::map<std::string, ClassPrice> classes;
  int included_workers = 1;
  int included_schedulers = 2;
};

// Throws InputError naming the file and field.
Pricing load_pricing(const std::string& path);
std::string default_pricing_path();

const ClassPrice& price_of(const Pricing& pricing, const std::string& environment_class);
// Steady-state hourly cost of the configuration at MinWorkers.
double cost_per_hour(const Pricing& pricing, const Scenario& scenario);
// Cost of one simulated run from the first trigger to the last task end: the
// environment and extra schedulers for that time, plus the additional workers
// the simulation actually used, minute by minute (each minute billed at the
// most workers alive in it).
double cost_of_run(const Pricing& pricing, const Scenario& scenario, const RunResult& result);

}  // namespace mwaa
