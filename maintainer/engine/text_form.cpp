// Output functions: the text Postgres prints for a value (boolout, int4out,
// float8out, numeric_out, date_out, timestamp_out, ...), as ::text casts
// (but for bool) and concat() produce it.
#include "engine/expr_internal.hpp"

#include "core/datetime.hpp"
#include "core/interval.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cdc::engine {
namespace {

// Shortest round-trip digits in fixed notation, as Ryu's output in
// Postgres' float8out when -4 <= exponent < 15 (6 for float4).
std::string fixed_notation(std::string_view scientific, int exponent) {
    bool negative = scientific.front() == '-';
    std::string digits;
    for (char c : scientific.substr(negative, scientific.find('e') - negative)) {
        if (c != '.') digits += c;
    }
    std::string result;
    auto point = static_cast<size_t>(exponent + 1);  // digits before the point
    if (exponent < 0) {
        result = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    } else if (point >= digits.size()) {
        result = digits + std::string(point - digits.size(), '0');
    } else {
        result = digits.substr(0, point) + "." + digits.substr(point);
    }
    return negative ? "-" + result : result;
}

std::string bytea_hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string result = "\\x";
    for (unsigned char byte : bytes) {
        result += digits[byte >> 4];
        result += digits[byte & 15];
    }
    return result;
}

}  // namespace

std::string float_text(double value, bool single) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
    char text[64];
    auto written = single ? std::to_chars(text, text + sizeof(text), static_cast<float>(value), std::chars_format::scientific)
                          : std::to_chars(text, text + sizeof(text), value, std::chars_format::scientific);
    std::string scientific(text, written.ptr);  // "d.ddde+XX", the exponent at least two digits as printf's
    int exponent = std::atoi(scientific.c_str() + scientific.find('e') + 1);
    if (exponent >= -4 && exponent < (single ? 6 : 15)) return fixed_notation(scientific, exponent);
    return scientific;
}

std::string text_form(const Value& value, const TypeRef& type) {
    switch (type.type) {
        case Type::Bool: return std::get<bool>(value) ? "t" : "f";
        case Type::Int2:
        case Type::Int4:
        case Type::Int8: return std::to_string(std::get<int64_t>(value));
        case Type::Float4:
        case Type::Float8: return float_text(std::get<double>(value), type.type == Type::Float4);
        case Type::Numeric: return numeric_to_string(std::get<Numeric>(value));
        case Type::Date: return postgres_date(std::get<int64_t>(value));
        case Type::Timestamp:
        case Type::TimestampTz: return postgres_timestamp(std::get<int64_t>(value), type.type == Type::TimestampTz);
        case Type::Bytea: return bytea_hex(std::get<std::string>(value));
        // add_view refuses interval::text and concat() of an interval (their
        // text depends on IntervalStyle); the fixed ISO form serves the rest
        case Type::Interval: return iso_interval(std::get<Interval>(value));
        default: return std::get<std::string>(value);
    }
}

}  // namespace cdc::engine
