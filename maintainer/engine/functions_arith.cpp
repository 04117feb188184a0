// Arithmetic: + - * / % unary minus and abs() on integers, numeric and
// floats, with Postgres' errors.  Integer results are checked against the
// result type (int24pl returns int4, int48pl int8), so the arguments are
// computed in int64 and the range check comes last.
#include "engine/expr_internal.hpp"
#include "engine/numeric_ops.hpp"

#include "plan/plan_error.hpp"

#include <cmath>
#include <limits>

namespace cdc::engine {

namespace {

[[noreturn]] void out_of_range(Type type) {
    throw EvaluationError(type == Type::Int2   ? "smallint out of range"
                          : type == Type::Int4 ? "integer out of range"
                                               : "bigint out of range");
}

}  // namespace

bool integer_fits(int64_t value, Type type) {
    switch (type) {
        case Type::Int2: return value >= std::numeric_limits<int16_t>::min() && value <= std::numeric_limits<int16_t>::max();
        case Type::Int4: return value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max();
        default: return true;
    }
}

int64_t checked_integer(int64_t value, Type type) {
    if (!integer_fits(value, type)) out_of_range(type);
    return value;
}

namespace {

enum class Op { Add, Sub, Mul, Div, Mod, Neg, Abs };

const std::pair<const char*, Op> operations[] = {
    {"add", Op::Add}, {"sub", Op::Sub}, {"mul", Op::Mul}, {"div", Op::Div},
    {"mod", Op::Mod}, {"neg", Op::Neg}, {"abs", Op::Abs},
};

bool is_unary(Op op) { return op == Op::Neg || op == Op::Abs; }

int64_t integer_op(Op op, int64_t a, int64_t b, Type result) {
    int64_t value = 0;
    bool overflow = false;
    switch (op) {
        case Op::Add: overflow = __builtin_add_overflow(a, b, &value); break;
        case Op::Sub: overflow = __builtin_sub_overflow(a, b, &value); break;
        case Op::Mul: overflow = __builtin_mul_overflow(a, b, &value); break;
        case Op::Neg: overflow = __builtin_sub_overflow(int64_t{0}, a, &value); break;
        case Op::Abs: overflow = a < 0 ? __builtin_sub_overflow(int64_t{0}, a, &value) : (value = a, false); break;
        case Op::Div:
        case Op::Mod:
            if (b == 0) throw EvaluationError("division by zero");
            // INT64_MIN / -1 overflows; x % -1 is 0 (Postgres avoids the trap too)
            if (b == -1) return op == Op::Mod ? 0 : integer_op(Op::Neg, a, 0, result);
            value = op == Op::Div ? a / b : a % b;  // C++ truncates toward zero, as Postgres
            break;
    }
    if (overflow) out_of_range(result);
    return checked_integer(value, result);
}

Numeric numeric_op(Op op, const Numeric& a, const Numeric& b) {
    switch (op) {
        case Op::Add: return numeric_add(a, b);
        case Op::Sub: return numeric_sub(a, b);
        case Op::Mul: return numeric_mul(a, b);
        case Op::Div: return numeric_div(a, b);
        case Op::Mod: return numeric_mod(a, b);
        case Op::Neg: return numeric_neg(a);
        case Op::Abs: return a.kind == Numeric::Kind::NegativeInfinity || a.unscaled < 0 ? numeric_neg(a) : a;
    }
    return a;
}

// float4 results are computed in single precision, as float4pl does.
template <typename F>
F float_op(Op op, F a, F b) {
    F value = 0;
    switch (op) {
        case Op::Add: value = a + b; break;
        case Op::Sub: value = a - b; break;
        case Op::Mul: value = a * b; break;
        case Op::Div:
            if (b == 0 && !std::isnan(a)) throw EvaluationError("division by zero");
            value = a / b;
            break;
        case Op::Neg: return -a;
        case Op::Abs: return std::fabs(a);
        case Op::Mod: break;
    }
    if (std::isinf(value) && !std::isinf(a) && !std::isinf(b)) throw EvaluationError("value out of range: overflow");
    bool underflow_possible = op == Op::Mul ? a != 0 && b != 0 : (op == Op::Div && a != 0 && !std::isinf(b));
    if (value == 0 && underflow_possible) throw EvaluationError("value out of range: underflow");
    return value;
}

// The implementation for the result type; argument types must be of its kind.
Function arithmetic_for(Op op, const FunctionCall& call) {
    Type result = call.result.type;
    auto all_args = [&](bool (*test)(Type)) {
        for (const TypeRef& arg : call.arg_types) {
            if (!test(arg.type)) return false;
        }
        return true;
    };
    // unary operations see a copy of the argument as their unused second operand
    size_t second = is_unary(op) ? 0 : 1;
    if (is_integer_type(result) && all_args(is_integer_type)) {
        return {[op, result, second](std::span<const Value> args) {
            return Value{integer_op(op, std::get<int64_t>(args[0]), std::get<int64_t>(args[second]), result)};
        }};
    }
    if (result == Type::Numeric && all_args([](Type t) { return t == Type::Numeric; })) {
        return {[op, second](std::span<const Value> args) {
            return Value{numeric_op(op, std::get<Numeric>(args[0]), std::get<Numeric>(args[second]))};
        }};
    }
    if (is_float_type(result) && op != Op::Mod && all_args(is_float_type)) {
        if (result == Type::Float4) {
            return {[op, second](std::span<const Value> args) {
                auto a = static_cast<float>(std::get<double>(args[0]));
                auto b = static_cast<float>(std::get<double>(args[second]));
                return Value{static_cast<double>(float_op(op, a, b))};
            }};
        }
        return {[op, second](std::span<const Value> args) {
            return Value{float_op(op, std::get<double>(args[0]), std::get<double>(args[second]))};
        }};
    }
    std::string types;
    for (const TypeRef& arg : call.arg_types) types += (types.empty() ? "" : ", ") + arg.name;
    throw plan::PlanError(call.path, call.fn + "(" + types + ") returning " + call.result.name + " is not supported");
}

}  // namespace

Function arithmetic_function(const FunctionCall& call) {
    for (const auto& [name, op] : operations) {
        if (call.fn != name) continue;
        size_t count = is_unary(op) ? 1 : 2;
        require_arg_count(call, count, count);
        return arithmetic_for(op, call);
    }
    return {};
}

}  // namespace cdc::engine
