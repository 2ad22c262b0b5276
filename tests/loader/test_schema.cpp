// docs/scenario.schema.json and the loader accept the same keys: for each
// object the loader checks, the keys it lists when it rejects an unknown one
// equal the schema's properties there.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "loader_test_util.hpp"

using namespace loader_test;

namespace {

const json& schema() {
  static const json s = json::parse(std::ifstream(std::string(MWAA_SIM_SOURCE_DIR) + "/docs/scenario.schema.json"));
  return s;
}

std::set<std::string> schema_keys(const json& object_schema) {
  std::set<std::string> keys;
  for (auto it = object_schema.at("properties").begin(); it != object_schema.at("properties").end(); ++it)
    keys.insert(it.key());
  return keys;
}

// Puts an unknown key at `where` in `doc`, loads, and reads the valid keys from
// the message ("unknown key ...; expected one of: a, b, c").
std::set<std::string> loader_keys(json doc, const json::json_pointer& where) {
  doc[where]["zzzzzzzzzzzzzzzzzz"] = 1;
  const Caught c = catch_input_error([&] { load(doc); });
  INFO(c.what);
  REQUIRE(c.thrown);
  const std::string marker = "expected one of: ";
  const auto at = c.message.find(marker);
  REQUIRE(at != std::string::npos);
  std::set<std::string> keys;
  std::stringstream list(c.message.substr(at + marker.size()));
  for (std::string key; std::getline(list, key, ',');) keys.insert(key.substr(key.find_first_not_of(' ')));
  return keys;
}

}  // namespace

TEST_CASE("the schema is JSON Schema 2020-12 and rejects unknown keys where the loader does", "[loader][schema]") {
  const json& s = schema();
  CHECK(s.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  const json& defs = s.at("$defs");
  for (const char* name : {"dag", "dagTemplate", "task", "workload", "environmentObject", "model", "family",
                           "soakGenerator", "elasticDagGenerator", "targets"})
    CHECK(defs.at(name).at("additionalProperties") == false);
  CHECK(s.at("additionalProperties") == false);
}

TEST_CASE("schema keys equal loader keys, object by object", "[loader][schema]") {
  const json& defs = schema().at("$defs");
  json doc = minimal();
  CHECK(loader_keys(doc, json::json_pointer("")) == schema_keys(schema()));
  CHECK(loader_keys(doc, json::json_pointer("/workload")) == schema_keys(defs.at("workload")));
  CHECK(loader_keys(doc, json::json_pointer("/workload/dags/0")) == schema_keys(defs.at("dag")));
  CHECK(loader_keys(doc, json::json_pointer("/workload/dags/0/tasks/0")) == schema_keys(defs.at("task")));
  doc["workload"]["dags"][0]["schedule"] = {{"interval", 60}};
  CHECK(loader_keys(doc, json::json_pointer("/workload/dags/0/schedule")) ==
        schema_keys(defs.at("dag").at("properties").at("schedule")));
  doc = minimal();
  doc["environment"] = {{"Name", "x"}};
  CHECK(loader_keys(doc, json::json_pointer("/environment")) == schema_keys(defs.at("environmentObject")));
  doc = minimal();
  doc["model"] = json::object();
  CHECK(loader_keys(doc, json::json_pointer("/model")) == schema_keys(defs.at("model")));
  std::set<std::string> params;
  for (const auto& p : mwaa::model_parameters()) params.insert(p.key);
  CHECK(schema_keys(defs.at("model")) == params);
  doc = minimal();
  doc["targets"] = json::object();
  CHECK(loader_keys(doc, json::json_pointer("/targets")) == schema_keys(defs.at("targets")));
  doc = minimal();
  doc["workload"]["families"] =
      json::parse(R"([{"dag_id": "f{index}", "count": 1, "dag": {"tasks": [{"task_id": "x"}]}}])");
  CHECK(loader_keys(doc, json::json_pointer("/workload/families/0")) == schema_keys(defs.at("family")));
  doc["workload"]["families"][0]["trigger"] = {{"dag_id", "d"}};
  CHECK(loader_keys(doc, json::json_pointer("/workload/families/0/trigger")) ==
        schema_keys(defs.at("family").at("properties").at("trigger")));
  doc = minimal();
  doc["workload"]["generators"] = json::parse(R"([{"kind": "soak"}])");
  CHECK(loader_keys(doc, json::json_pointer("/workload/generators/0")) == schema_keys(defs.at("soakGenerator")));
  doc["workload"]["generators"] = json::parse(R"([{"kind": "elastic_dag"}])");
  CHECK(loader_keys(doc, json::json_pointer("/workload/generators/0")) == schema_keys(defs.at("elasticDagGenerator")));
  doc = minimal();
  doc["reference"] = {{"makespan", 60}};
  CHECK(loader_keys(doc, json::json_pointer("/reference")) == schema_keys(schema().at("properties").at("reference")));
  // A DAG template has the DAG's keys but dag_id.
  std::set<std::string> dag_keys = schema_keys(defs.at("dag"));
  dag_keys.erase("dag_id");
  CHECK(schema_keys(defs.at("dagTemplate")) == dag_keys);
}
