// to_char(timestamp or timestamptz, pattern) for the patterns add_view
// accepts: the numeric fields YYYY MM DD HH24 MI SS MS US Q DDD IW IYYY,
// separated by digits, spaces and - / : . , ; (docs/plan-format.md).  Such
// patterns read no locale, so the result is what Postgres' to_char prints
// (formatting.c, DCH_to_char without FM, TH or TM); a timestamptz is
// formatted in local time at the view's offset, and an infinite value gives
// NULL.
#include "engine/datetime_ops.hpp"
#include "engine/expr_internal.hpp"

#include "core/datetime.hpp"
#include "plan/json_fields.hpp"

#include <cstdio>
#include <string_view>

namespace cdc::engine {
namespace {

enum class Token { Year, IsoYear, Hour, DayOfYear, Month, Day, Minute, Second, Milli, Micro, IsoWeek, Quarter };

// Longest first where one starts another (DDD before DD), as Postgres'
// keyword table matches them.
const std::pair<std::string_view, Token> tokens[] = {
    {"YYYY", Token::Year},     {"IYYY", Token::IsoYear}, {"HH24", Token::Hour},   {"DDD", Token::DayOfYear},
    {"MM", Token::Month},      {"DD", Token::Day},       {"MI", Token::Minute},   {"SS", Token::Second},
    {"MS", Token::Milli},      {"US", Token::Micro},     {"IW", Token::IsoWeek},  {"Q", Token::Quarter},
};

bool is_separator(char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '/' || c == ':' || c == '.' || c == ',' || c == ';';
}

std::string padded(int64_t value, int width) {
    char text[32];
    std::snprintf(text, sizeof(text), "%0*lld", width, static_cast<long long>(value));
    return text;
}

// A year as to_char prints it: of its era (44 BC is 0044), four digits up to 9999.
std::string era_year(int64_t year) { return padded(year > 0 ? year : 1 - year, 4); }

// Monday-based weekday (0..6) and the ISO week-numbering year and week.
int64_t weekday(int64_t days) { return ((days + 5) % 7 + 7) % 7; }
int64_t iso_year(int64_t days) { return civil_from_days(days - weekday(days) + 3).year; }
int64_t iso_week(int64_t days) {
    int64_t thursday = days - weekday(days) + 3;
    return (thursday - days_from_civil({civil_from_days(thursday).year, 1, 1})) / 7 + 1;
}

std::string field_text(Token token, int64_t days, int64_t time) {
    CivilDate date = civil_from_days(days);
    int64_t seconds = time / microseconds_per_second, fraction = time % microseconds_per_second;
    switch (token) {
        case Token::Year: return era_year(date.year);
        case Token::IsoYear: return era_year(iso_year(days));
        case Token::Hour: return padded(seconds / 3600, 2);
        case Token::DayOfYear: return padded(days - days_from_civil({date.year, 1, 1}) + 1, 3);
        case Token::Month: return padded(date.month, 2);
        case Token::Day: return padded(date.day, 2);
        case Token::Minute: return padded(seconds / 60 % 60, 2);
        case Token::Second: return padded(seconds % 60, 2);
        case Token::Milli: return padded(fraction / 1000, 3);
        case Token::Micro: return padded(fraction, 6);
        case Token::IsoWeek: return padded(iso_week(days), 2);
        case Token::Quarter: return std::to_string((date.month - 1) / 3 + 1);
    }
    return {};
}

Value format(int64_t local, std::string_view pattern) {
    if (is_infinite_timestamp(local)) return Value{};
    auto [days, time] = split_timestamp(local);
    std::string out;
    for (size_t at = 0; at < pattern.size();) {
        bool matched = false;
        for (const auto& [name, token] : tokens) {
            if (pattern.substr(at, name.size()) != name || pattern.substr(at, 4) == "SSSS") continue;
            out += field_text(token, days, time);
            at += name.size();
            matched = true;
            break;
        }
        if (matched) continue;
        if (!is_separator(pattern[at])) {
            throw EvaluationError("to_char pattern \"" + std::string(pattern) + "\" is not supported");
        }
        out += pattern[at++];
    }
    return Value{out};
}

}  // namespace

Function to_char_function(const FunctionCall& call) {
    if (call.fn != "to_char") return {};
    require_arg_count(call, 2, 2);
    Type value = call.arg_types[0].type;
    bool zoned = value == Type::TimestampTz;
    if ((value != Type::Timestamp && !zoned) || !is_text_type(call.arg_types[1].type) || (zoned && !call.utc_offset)) {
        throw plan::PlanError(plan::child_path(call.path, "args"),
                              "to_char(" + call.arg_types[0].name + ", " + call.arg_types[1].name + ") is not supported");
    }
    int64_t offset = call.utc_offset.value_or(0);
    return {[zoned, offset](std::span<const Value> args) {
        int64_t timestamp = std::get<int64_t>(args[0]);
        return format(zoned ? local_time(timestamp, offset) : timestamp, std::get<std::string>(args[1]));
    }};
}

}  // namespace cdc::engine
