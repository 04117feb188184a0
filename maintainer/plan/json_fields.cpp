#include "plan/json_fields.hpp"

namespace cdc::plan {
namespace {

const Json& typed_field(const Json& object, const std::string& name, const std::string& path, bool (Json::*is)() const,
                        const char* what) {
    const Json& value = field(object, name, path);
    if (!(value.*is)()) throw PlanError(child_path(path, name), std::string("expected ") + what);
    return value;
}

}  // namespace

std::string child_path(const std::string& path, const std::string& field) {
    return path.empty() ? field : path + "." + field;
}

std::string index_path(const std::string& path, size_t index) { return path + "[" + std::to_string(index) + "]"; }

const Json& field(const Json& object, const std::string& name, const std::string& path) {
    if (!object.is_object()) throw PlanError(path.empty() ? "plan" : path, "expected an object");
    auto found = object.find(name);
    if (found == object.end()) throw PlanError(child_path(path, name), "missing");
    return *found;
}

const Json& object_field(const Json& object, const std::string& name, const std::string& path) {
    return typed_field(object, name, path, &Json::is_object, "an object");
}

const Json& array_field(const Json& object, const std::string& name, const std::string& path) {
    return typed_field(object, name, path, &Json::is_array, "an array");
}

std::string string_field(const Json& object, const std::string& name, const std::string& path) {
    return typed_field(object, name, path, &Json::is_string, "a string").get<std::string>();
}

int64_t integer_field(const Json& object, const std::string& name, const std::string& path) {
    return typed_field(object, name, path, &Json::is_number_integer, "an integer").get<int64_t>();
}

bool bool_field(const Json& object, const std::string& name, const std::string& path) {
    return typed_field(object, name, path, &Json::is_boolean, "true or false").get<bool>();
}

}  // namespace cdc::plan
