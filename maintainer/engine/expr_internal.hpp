// What the expression files share (not for use outside engine/expr*.cpp,
// functions_*.cpp, casts.cpp, text_form.cpp and value_input.cpp).
//
// compile_expr (expr.cpp) reads the JSON and builds the tree; every "func"
// node asks the function families below for an implementation chosen once,
// at compile time, from fn and the argument and result types, so evaluation
// does no lookups.
#pragma once

#include "engine/expr.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cdc::engine {

// A function of already evaluated arguments.  Strict functions (all but
// concat) never see NULL arguments: the caller answers NULL first.
struct Function {
    std::function<Value(std::span<const Value>)> apply;
    bool strict = true;
};

// What a family needs to pick an implementation.
struct FunctionCall {
    const std::string& fn;
    const std::vector<TypeRef>& arg_types;
    const TypeRef& result;
    const Collation& collation;
    const std::string& path;  // of the func node, for PlanError
    // the view's time zone, for functions that read TimeZone ("utc_offset")
    std::optional<int64_t> utc_offset;
};

// Each family returns the function, or an empty apply when fn is not one of
// its names; it throws PlanError for one of its names with unusable
// argument types.
Function arithmetic_function(const FunctionCall& call);  // functions_arith.cpp
Function comparison_function(const FunctionCall& call);  // compare.cpp
Function text_function(const FunctionCall& call);        // functions_text.cpp
Function datetime_function(const FunctionCall& call);    // functions_datetime.cpp
Function datetime_arithmetic_function(const FunctionCall& call);  // functions_datetime_arith.cpp
Function to_char_function(const FunctionCall& call);              // functions_to_char.cpp

// Conversion of a non-NULL value for a "cast" node (casts.cpp).
using Conversion = std::function<Value(const Value&)>;
Conversion cast_conversion(const TypeRef& from, const TypeRef& to, const std::string& path,
                           std::optional<int64_t> utc_offset = std::nullopt);

// The type's input function: throws EvaluationError with Postgres' message
// (invalid input syntax for type integer: "x") (value_input.cpp).
Value parse_input(const std::string& text, const TypeRef& type);

// Whether value is in the range of int2, int4 or int8 (type).
bool integer_fits(int64_t value, Type type);
// The value, range-checked for an integer type: "integer out of range".
int64_t checked_integer(int64_t value, Type type);
// Postgres' float4out / float8out (shortest form that reads back exactly).
std::string float_text(double value, bool single);
// The expression's argument count must be in [min, max], else PlanError.
void require_arg_count(const FunctionCall& call, size_t min, size_t max);

inline bool is_integer_type(Type type) { return type == Type::Int2 || type == Type::Int4 || type == Type::Int8; }
inline bool is_float_type(Type type) { return type == Type::Float4 || type == Type::Float8; }
inline bool is_text_type(Type type) { return type == Type::Text || type == Type::Varchar || type == Type::Bpchar; }

}  // namespace cdc::engine
