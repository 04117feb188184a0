// Reading fields of a plan's JSON with errors that name the field's path,
// shared by the plan reader, the operators' builders and the expressions.
#pragma once

#include "plan/plan_error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace cdc::plan {

using Json = nlohmann::json;

std::string child_path(const std::string& path, const std::string& field);
std::string index_path(const std::string& path, size_t index);

// The field, which must exist (null is allowed); throws PlanError otherwise.
const Json& field(const Json& object, const std::string& name, const std::string& path);
const Json& object_field(const Json& object, const std::string& name, const std::string& path);
const Json& array_field(const Json& object, const std::string& name, const std::string& path);
std::string string_field(const Json& object, const std::string& name, const std::string& path);
int64_t integer_field(const Json& object, const std::string& name, const std::string& path);
bool bool_field(const Json& object, const std::string& name, const std::string& path);

}  // namespace cdc::plan
