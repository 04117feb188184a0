// Input functions: text to a value of a type (boolin, int4in, float8in,
// numeric_in, uuid_in, date_in, timestamp_in), for constants of a plan and
// casts from text, with Postgres' error messages.
#include "engine/expr_internal.hpp"

#include "core/datetime.hpp"
#include "core/interval.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace cdc::engine {
namespace {

const char* sql_type_name(Type type) {
    switch (type) {
        case Type::Bool: return "boolean";
        case Type::Int2: return "smallint";
        case Type::Int4: return "integer";
        case Type::Int8: return "bigint";
        case Type::Float4: return "real";
        case Type::Float8: return "double precision";
        case Type::Numeric: return "numeric";
        case Type::Uuid: return "uuid";
        case Type::Bytea: return "bytea";
        case Type::Date: return "date";
        case Type::Timestamp: return "timestamp without time zone";
        case Type::TimestampTz: return "timestamp with time zone";
        case Type::Interval: return "interval";
        default: return "text";
    }
}

[[noreturn]] void invalid_syntax(const std::string& text, Type type) {
    throw EvaluationError(std::string("invalid input syntax for type ") + sql_type_name(type) + ": \"" + text + "\"");
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// parse_bool_with_len: t/true/y/yes/on/1 and f/false/n/no/off/0, any case,
// any unambiguous prefix ("of" for off, but "o" alone is ambiguous).
bool parse_bool(const std::string& text) {
    std::string word(trimmed(text));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto prefix_of = [&](std::string_view full, size_t min_length) {
        return word.size() >= min_length && word.size() <= full.size() && full.substr(0, word.size()) == word;
    };
    if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || word == "1") return true;
    if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || word == "0") return false;
    invalid_syntax(text, Type::Bool);
}

int64_t parse_integer(const std::string& text, Type type) {
    std::string_view body = trimmed(text);
    bool negative = !body.empty() && body.front() == '-';
    if (!body.empty() && (body.front() == '-' || body.front() == '+')) body.remove_prefix(1);
    if (body.empty()) invalid_syntax(text, type);
    // accumulate negatively so the most negative bigint fits
    int64_t value = 0;
    bool overflow = false;
    for (char c : body) {
        if (c < '0' || c > '9') invalid_syntax(text, type);
        overflow |= __builtin_mul_overflow(value, int64_t{10}, &value) || __builtin_sub_overflow(value, c - '0', &value);
    }
    if (!negative) overflow |= __builtin_sub_overflow(int64_t{0}, value, &value);
    if (overflow || !integer_fits(value, type)) {
        throw EvaluationError("value \"" + text + "\" is out of range for type " + sql_type_name(type));
    }
    return value;
}

double parse_float(const std::string& text, Type type) {
    std::string body(trimmed(text));
    if (body.empty()) invalid_syntax(text, type);
    char* end = nullptr;
    errno = 0;
    double value = type == Type::Float4 ? std::strtof(body.c_str(), &end) : std::strtod(body.c_str(), &end);
    if (end != body.c_str() + body.size()) invalid_syntax(text, type);
    // strtod reports ERANGE for denormals too; Postgres accepts those
    if (errno == ERANGE && (value == 0.0 || std::isinf(value))) {
        throw EvaluationError("\"" + text + "\" is out of range for type " + sql_type_name(type));
    }
    return value;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// string_to_uuid: 32 hex digits, optionally in braces, a hyphen allowed
// after any group of four; printed back in the canonical 8-4-4-4-12 form.
std::string parse_uuid(const std::string& text) {
    std::string_view in(text);
    bool braces = !in.empty() && in.front() == '{';
    if (braces) in.remove_prefix(1);
    std::string digits;
    for (int byte = 0; byte < 16; ++byte) {
        if (in.size() < 2 || hex_digit(in[0]) < 0 || hex_digit(in[1]) < 0) invalid_syntax(text, Type::Uuid);
        digits += static_cast<char>(std::tolower(static_cast<unsigned char>(in[0])));
        digits += static_cast<char>(std::tolower(static_cast<unsigned char>(in[1])));
        in.remove_prefix(2);
        if (!in.empty() && in.front() == '-' && byte % 2 == 1 && byte < 15) in.remove_prefix(1);
    }
    if (braces && (in.empty() || in.front() != '}')) invalid_syntax(text, Type::Uuid);
    if (braces) in.remove_prefix(1);
    if (!in.empty()) invalid_syntax(text, Type::Uuid);
    std::string uuid;  // 8-4-4-4-12
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) uuid += '-';
        uuid += digits[i];
    }
    return uuid;
}

// byteain's hex format ("\x0a1b"), the form byteaout prints.
std::string parse_bytea(const std::string& text) {
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) invalid_syntax(text, Type::Bytea);
    std::string bytes;
    for (size_t i = 2; i < text.size(); i += 2) {
        int high = hex_digit(text[i]), low = hex_digit(text[i + 1]);
        if (high < 0 || low < 0) invalid_syntax(text, Type::Bytea);
        bytes += static_cast<char>(high * 16 + low);
    }
    return bytes;
}

template <typename Parse>
int64_t parse_datetime(const std::string& text, Type type, Parse parse) {
    try {
        auto value = parse();
        if (!value) invalid_syntax(text, type);
        return *value;
    } catch (const std::out_of_range&) {
        throw EvaluationError("date/time field value out of range: \"" + text + "\"");
    }
}

}  // namespace

Value parse_input(const std::string& text, const TypeRef& type) {
    switch (type.type) {
        case Type::Bool: return parse_bool(text);
        case Type::Int2:
        case Type::Int4:
        case Type::Int8: return parse_integer(text, type.type);
        case Type::Float4:
        case Type::Float8: return parse_float(text, type.type);
        case Type::Numeric:
            try {
                return parse_numeric(text);
            } catch (const std::exception&) {
                invalid_syntax(text, Type::Numeric);
            }
        case Type::Uuid: return parse_uuid(text);
        case Type::Bytea: return parse_bytea(text);
        case Type::Date: return parse_datetime(text, type.type, [&] { return parse_postgres_date(text); });
        case Type::Timestamp:
        case Type::TimestampTz:
            return parse_datetime(text, type.type,
                                  [&] { return parse_postgres_timestamp(text, type.type == Type::TimestampTz); });
        case Type::Interval: {
            // plans write interval constants in the ISO form (docs/plan-format.md)
            std::optional<Interval> interval = parse_iso_interval(text);
            if (!interval) invalid_syntax(text, Type::Interval);
            return *interval;
        }
        default: return text;
    }
}

}  // namespace cdc::engine
