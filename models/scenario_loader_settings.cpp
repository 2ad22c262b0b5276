// "pools" and "model": Airflow pools (default_pool always first) and the
// model parameters of models/parameters.hpp, by key.
#include <algorithm>
#include <unordered_map>

#include "models/scenario_loader.hpp"
#include "models/scenario_loader_parts.hpp"

namespace mwaa::input {

namespace {

// The exported series sample every gauge each metrics_sample_interval over
// whole periods (models/report/cloudwatch_series.cpp). CloudWatch periods are
// whole seconds and it resolves 1 s at best: bounding both keeps an export
// at most a day of 1 s samples per period and per simulated second, whatever
// the run (a 1e11 s period stepped 2*10^10 samples after the run).
void check_metrics_sampling(const ModelParams& p, const Where& w) {
  const sim::Time period = p.metrics_period, interval = p.metrics_sample_interval;
  if (period.us % sim::kMicrosPerSecond != 0 || period > sim::Time::seconds(86400))
    w.key("metrics_period")
        .fail("expected a whole number of seconds from 1s to 1d (CloudWatch periods), got " + sim::format_duration(period));
  if (interval < sim::Time::seconds(1) || interval > period)
    w.key("metrics_sample_interval")
        .fail("expected a duration from 1s (CloudWatch's finest resolution) to metrics_period " +
              sim::format_duration(period) + ", got " + sim::format_duration(interval));
}

PoolSpec parse_pool_body(const std::string& name, const Json& v, const Where& w) {
  PoolSpec pool;
  pool.name = name;
  if (!v.is_object()) {  // name -> slots
    pool.slots = get_int(v, w, -1);
    return pool;
  }
  check_keys(v, w, {"slots", "include_deferred", "description"});
  const Json* slots = member(v, "slots");
  if (!slots) w.fail("missing \"slots\" (a number of slots, -1 for unlimited)");
  pool.slots = get_int(*slots, w.key("slots"), -1);
  if (const Json* x = member(v, "include_deferred")) pool.include_deferred = get_bool(*x, w.key("include_deferred"));
  if (const Json* x = member(v, "description")) get_string(*x, w.key("description"));
  return pool;
}

}  // namespace

std::vector<PoolSpec> parse_pools(const Json* v, const Where& w, const AirflowConfig& airflow,
                                  std::vector<std::string>& warnings) {
  std::vector<PoolSpec> listed;
  std::vector<Where> listed_where;
  if (v && v->is_array()) {
    for (std::size_t i = 0; i < v->size(); ++i) {
      const Json& item = expect_object((*v)[i], w.index(i));
      check_keys(item, w.index(i), {"name", "slots", "include_deferred", "description"});
      const Json* name = member(item, "name");
      if (!name) w.index(i).fail("missing \"name\"");
      Json body = item;
      body.erase("name");
      listed.push_back(parse_pool_body(get_nonempty_string(*name, w.index(i).key("name")), body, w.index(i)));
      listed_where.push_back(w.index(i).key("name"));
    }
  } else if (v && v->is_object()) {
    for (auto it = v->begin(); it != v->end(); ++it) {
      listed.push_back(parse_pool_body(it.key(), it.value(), w.key(it.key())));
      listed_where.push_back(w.key(it.key()));
    }
  } else if (v) {
    w.fail("expected an array of pools ({\"name\", \"slots\", \"include_deferred\"}) or an object name -> slots, got " +
           describe(*v));
  }
  std::unordered_map<std::string, std::size_t> first_at;  // O(n): 10^5 pools load in milliseconds
  for (std::size_t i = 0; i < listed.size(); ++i)
    if (const auto [it, fresh] = first_at.emplace(listed[i].name, i); !fresh)
      listed_where[i].fail("duplicate pool \"" + listed[i].name + "\" (also at " + listed_where[it->second].path + ")");

  std::vector<PoolSpec> pools;
  const auto def =
      std::find_if(listed.begin(), listed.end(), [](const PoolSpec& p) { return p.name == "default_pool"; });
  if (def != listed.end()) {
    if (def->slots != airflow.default_pool_task_slot_count)
      warnings.push_back("pool default_pool has " + std::to_string(def->slots) +
                         " slots as listed in pools (core.default_pool_task_slot_count is " +
                         std::to_string(airflow.default_pool_task_slot_count) + ")");
    pools.push_back(*def);
  } else {
    pools.push_back(PoolSpec{"default_pool", airflow.default_pool_task_slot_count, false});
  }
  for (const auto& p : listed)
    if (p.name != "default_pool") pools.push_back(p);
  return pools;
}

ModelParams parse_model(const Json& v, const Where& w) {
  expect_object(v, w);
  std::vector<std::string> keys;
  for (const auto& d : model_parameters()) keys.push_back(d.key);
  check_keys(v, w, keys);
  ModelParams p;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& key = it.key();
    const Where at = w.key(key);
    if (sim::Distribution* d = find_distribution_param(p, key)) {
      *d = parse_distribution_json(it.value(), at.file, at.path);
    } else if (sim::Time* t = find_duration_param(p, key)) {
      *t = get_duration(it.value(), at);
      // Periods drive repeating timers: zero would never advance time.
      const bool period = key.ends_with("_period") || key.ends_with("_interval");
      if (period && *t <= sim::Time::zero()) at.fail("expected a duration > 0, got " + describe(it.value()));
    } else if (key == "parallelism_factor") {
      p.parallelism_factor = get_number(it.value(), at, 0, 1e6);
      if (p.parallelism_factor <= 0) at.fail("expected a number > 0, got " + describe(it.value()));
    } else if (key == "demand_aggregation") {
      const std::string s = get_string(it.value(), at);
      if (s != "sum" && s != "mean") at.fail("expected \"sum\" or \"mean\", got " + describe(it.value()));
      p.demand_aggregation = s == "sum" ? DemandAggregation::Sum : DemandAggregation::Mean;
    } else if (key == "scale_in_policy") {
      const std::string s = get_string(it.value(), at);
      if (s != "drain" && s != "legacy-2023")
        at.fail("expected \"drain\" or \"legacy-2023\", got " + describe(it.value()) +
                suggest(s, {"drain", "legacy-2023"}));
      p.scale_in_policy = s == "drain" ? ScaleInPolicy::Drain : ScaleInPolicy::Legacy2023;
    } else {
      at.fail("model parameter \"" + key + "\" has no loader (internal: models/parameters.hpp lists it)");
    }
  }
  check_metrics_sampling(p, w);
  return p;
}

}  // namespace mwaa::input
