// + - * / on dates, timestamps and intervals, age() and make_date(): each
// (fn, argument types) pair is one Postgres function of datetime_ops.hpp.
// Operands of other types are left to arithmetic_function.
#include "engine/datetime_ops.hpp"
#include "engine/expr_internal.hpp"

#include "plan/json_fields.hpp"

namespace cdc::engine {
namespace {

using Args = std::span<const Value>;

int64_t integer(const Value& value) { return std::get<int64_t>(value); }
const Interval& interval(const Value& value) { return std::get<Interval>(value); }

bool is_datetime(Type type) {
    return type == Type::Date || type == Type::Timestamp || type == Type::TimestampTz || type == Type::Interval;
}

// The time zone's offset, which a plan gives every timestamptz function that reads TimeZone.
int64_t required_offset(const FunctionCall& call) {
    if (!call.utc_offset) {
        throw plan::PlanError(call.path, call.fn + " of timestamp with time zone needs the view's utc_offset");
    }
    return *call.utc_offset;
}

Function timestamptz_plus(int64_t offset, bool minus) {
    return {[offset, minus](Args args) {
        const Interval span = minus ? negated(interval(args[1])) : interval(args[1]);
        return Value{instant_of_local(timestamp_plus_interval(local_time(integer(args[0]), offset), span), offset)};
    }};
}

Function addition(Type left, Type right, const FunctionCall& call, bool minus) {
    if (left == Type::Date && is_integer_type(right)) {
        return {[minus](Args args) {
            int64_t days = minus ? -integer(args[1]) : integer(args[1]);
            return Value{date_plus_days(integer(args[0]), days)};
        }};
    }
    if ((left == Type::Date || left == Type::Timestamp) && right == Type::Interval) {
        bool is_date = left == Type::Date;
        return {[is_date, minus](Args args) {
            int64_t start = is_date ? date_to_timestamp(integer(args[0])) : integer(args[0]);
            return Value{timestamp_plus_interval(start, minus ? negated(interval(args[1])) : interval(args[1]))};
        }};
    }
    if (left == Type::TimestampTz && right == Type::Interval) return timestamptz_plus(required_offset(call), minus);
    if (left == Type::Interval && right == Type::Interval) {
        return {[minus](Args args) {
            return Value{interval_plus(interval(args[0]), minus ? negated(interval(args[1])) : interval(args[1]))};
        }};
    }
    if (!minus) return {};
    if (left == Type::Date && right == Type::Date) {
        return {[](Args args) { return Value{date_difference(integer(args[0]), integer(args[1]))}; }};
    }
    if ((left == Type::Timestamp || left == Type::TimestampTz) && right == left) {
        return {[](Args args) { return Value{timestamp_difference(integer(args[0]), integer(args[1]))}; }};
    }
    return {};
}

Function scaling(Type left, Type right, bool divide) {
    if (left == Type::Interval && right == Type::Float8) {
        return {[divide](Args args) {
            double factor = std::get<double>(args[1]);
            return Value{divide ? interval_divided(interval(args[0]), factor) : interval_times(interval(args[0]), factor)};
        }};
    }
    if (!divide && left == Type::Float8 && right == Type::Interval) {
        return {[](Args args) { return Value{interval_times(interval(args[1]), std::get<double>(args[0]))}; }};
    }
    return {};
}

Function age(Type left, Type right, const FunctionCall& call) {
    if (left == Type::Timestamp && right == Type::Timestamp) {
        return {[](Args args) { return Value{timestamp_age(integer(args[0]), integer(args[1]))}; }};
    }
    if (left == Type::TimestampTz && right == Type::TimestampTz) {
        return {[offset = required_offset(call)](Args args) {
            return Value{timestamp_age(integer(args[0]), integer(args[1]), offset)};
        }};
    }
    return {};
}

[[noreturn]] void unsupported(const FunctionCall& call) {
    std::string types;
    for (const TypeRef& arg : call.arg_types) types += (types.empty() ? "" : ", ") + arg.name;
    throw plan::PlanError(call.path, call.fn + "(" + types + ") returning " + call.result.name + " is not supported");
}

}  // namespace

Function datetime_arithmetic_function(const FunctionCall& call) {
    if (call.fn == "make_date") {
        require_arg_count(call, 3, 3);
        return {[](Args args) { return Value{make_date(integer(args[0]), integer(args[1]), integer(args[2]))}; }};
    }
    bool any_datetime = false;
    for (const TypeRef& arg : call.arg_types) any_datetime |= is_datetime(arg.type);
    if (!any_datetime) return {};
    Function function;
    if (call.fn == "neg" && call.arg_types.size() == 1 && call.arg_types[0].type == Type::Interval) {
        function = {[](Args args) { return Value{negated(interval(args[0]))}; }};
    } else if (call.fn != "add" && call.fn != "sub" && call.fn != "mul" && call.fn != "div" && call.fn != "age") {
        return {};
    } else {
        require_arg_count(call, 2, 2);
        Type left = call.arg_types[0].type, right = call.arg_types[1].type;
        if (call.fn == "add" || call.fn == "sub") function = addition(left, right, call, call.fn == "sub");
        else if (call.fn == "age") function = age(left, right, call);
        else function = scaling(left, right, call.fn == "div");
    }
    if (!function.apply) unsupported(call);
    return function;
}

}  // namespace cdc::engine
