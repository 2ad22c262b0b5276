#include "models/planning/cost.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "models/errors.hpp"

namespace mwaa {

std::string default_pricing_path() { return std::string(MWAA_SIM_SOURCE_DIR) + "/scenarios/pricing/mwaa-us-east-1.json"; }

Pricing load_pricing(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot open the pricing file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(path, "", std::string("not valid JSON: ") + e.what());
  }
  Pricing p;
  auto str = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
  p.source = str("source");
  p.date = str("date");
  p.region = str("region");
  if (!str("currency").empty()) p.currency = str("currency");
  if (!j.contains("classes") || !j["classes"].is_object())
    throw InputError(path, "classes", "expected an object of environment class -> prices");
  for (const auto& [name, c] : j["classes"].items()) {
    ClassPrice cp;
    for (const char* key : {"environment_hour", "additional_worker_hour", "additional_scheduler_hour"}) {
      if (!c.contains(key) || !c[key].is_number() || c[key].get<double>() < 0)
        throw InputError(path, "classes." + name + "." + key, "expected a price per hour >= 0");
    }
    cp.environment_hour = c["environment_hour"].get<double>();
    cp.additional_worker_hour = c["additional_worker_hour"].get<double>();
    cp.additional_scheduler_hour = c["additional_scheduler_hour"].get<double>();
    cp.assumed = c.value("assumed", false);
    p.classes[name] = cp;
  }
  if (j.contains("included")) {
    p.included_workers = j["included"].value("workers", 1);
    p.included_schedulers = j["included"].value("schedulers", 2);
  }
  return p;
}

const ClassPrice& price_of(const Pricing& pricing, const std::string& environment_class) {
  const auto it = pricing.classes.find(environment_class);
  if (it == pricing.classes.end())
    throw InputError("pricing", "classes", "no price for environment class \"" + environment_class + "\"");
  return it->second;
}

double cost_per_hour(const Pricing& pricing, const Scenario& s) {
  const ClassPrice& c = price_of(pricing, s.environment.environment_class);
  return c.environment_hour +
         std::max(0, s.environment.min_workers - pricing.included_workers) * c.additional_worker_hour +
         std::max(0, s.environment.schedulers - pricing.included_schedulers) * c.additional_scheduler_hour;
}

double cost_of_run(const Pricing& pricing, const Scenario& s, const RunResult& r) {
  const ClassPrice& c = price_of(pricing, s.environment.environment_class);
  const sim::Time from = std::max(sim::Time::zero(), r.first_trigger);
  const sim::Time to = r.last_task_end.us >= 0 ? r.last_task_end : r.end_time;
  if (to <= from) return 0;
  const double hours = (to - from).to_seconds() / 3600.0;
  double cost = hours * (c.environment_hour + std::max(0, s.environment.schedulers - pricing.included_schedulers) *
                                                  c.additional_scheduler_hour);
  // Additional workers, minute by minute at the most alive in the minute.
  const auto& points = r.workers.points();
  std::size_t i = 0;
  for (sim::Time m = from; m < to; m += sim::Time::minutes(1)) {
    const sim::Time end = std::min(to, m + sim::Time::minutes(1));
    double most = r.workers.value_at(m);
    while (i < points.size() && points[i].time <= m) ++i;
    for (std::size_t k = i; k < points.size() && points[k].time < end; ++k) most = std::max(most, points[k].value);
    const double extra = std::max(0.0, most - pricing.included_workers);
    cost += extra * c.additional_worker_hour * (end - m).to_seconds() / 3600.0;
  }
  return cost;
}

}  // namespace mwaa
