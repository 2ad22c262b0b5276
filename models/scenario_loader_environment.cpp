// "environment": the Environment object printed by `aws mwaa get-environment`,
// accepted unchanged. The fields the model uses are read and validated; the
// other AWS fields are accepted and ignored; anything else is an error.
#include <algorithm>
#include <charconv>
#include <functional>
#include <stdexcept>

#include "models/environment_class.hpp"
#include "models/errors.hpp"
#include "models/scenario_loader_parts.hpp"

namespace mwaa::input {

namespace {

// Every field of the MWAA API's Environment structure (GetEnvironment).
const std::vector<std::string>& aws_environment_fields() {
  static const std::vector<std::string> fields = {"AirflowConfigurationOptions",
                                                  "AirflowVersion",
                                                  "Arn",
                                                  "CeleryExecutorQueue",
                                                  "CreatedAt",
                                                  "DagS3Path",
                                                  "DatabaseVpcEndpointService",
                                                  "EndpointManagement",
                                                  "EnvironmentClass",
                                                  "ExecutionRoleArn",
                                                  "KmsKey",
                                                  "LastUpdate",
                                                  "LoggingConfiguration",
                                                  "MaxWebservers",
                                                  "MaxWorkers",
                                                  "MinWebservers",
                                                  "MinWorkers",
                                                  "Name",
                                                  "NetworkConfiguration",
                                                  "PluginsS3ObjectVersion",
                                                  "PluginsS3Path",
                                                  "RequirementsS3ObjectVersion",
                                                  "RequirementsS3Path",
                                                  "Schedulers",
                                                  "ServiceRoleArn",
                                                  "SourceBucketArn",
                                                  "StartupScriptS3ObjectVersion",
                                                  "StartupScriptS3Path",
                                                  "Status",
                                                  "Tags",
                                                  "WebserverAccessMode",
                                                  "WebserverUrl",
                                                  "WebserverVpcEndpointService",
                                                  "WeeklyMaintenanceWindowStart",
                                                  "WorkerReplacementStrategy"};
  return fields;
}

// An option value as text: MWAA prints strings; numbers are accepted too.
std::string option_text(const Json& v, const Where& w) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  w.fail("expected a string value (as `aws mwaa get-environment` prints it), got " + describe(v));
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

int option_int(const std::string& raw, const Where& w, int min) {
  const std::string s = trim(raw);
  int value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || value < min)
    w.fail("expected an integer >= " + std::to_string(min) + ", got \"" + raw + "\"");
  return value;
}

sim::Time option_seconds(const std::string& raw, const Where& w) {
  sim::Time t;
  try {
    t = sim::parse_duration(trim(raw));  // a bare number is seconds, as Airflow reads it
  } catch (const std::invalid_argument&) {
    w.fail("expected a number of seconds, got \"" + raw + "\"");
  }
  if (t < sim::Time::zero()) w.fail("expected a number of seconds >= 0, got \"" + raw + "\"");
  return t;
}

// celery.worker_autoscale = "max,min" (or "max").
void option_autoscale(const std::string& raw, const Where& w, AirflowConfig& a) {
  const auto comma = raw.find(',');
  const int max = option_int(raw.substr(0, comma), w, 1);
  const int min = comma == std::string::npos ? 0 : option_int(raw.substr(comma + 1), w, 0);
  if (min > max) w.fail("expected \"max,min\" with min <= max, got \"" + raw + "\"");
  a.worker_autoscale_max = max;
  a.worker_autoscale_min = min;
}

using OptionSetter = std::function<void(const std::string&, const Where&, AirflowConfig&, std::vector<std::string>&)>;

const std::vector<std::pair<std::string, OptionSetter>>& modelled_options() {
  auto integer = [](int AirflowConfig::*field, int min) {
    return OptionSetter([field, min](const std::string& s, const Where& w, AirflowConfig& a,
                                     std::vector<std::string>&) { a.*field = option_int(s, w, min); });
  };
  auto seconds = [](sim::Time AirflowConfig::*field) {
    return OptionSetter([field](const std::string& s, const Where& w, AirflowConfig& a, std::vector<std::string>&) {
      a.*field = option_seconds(s, w);
    });
  };
  static const std::vector<std::pair<std::string, OptionSetter>> options = {
      {"core.parallelism",
       [](const std::string& s, const Where& w, AirflowConfig& a, std::vector<std::string>& warnings) {
         const int v = option_int(s, w, 0);
         // Airflow: 0 means no limit. Kept finite so sums over schedulers cannot overflow.
         if (v == 0)
           warnings.push_back("core.parallelism = 0 means unlimited in Airflow; modelled as 1000000 per scheduler");
         a.parallelism = v == 0 ? 1'000'000 : v;
       }},
      {"core.default_pool_task_slot_count",
       [](const std::string& s, const Where& w, AirflowConfig& a, std::vector<std::string>&) {
         a.default_pool_task_slot_count = option_int(s, w, -1);
       }},
      {"core.max_active_tasks_per_dag", integer(&AirflowConfig::max_active_tasks_per_dag, 1)},
      {"core.max_active_runs_per_dag", integer(&AirflowConfig::max_active_runs_per_dag, 1)},
      {"scheduler.max_tis_per_query", integer(&AirflowConfig::max_tis_per_query, 0)},
      {"scheduler.max_dagruns_to_create_per_loop", integer(&AirflowConfig::max_dagruns_to_create_per_loop, 1)},
      {"scheduler.max_dagruns_per_loop_to_schedule", integer(&AirflowConfig::max_dagruns_per_loop_to_schedule, 1)},
      {"scheduler.scheduler_idle_sleep_time", seconds(&AirflowConfig::scheduler_idle_sleep_time)},
      {"scheduler.task_queued_timeout", seconds(&AirflowConfig::task_queued_timeout)},
      {"scheduler.task_queued_timeout_check_interval", seconds(&AirflowConfig::task_queued_timeout_check_interval)},
      {"scheduler.num_stuck_in_queued_retries", integer(&AirflowConfig::num_stuck_in_queued_retries, 0)},
      {"celery.sync_parallelism", integer(&AirflowConfig::sync_parallelism, 0)},
      {"celery.worker_autoscale", [](const std::string& s, const Where& w, AirflowConfig& a,
                                     std::vector<std::string>&) { option_autoscale(s, w, a); }},
      {"core.default_task_retries", integer(&AirflowConfig::default_task_retries, 0)},
      {"core.default_task_retry_delay", seconds(&AirflowConfig::default_task_retry_delay)},
      {"core.default_task_weight_rule",
       [](const std::string& s, const Where& w, AirflowConfig& a, std::vector<std::string>&) {
         const std::string rule = trim(s);
         if (rule != "downstream" && rule != "upstream" && rule != "absolute")
           w.fail("expected \"downstream\", \"upstream\" or \"absolute\", got \"" + s + "\"");
         a.default_task_weight_rule = rule;
       }},
  };
  return options;
}

void parse_options(const Json& v, const Where& w, EnvironmentSettings& env, std::vector<std::string>& warnings) {
  expect_object(v, w);
  std::vector<std::string> modelled_keys;
  for (const auto& [key, setter] : modelled_options()) modelled_keys.push_back(key);
  for (auto it = v.begin(); it != v.end(); ++it) {
    const Where at = w.key(it.key());
    const std::string value = option_text(it.value(), at);
    const auto found = std::find_if(modelled_options().begin(), modelled_options().end(),
                                    [&](const auto& o) { return o.first == it.key(); });
    if (found != modelled_options().end()) {
      found->second(value, at, env.airflow, warnings);
      continue;
    }
    env.not_modelled.push_back(it.key());
    if (auto near = nearest(it.key(), modelled_keys))
      warnings.push_back("Airflow option \"" + it.key() + "\" is not modelled and is ignored; did you mean \"" + *near +
                         "\"?");
  }
}

std::string region_from_arn(const std::string& arn, const Where& w) {
  // arn:aws:airflow:us-east-1:123456789012:environment/Name
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const auto colon = arn.find(':', start);
    if (colon == std::string::npos) break;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts.size() != 5 || parts[0] != "arn" || parts[3].empty())
    w.fail("expected an environment ARN such as \"arn:aws:airflow:us-east-1:123456789012:environment/MyEnv\", got \"" +
           arn + "\"");
  return parts[3];
}

// Unwraps {"file": ...} and {"Environment": {...}}; returns the Environment object and its location.
std::pair<Json, Where> locate_environment(const Json& v, const Where& w, const std::string& base_dir, bool allow_file) {
  expect_object(v, w);
  if (allow_file && member(v, "file")) {
    check_keys(v, w, {"file"});
    const std::string path = resolve_path(base_dir, get_nonempty_string(v["file"], w.key("file")));
    Json loaded;
    try {
      loaded = read_json_file(path);
    } catch (const InputError& e) {
      if (e.path().empty() && e.message().rfind("cannot open", 0) == 0)
        w.key("file").fail("cannot open environment file \"" + path + "\"");
      throw;
    }
    return locate_environment(loaded, Where{path, ""}, base_dir, false);
  }
  if (const Json* inner = member(v, "Environment")) {
    check_keys(v, w, {"Environment"});
    return {expect_object(*inner, w.key("Environment")), w.key("Environment")};
  }
  return {v, w};
}

}  // namespace

EnvironmentSettings parse_environment(const Json& raw, const Where& raw_where, const std::string& base_dir,
                                      std::vector<std::string>& warnings) {
  const auto [v, w] = locate_environment(raw, raw_where, base_dir, true);
  check_keys(v, w, aws_environment_fields());
  EnvironmentSettings env;
  if (const Json* x = member(v, "Name")) env.name = get_nonempty_string(*x, w.key("Name"));
  if (const Json* x = member(v, "Arn")) env.region = region_from_arn(get_string(*x, w.key("Arn")), w.key("Arn"));

  if (const Json* x = member(v, "EnvironmentClass")) {
    const std::string name = get_string(*x, w.key("EnvironmentClass"));
    if (!find_environment_class(name)) {
      std::vector<std::string> names;
      for (const auto& c : environment_classes()) names.push_back(c.name);
      w.key("EnvironmentClass").fail("unknown environment class \"" + name + "\"" + suggest(name, names));
    }
    env.environment_class = name;
  }
  const EnvironmentClass& cls = *find_environment_class(env.environment_class);

  if (const Json* x = member(v, "AirflowVersion")) {
    const std::string text = get_string(*x, w.key("AirflowVersion"));
    try {
      env.airflow_version = AirflowVersion::parse(text);
    } catch (const std::invalid_argument& e) {
      w.key("AirflowVersion").fail(e.what());
    }
  }

  if (const Json* x = member(v, "MinWorkers")) env.min_workers = get_int(*x, w.key("MinWorkers"), 1);
  if (const Json* x = member(v, "MaxWorkers")) env.max_workers = get_int(*x, w.key("MaxWorkers"), 1);
  if (env.min_workers > env.max_workers)
    w.key(member(v, "MinWorkers") ? "MinWorkers" : "MaxWorkers")
        .fail("MinWorkers (" + std::to_string(env.min_workers) + ") is greater than MaxWorkers (" +
              std::to_string(env.max_workers) + "); MinWorkers must be <= MaxWorkers");
  if (env.max_workers > 25)
    warnings.push_back("MaxWorkers " + std::to_string(env.max_workers) +
                       " is above MWAA's default quota of 25 workers per environment (needs a quota increase)");

  env.schedulers = cls.max_schedulers == 1 ? 1 : 2;  // AWS default: 2 (mw1.micro: 1)
  if (const Json* x = member(v, "Schedulers")) {
    env.schedulers = get_int(*x, w.key("Schedulers"), 1, 5);
    if (env.schedulers > cls.max_schedulers)
      w.key("Schedulers")
          .fail(cls.name + " supports at most " + std::to_string(cls.max_schedulers) + " scheduler(s), got " +
                std::to_string(env.schedulers));
  }

  if (const Json* x = member(v, "AirflowConfigurationOptions"))
    parse_options(*x, w.key("AirflowConfigurationOptions"), env, warnings);
  return env;
}

}  // namespace mwaa::input
