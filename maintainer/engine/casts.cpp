// Casts with Postgres' semantics (docs/plan-format.md, "Casts"): each
// conversion is chosen once per cast node from the two types.
#include "engine/expr_internal.hpp"
#include "engine/datetime_ops.hpp"
#include "engine/numeric_ops.hpp"
#include "engine/utf8.hpp"

#include "core/datetime.hpp"
#include "plan/plan_error.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace cdc::engine {
namespace {

using Kind = Numeric::Kind;

const char* integer_name(Type type) {
    return type == Type::Int2 ? "smallint" : (type == Type::Int4 ? "integer" : "bigint");
}

int64_t numeric_to_integer(const Numeric& value, Type type) {
    if (value.kind == Kind::NaN) throw EvaluationError(std::string("cannot convert NaN to ") + integer_name(type));
    if (value.kind != Kind::Finite) throw EvaluationError(std::string("cannot convert infinity to ") + integer_name(type));
    BigInt rounded = numeric_round(value, 0).unscaled;
    if (rounded < std::numeric_limits<int64_t>::min() || rounded > std::numeric_limits<int64_t>::max()) {
        throw EvaluationError(std::string(integer_name(type)) + " out of range");
    }
    return checked_integer(rounded.convert_to<int64_t>(), type);
}

// float8_int4 and friends: rint, then the range (NaN is out of range too).
int64_t float_to_integer(double value, Type type) {
    double rounded = std::rint(value);
    constexpr double two_to_63 = 9223372036854775808.0;
    if (std::isnan(rounded) || rounded < -two_to_63 || rounded >= two_to_63) {
        throw EvaluationError(std::string(integer_name(type)) + " out of range");
    }
    return checked_integer(static_cast<int64_t>(rounded), type);
}

// apply_typmod: round to the scale, then at most precision - scale digits
// before the point; typmod = ((precision << 16) | scale) + 4, scale signed in 11 bits.
Numeric apply_numeric_typmod(const Numeric& value, int32_t typmod) {
    if (typmod < 4 || value.kind == Kind::NaN) return value;
    int32_t precision = ((typmod - 4) >> 16) & 0xffff;
    int32_t scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
    if (value.kind != Kind::Finite) throw EvaluationError("numeric field overflow");
    Numeric rounded = numeric_round(value, scale);
    BigInt integer_part = abs(rounded.unscaled);
    for (int32_t i = 0; i < rounded.scale; ++i) integer_part /= 10;
    int32_t digits = integer_part == 0 ? 0 : static_cast<int32_t>(integer_part.str().size());
    if (digits > precision - scale) throw EvaluationError("numeric field overflow");
    return rounded;
}

// float8_numeric: the float printed with 15 (float4: 6) significant digits.
Numeric float_to_numeric(double value, bool single) {
    if (std::isnan(value)) return Numeric{Kind::NaN, 0, 0};
    if (std::isinf(value)) return Numeric{value > 0 ? Kind::PositiveInfinity : Kind::NegativeInfinity, 0, 0};
    char text[64];
    std::snprintf(text, sizeof(text), "%.*g", single ? 6 : 15, value);
    return parse_numeric(text);
}

// float8_to_float4 and float4 arithmetic report leaving float4's range.
double to_float4(double value) {
    auto narrowed = static_cast<float>(value);
    if (std::isinf(narrowed) && !std::isinf(value)) throw EvaluationError("value out of range: overflow");
    if (narrowed == 0.0f && value != 0.0) throw EvaluationError("value out of range: underflow");
    return narrowed;
}

// varchar(n) keeps n characters; bpchar(n) keeps n and pads with spaces.
std::string fit_length(std::string text, const TypeRef& to) {
    if (to.typmod < 4) return text;
    size_t length = static_cast<size_t>(to.typmod - 4), pos = 0, count = 0;
    for (; pos < text.size() && count < length; ++count) pos += utf8_char_length(text, pos);
    text.resize(pos);
    if (to.type == Type::Bpchar) text.append(length - count, ' ');
    return text;
}

Conversion to_string_type(const TypeRef& from, const TypeRef& to) {
    if (from.type == Type::Bool) {
        // booltext, unlike boolout, spells the words out
        return [to](const Value& v) { return Value{fit_length(std::get<bool>(v) ? "true" : "false", to)}; };
    }
    bool strip_padding = from.type == Type::Bpchar && to.type != Type::Bpchar;  // rtrim1, as bpchar::text
    return [from, to, strip_padding](const Value& v) {
        std::string text = text_form(v, from);
        if (strip_padding) text.erase(text.find_last_not_of(' ') + 1);
        return Value{fit_length(std::move(text), to)};
    };
}

Conversion to_integer(const TypeRef& from, Type to) {
    if (is_integer_type(from.type)) return [to](const Value& v) { return Value{checked_integer(std::get<int64_t>(v), to)}; };
    if (from.type == Type::Numeric) return [to](const Value& v) { return Value{numeric_to_integer(std::get<Numeric>(v), to)}; };
    if (is_float_type(from.type)) return [to](const Value& v) { return Value{float_to_integer(std::get<double>(v), to)}; };
    if (from.type == Type::Bool && to == Type::Int4) return [](const Value& v) { return Value{int64_t{std::get<bool>(v)}}; };
    return {};
}

Conversion to_numeric(const TypeRef& from, int32_t typmod) {
    if (is_integer_type(from.type)) {
        return [typmod](const Value& v) { return Value{apply_numeric_typmod(numeric_from_int(std::get<int64_t>(v)), typmod)}; };
    }
    if (from.type == Type::Numeric) {
        return [typmod](const Value& v) { return Value{apply_numeric_typmod(std::get<Numeric>(v), typmod)}; };
    }
    if (is_float_type(from.type)) {
        bool single = from.type == Type::Float4;
        return [typmod, single](const Value& v) {
            return Value{apply_numeric_typmod(float_to_numeric(std::get<double>(v), single), typmod)};
        };
    }
    return {};
}

Conversion to_float(const TypeRef& from, const TypeRef& to) {
    bool single = to.type == Type::Float4;
    if (is_integer_type(from.type)) {
        return [single](const Value& v) {
            auto value = std::get<int64_t>(v);
            return Value{single ? static_cast<double>(static_cast<float>(value)) : static_cast<double>(value)};
        };
    }
    if (from.type == Type::Numeric) {
        // numeric_float8 reads numeric_out's text with float8in
        return [to](const Value& v) { return parse_input(numeric_to_string(std::get<Numeric>(v)), to); };
    }
    if (is_float_type(from.type)) {
        if (!single) return [](const Value& v) { return v; };
        return [](const Value& v) { return Value{to_float4(std::get<double>(v))}; };
    }
    return {};
}

// Date and timestamp are local times; a timestamptz is the instant of its
// local time at the view's UTC offset (date_timestamptz, timestamptz_date, ...).
Conversion to_datetime(const TypeRef& from, Type to, std::optional<int64_t> utc_offset) {
    if (from.type == to) return [](const Value& v) { return v; };
    if (from.type != Type::Date && from.type != Type::Timestamp && from.type != Type::TimestampTz) return {};
    bool zoned = from.type == Type::TimestampTz || to == Type::TimestampTz;
    if (zoned && !utc_offset) return {};
    int64_t offset = utc_offset.value_or(0);
    return [from = from.type, to, offset](const Value& v) {
        int64_t value = std::get<int64_t>(v);
        int64_t local = from == Type::Date ? date_to_timestamp(value)
                        : from == Type::TimestampTz ? local_time(value, offset) : value;
        if (to == Type::Date) return Value{timestamp_to_date(local)};
        return Value{to == Type::TimestampTz ? instant_of_local(local, offset) : local};
    };
}

Conversion non_text_conversion(const TypeRef& from, const TypeRef& to, std::optional<int64_t> utc_offset) {
    switch (to.type) {
        case Type::Int2:
        case Type::Int4:
        case Type::Int8: return to_integer(from, to.type);
        case Type::Numeric: return to_numeric(from, to.typmod);
        case Type::Float4:
        case Type::Float8: return to_float(from, to);
        case Type::Bool:
            if (from.type == Type::Int4) return [](const Value& v) { return Value{std::get<int64_t>(v) != 0}; };
            break;
        case Type::Date:
        case Type::Timestamp:
        case Type::TimestampTz: return to_datetime(from, to.type, utc_offset);
        default: break;
    }
    if (from.type == to.type && (to.type != Type::Other || from.name == to.name)) return [](const Value& v) { return v; };
    return {};
}

}  // namespace

Conversion cast_conversion(const TypeRef& from, const TypeRef& to, const std::string& path,
                           std::optional<int64_t> utc_offset) {
    if (is_text_type(to.type)) return to_string_type(from, to);
    if (is_text_type(from.type)) {
        Conversion parse = [to](const Value& v) { return parse_input(std::get<std::string>(v), to); };
        if (to.type != Type::Numeric) return parse;
        return [parse, typmod = to.typmod](const Value& v) {
            return Value{apply_numeric_typmod(std::get<Numeric>(parse(v)), typmod)};
        };
    }
    Conversion conversion = non_text_conversion(from, to, utc_offset);
    if (!conversion) throw plan::PlanError(path, "cast from " + from.name + " to " + to.name + " is not supported");
    return conversion;
}

}  // namespace cdc::engine
