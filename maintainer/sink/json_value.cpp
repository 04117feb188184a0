#include "sink/json_value.hpp"

#include "core/datetime.hpp"
#include "core/interval.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace cdc::sink {
namespace {

std::string format_date(int64_t days_since_2000) {
    CivilDate date = civil_from_days(days_since_2000);
    int64_t year = date.year;
    unsigned month = date.month, day = date.day;
    char text[32];
    // ISO 8601: astronomical years (1 BC is 0000), signed beyond 4 digits
    if (year >= 0 && year <= 9999) {
        std::snprintf(text, sizeof(text), "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
    } else {
        std::snprintf(text, sizeof(text), "%+05lld-%02u-%02u", static_cast<long long>(year), month, day);
    }
    return text;
}

void append_number(std::string& out, double value, bool single) {
    if (std::isnan(value)) {
        out += "\"NaN\"";
    } else if (std::isinf(value)) {
        out += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else {
        char text[64];
        auto result = single ? std::to_chars(text, text + sizeof(text), static_cast<float>(value))
                             : std::to_chars(text, text + sizeof(text), value);
        out.append(text, result.ptr);
    }
}

// One element of a Postgres array literal, as JSON of the element type.
void append_array_element(std::string& out, const std::string& text, bool quoted, const TypeRef& element) {
    if (!quoted && text == "NULL") {
        out += "null";
        return;
    }
    switch (element.type) {
        case Type::Int2:
        case Type::Int4:
        case Type::Int8: out += text; return;
        case Type::Float4:
        case Type::Float8: append_number(out, std::strtod(text.c_str(), nullptr), false); return;
        case Type::Bool: out += text == "t" ? "true" : "false"; return;
        case Type::Json:
        case Type::Jsonb: out += text; return;
        default: append_json_string(out, text); return;
    }
}

// Postgres' array output ({1,2}, {{"a b",NULL}}, [0:1]={...}) as JSON arrays.
void append_array(std::string& out, const std::string& literal, const TypeRef& element) {
    size_t pos = literal.find('{');
    if (pos == std::string::npos) {
        append_json_string(out, literal);
        return;
    }
    std::string item;
    bool quoted = false, in_item = false;
    auto finish_item = [&] {
        if (in_item) append_array_element(out, item, quoted, element);
        item.clear();
        quoted = in_item = false;
    };
    for (; pos < literal.size(); ++pos) {
        char c = literal[pos];
        if (c == '{') {
            out += '[';
        } else if (c == '}') {
            finish_item();
            out += ']';
        } else if (c == ',') {
            finish_item();
            out += ',';
        } else if (c == '"') {
            quoted = in_item = true;
            for (++pos; pos < literal.size() && literal[pos] != '"'; ++pos) {
                if (literal[pos] == '\\' && pos + 1 < literal.size()) ++pos;
                item += literal[pos];
            }
        } else {
            in_item = true;
            item += c;
        }
    }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

std::string iso_date(int64_t days_since_2000) {
    if (days_since_2000 == std::numeric_limits<int32_t>::min()) return "-infinity";
    if (days_since_2000 == std::numeric_limits<int32_t>::max()) return "infinity";
    return format_date(days_since_2000);
}

std::string iso_timestamp(int64_t microseconds_since_2000, bool utc) {
    if (microseconds_since_2000 == std::numeric_limits<int64_t>::min()) return "-infinity";
    if (microseconds_since_2000 == std::numeric_limits<int64_t>::max()) return "infinity";
    DayAndTime split = split_timestamp(microseconds_since_2000);
    std::string result = format_date(split.days) + "T" + time_of_day(split.time);
    return utc ? result + "Z" : result;
}

std::string base64(std::string_view bytes) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t group = static_cast<uint8_t>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) group |= static_cast<uint8_t>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) group |= static_cast<uint8_t>(bytes[i + 2]);
        out += alphabet[(group >> 18) & 63];
        out += alphabet[(group >> 12) & 63];
        out += i + 1 < bytes.size() ? alphabet[(group >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? alphabet[group & 63] : '=';
    }
    return out;
}

void append_json_value(std::string& out, const Value& value, const TypeRef& type) {
    if (is_null(value)) {
        out += "null";
        return;
    }
    switch (type.type) {
        case Type::Bool: out += std::get<bool>(value) ? "true" : "false"; return;
        case Type::Int2:
        case Type::Int4:
        case Type::Int8: out += std::to_string(std::get<int64_t>(value)); return;
        case Type::Float4:
        case Type::Float8: append_number(out, std::get<double>(value), type.type == Type::Float4); return;
        case Type::Numeric: append_json_string(out, numeric_to_string(std::get<Numeric>(value))); return;
        case Type::Date: append_json_string(out, iso_date(std::get<int64_t>(value))); return;
        case Type::Timestamp:
        case Type::TimestampTz:
            append_json_string(out, iso_timestamp(std::get<int64_t>(value), type.type == Type::TimestampTz));
            return;
        case Type::Interval: append_json_string(out, iso_interval(std::get<Interval>(value))); return;
        case Type::Json:
        case Type::Jsonb: out += std::get<std::string>(value); return;
        case Type::Bytea: append_json_string(out, base64(std::get<std::string>(value))); return;
        default: break;
    }
    const std::string& text = std::get<std::string>(value);
    if (type.name.size() > 1 && type.name[0] == '_') {
        TypeRef element{type_from_name(type.name.substr(1)), type.name.substr(1), -1};
        append_array(out, text, element);
    } else {
        append_json_string(out, text);
    }
}

}  // namespace cdc::sink
