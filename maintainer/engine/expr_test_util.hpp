// Builders of plan expression JSON for the engine's unit tests, and
// evaluation to Postgres' text form so expected values read as psql prints them.
#pragma once

#include "engine/expr.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cdc::engine::test {

using nlohmann::json;

inline json column(size_t index, const std::string& type, int32_t typmod = -1) {
    json node = {{"kind", "column"}, {"type", type}, {"index", index}};
    if (typmod >= 0) node["typmod"] = typmod;
    return node;
}

inline json constant(const std::string& value, const std::string& type) {
    return {{"kind", "const"}, {"type", type}, {"value", value}};
}

inline json null_of(const std::string& type) { return {{"kind", "const"}, {"type", type}, {"value", nullptr}}; }

inline json func(const std::string& fn, const std::string& type, std::vector<json> args) {
    return {{"kind", "func"}, {"fn", fn}, {"pg", fn}, {"type", type}, {"args", args}};
}

inline json cast(json arg, const std::string& type, int32_t typmod = -1) {
    json node = {{"kind", "cast"}, {"type", type}, {"arg", std::move(arg)}};
    if (typmod >= 0) node["typmod"] = typmod;
    return node;
}

inline json with_args(const std::string& kind, std::vector<json> args, const std::string& type = "bool") {
    return {{"kind", kind}, {"type", type}, {"args", args}};
}

inline json with_arg(const std::string& kind, json arg, const std::string& type = "bool") {
    return {{"kind", kind}, {"type", type}, {"arg", std::move(arg)}};
}

inline const Collation& c_collation() {
    static const Collation collation("C", "C");
    return collation;
}

// The value as psql -A prints it: its text form, or "NULL".
inline std::string show(const json& node, const Row& row = {}, const Collation& collation = c_collation()) {
    ExprPtr expr = compile_expr(node, "root", collation);
    Value value = expr->eval(row);
    return is_null(value) ? "NULL" : text_form(value, expr->type());
}

// The EvaluationError's message, or "no error".
inline std::string error_of(const json& node, const Row& row = {}) {
    try {
        show(node, row);
    } catch (const EvaluationError& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace cdc::engine::test
