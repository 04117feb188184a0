// Postgres' ordering of values (the btree comparison functions) and the
// comparison operators built on it.
#include "engine/expr_internal.hpp"

#include "core/interval.hpp"
#include "engine/datetime_ops.hpp"
#include "plan/json_fields.hpp"

#include <cmath>

namespace cdc::engine {
namespace {

template <typename T>
int three_way(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// float8_cmp: NaN equals NaN and sorts above everything else.
int compare_floats(double a, double b) {
    if (std::isnan(a)) return std::isnan(b) ? 0 : 1;
    if (std::isnan(b)) return -1;
    return three_way(a, b);
}

// bpchar compares without its trailing spaces.
std::string_view without_padding(const std::string& text) {
    size_t end = text.find_last_not_of(' ');
    return std::string_view(text).substr(0, end == std::string::npos ? 0 : end + 1);
}

// The comparison category of a type: values of one category compare with
// each other (int2 with int8, float4 with float8, text with varchar).
int category(Type type) {
    if (is_integer_type(type)) return 1;
    if (is_float_type(type)) return 2;
    if (type == Type::Text || type == Type::Varchar) return 3;
    return 100 + static_cast<int>(type);
}

bool comparable(const TypeRef& a, const TypeRef& b) {
    if (a.type == Type::Other || b.type == Type::Other) return a.name == b.name;
    return category(a.type) == category(b.type);
}

bool is_date_or_timestamp(Type type) {
    return type == Type::Date || type == Type::Timestamp || type == Type::TimestampTz;
}

using Ordering = std::function<int(const Value&, const Value&)>;

// date_cmp_timestamp, timestamp_cmp_timestamptz and the like: in local time,
// a timestamptz being the local time of its instant at the view's offset.
Ordering cross_type_ordering(Type left, Type right, const FunctionCall& call) {
    std::optional<int64_t> offset = call.utc_offset;
    if ((left == Type::TimestampTz || right == Type::TimestampTz) && !offset) {
        throw plan::PlanError(call.path, call.fn + " of timestamp with time zone needs the view's utc_offset");
    }
    auto local = [offset](Type type, const Value& value) {
        int64_t raw = std::get<int64_t>(value);
        return type == Type::TimestampTz ? local_time(raw, *offset) : raw;
    };
    return [left, right, local](const Value& a, const Value& b) {
        if (left == Type::Date) return compare_date_timestamp(std::get<int64_t>(a), local(right, b));
        if (right == Type::Date) return -compare_date_timestamp(std::get<int64_t>(b), local(left, a));
        return three_way(local(left, a), local(right, b));
    };
}

}  // namespace

int compare_values(const Value& a, const Value& b, const TypeRef& type, const Collation& collation) {
    switch (type.type) {
        case Type::Bool: return three_way(std::get<bool>(a), std::get<bool>(b));
        case Type::Int2:
        case Type::Int4:
        case Type::Int8:
        case Type::Date:
        case Type::Timestamp:
        case Type::TimestampTz: return three_way(std::get<int64_t>(a), std::get<int64_t>(b));
        case Type::Float4:
        case Type::Float8: return compare_floats(std::get<double>(a), std::get<double>(b));
        case Type::Numeric: return compare_numeric(std::get<Numeric>(a), std::get<Numeric>(b));
        case Type::Interval: return compare_interval(std::get<Interval>(a), std::get<Interval>(b));
        case Type::Text:
        case Type::Varchar: return collation.compare(std::get<std::string>(a), std::get<std::string>(b));
        case Type::Bpchar:
            return collation.compare(without_padding(std::get<std::string>(a)),
                                     without_padding(std::get<std::string>(b)));
        default:
            // uuid and bytea order by their bytes (the uuid's canonical text
            // sorts as its bytes do); other types only by their text form
            return std::get<std::string>(a).compare(std::get<std::string>(b));
    }
}

Function comparison_function(const FunctionCall& call) {
    using Test = bool (*)(int);
    static const std::pair<const char*, Test> tests[] = {
        {"eq", [](int c) { return c == 0; }}, {"ne", [](int c) { return c != 0; }},
        {"lt", [](int c) { return c < 0; }},  {"le", [](int c) { return c <= 0; }},
        {"gt", [](int c) { return c > 0; }},  {"ge", [](int c) { return c >= 0; }},
    };
    for (const auto& [name, test] : tests) {
        if (call.fn != name) continue;
        require_arg_count(call, 2, 2);
        Type left = call.arg_types[0].type, right = call.arg_types[1].type;
        if (left != right && is_date_or_timestamp(left) && is_date_or_timestamp(right)) {
            return {[order = cross_type_ordering(left, right, call), test = test](std::span<const Value> args) {
                return Value{test(order(args[0], args[1]))};
            }};
        }
        if (!comparable(call.arg_types[0], call.arg_types[1])) {
            throw plan::PlanError(plan::child_path(call.path, "args"),
                                  "cannot compare " + call.arg_types[0].name + " with " + call.arg_types[1].name);
        }
        return {[type = call.arg_types[0], &collation = call.collation, test = test](std::span<const Value> args) {
            return Value{test(compare_values(args[0], args[1], type, collation))};
        }};
    }
    return {};
}

}  // namespace cdc::engine
