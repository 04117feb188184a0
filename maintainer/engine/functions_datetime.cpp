// date_trunc(unit, timestamp or timestamptz), extract(field FROM date,
// timestamp, timestamptz or interval) (numeric, Postgres 14+) and
// date_part(field, ...) (float8), as timestamp_trunc, timestamptz_trunc,
// timestamp_part_common, extract_date and interval_part_common compute them.
// A timestamptz's fields are those of its local time at the view's UTC
// offset (its epoch is the instant's).
#include "engine/expr_internal.hpp"
#include "engine/numeric_ops.hpp"

#include "core/datetime.hpp"
#include "engine/datetime_ops.hpp"
#include "plan/json_fields.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

namespace cdc::engine {
namespace {

enum class Field {
    Microseconds, Milliseconds, Second, Minute, Hour, Day, Week, Month, Quarter, Year, Decade, Century,
    Millennium, Epoch, Dow, Isodow, Doy, Isoyear, Julian, Timezone, TimezoneHour, TimezoneMinute,
};

// What a date/time function is applied to.
enum class Subject { Date, Timestamp, TimestampTz, Interval };

const char* subject_name(Subject subject) {
    switch (subject) {
        case Subject::Date: return "date";
        case Subject::Timestamp: return "timestamp without time zone";
        case Subject::TimestampTz: return "timestamp with time zone";
        default: return "interval";
    }
}

constexpr int64_t postgres_epoch_julian_day = 2451545;  // date2j(2000, 1, 1)
constexpr int64_t microseconds_1970_to_2000 = days_1970_to_2000 * microseconds_per_day;

// The spellings Postgres' DecodeUnits and DecodeSpecial accept.
std::optional<Field> parse_field(const std::string& text) {
    static const std::unordered_map<std::string, Field> names = {
        {"microsecond", Field::Microseconds}, {"microseconds", Field::Microseconds}, {"us", Field::Microseconds},
        {"usec", Field::Microseconds},        {"usecs", Field::Microseconds},        {"millisecond", Field::Milliseconds},
        {"milliseconds", Field::Milliseconds}, {"ms", Field::Milliseconds},          {"msec", Field::Milliseconds},
        {"msecs", Field::Milliseconds},       {"second", Field::Second},             {"seconds", Field::Second},
        {"s", Field::Second},                 {"sec", Field::Second},                {"secs", Field::Second},
        {"minute", Field::Minute},            {"minutes", Field::Minute},            {"m", Field::Minute},
        {"min", Field::Minute},               {"mins", Field::Minute},               {"hour", Field::Hour},
        {"hours", Field::Hour},               {"h", Field::Hour},                    {"hr", Field::Hour},
        {"hrs", Field::Hour},                 {"day", Field::Day},                   {"days", Field::Day},
        {"d", Field::Day},                    {"week", Field::Week},                 {"weeks", Field::Week},
        {"w", Field::Week},                   {"month", Field::Month},               {"months", Field::Month},
        {"mon", Field::Month},                {"mons", Field::Month},                {"quarter", Field::Quarter},
        {"qtr", Field::Quarter},              {"year", Field::Year},                 {"years", Field::Year},
        {"y", Field::Year},                   {"yr", Field::Year},                   {"yrs", Field::Year},
        {"decade", Field::Decade},            {"decades", Field::Decade},            {"dec", Field::Decade},
        {"decs", Field::Decade},              {"century", Field::Century},           {"centuries", Field::Century},
        {"c", Field::Century},                {"cent", Field::Century},              {"millennium", Field::Millennium},
        {"millennia", Field::Millennium},     {"mil", Field::Millennium},            {"mils", Field::Millennium},
        {"epoch", Field::Epoch},              {"dow", Field::Dow},                   {"isodow", Field::Isodow},
        {"doy", Field::Doy},                  {"isoyear", Field::Isoyear},           {"julian", Field::Julian},
        {"j", Field::Julian},                 {"jd", Field::Julian},                 {"timezone", Field::Timezone},
        {"timezone_hour", Field::TimezoneHour}, {"timezone_minute", Field::TimezoneMinute},
        {"timezone_m", Field::TimezoneMinute}, {"timezone_h", Field::TimezoneHour},
    };
    std::string lowered;
    for (char c : text) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto found = names.find(lowered);
    if (found == names.end()) return std::nullopt;
    return found->second;
}

[[noreturn]] void unit_error(const std::string& unit, const char* problem, Subject subject) {
    throw EvaluationError("unit \"" + unit + "\" " + problem + " for type " + subject_name(subject));
}

// Monday-based day of the week, 0..6 (2000-01-01 was a Saturday).
int64_t days_since_monday(int64_t days) { return ((days + 5) % 7 + 7) % 7; }

// The first year of the decade, century or millennium holding year, as
// timestamp_trunc numbers them (astronomical years, no year 0 in centuries).
int64_t period_start(Field field, int64_t year) {
    switch (field) {
        case Field::Decade: return year > 0 ? year / 10 * 10 : -((8 - (year - 1)) / 10) * 10;
        case Field::Century: return year > 0 ? (year + 99) / 100 * 100 - 99 : -((99 - (year - 1)) / 100) * 100 + 1;
        default: return year > 0 ? (year + 999) / 1000 * 1000 - 999 : -((999 - (year - 1)) / 1000) * 1000 + 1;
    }
}

int64_t truncate_timestamp(const std::string& unit, int64_t timestamp, Subject subject) {
    if (is_infinite_timestamp(timestamp)) return timestamp;  // whatever the unit
    std::optional<Field> field = parse_field(unit);
    if (!field || *field > Field::Millennium) unit_error(unit, "not recognized", subject);
    auto [days, time] = split_timestamp(timestamp);
    auto keep_multiple_of = [&, days = days, time = time](int64_t unit_length) {
        return days * microseconds_per_day + time - time % unit_length;
    };
    CivilDate date = civil_from_days(days);
    switch (*field) {
        case Field::Microseconds: return timestamp;
        case Field::Milliseconds: return keep_multiple_of(1000);
        case Field::Second: return keep_multiple_of(microseconds_per_second);
        case Field::Minute: return keep_multiple_of(60 * microseconds_per_second);
        case Field::Hour: return keep_multiple_of(3600 * microseconds_per_second);
        case Field::Day: return keep_multiple_of(microseconds_per_day);
        case Field::Week: return (days - days_since_monday(days)) * microseconds_per_day;
        case Field::Month: date.day = 1; break;
        case Field::Quarter: date = {date.year, (date.month - 1) / 3 * 3 + 1, 1}; break;
        case Field::Year: date = {date.year, 1, 1}; break;
        default: date = {period_start(*field, date.year), 1, 1}; break;
    }
    return days_from_civil(date) * microseconds_per_day;
}

// ISO 8601 week-numbering year and week: those of the week's Thursday.
struct IsoWeek {
    int64_t year, week;
};

IsoWeek iso_week(int64_t days) {
    int64_t thursday = days - days_since_monday(days) + 3;
    int64_t year = civil_from_days(thursday).year;
    return {year, (thursday - days_from_civil({year, 1, 1})) / 7 + 1};
}

// Years have no 0 in extract's answers: 1 BC is -1.
int64_t without_year_zero(int64_t year) { return year > 0 ? year : year - 1; }

// The fields whose value is a whole number, for a date or a timestamp's day.
int64_t calendar_field(Field field, int64_t days) {
    CivilDate date = civil_from_days(days);
    switch (field) {
        case Field::Day: return date.day;
        case Field::Week: return iso_week(days).week;
        case Field::Month: return date.month;
        case Field::Quarter: return (date.month - 1) / 3 + 1;
        case Field::Year: return without_year_zero(date.year);
        case Field::Decade: return date.year >= 0 ? date.year / 10 : -((8 - (date.year - 1)) / 10);
        case Field::Century: return date.year > 0 ? (date.year + 99) / 100 : -((99 - (date.year - 1)) / 100);
        case Field::Millennium: return date.year > 0 ? (date.year + 999) / 1000 : -((999 - (date.year - 1)) / 1000);
        case Field::Dow: return (days_since_monday(days) + 1) % 7;
        case Field::Isodow: return days_since_monday(days) + 1;
        case Field::Doy: return days - days_from_civil({date.year, 1, 1}) + 1;
        case Field::Isoyear: return without_year_zero(iso_week(days).year);
        default: return days + postgres_epoch_julian_day;  // Julian
    }
}

// Fields that a non-finite value answers with an infinity; the others give NULL.
bool grows_without_bound(Field field) {
    return field == Field::Year || field == Field::Decade || field == Field::Century || field == Field::Millennium ||
           field == Field::Isoyear || field == Field::Julian || field == Field::Epoch;
}

bool is_time_of_day(Field field) { return field <= Field::Hour || field >= Field::Timezone; }

Numeric scaled(int64_t unscaled, int32_t scale) { return Numeric{Numeric::Kind::Finite, BigInt(unscaled), scale}; }

// extract(): the value as numeric with Postgres' scales.
Numeric numeric_field(Field field, int64_t days, int64_t time, bool is_date) {
    int64_t second_micros = time % (60 * microseconds_per_second);
    switch (field) {
        case Field::Microseconds: return scaled(second_micros, 0);
        case Field::Milliseconds: return scaled(second_micros, 3);
        case Field::Second: return scaled(second_micros, 6);
        case Field::Minute: return scaled(time / (60 * microseconds_per_second) % 60, 0);
        case Field::Hour: return scaled(time / (3600 * microseconds_per_second), 0);
        case Field::Epoch:
            if (is_date) return scaled((days + days_1970_to_2000) * 86400, 0);
            return scaled(days * microseconds_per_day + time + microseconds_1970_to_2000, 6);
        case Field::Julian:
            if (is_date) return scaled(calendar_field(field, days), 0);
            return numeric_add(numeric_from_int(calendar_field(field, days)),
                               numeric_div(numeric_from_int(time), numeric_from_int(microseconds_per_day)));
        default: return scaled(calendar_field(field, days), 0);
    }
}

// date_part(): the float8 arithmetic of timestamp_part_common.
double float_field(Field field, int64_t days, int64_t time) {
    int64_t seconds = time / microseconds_per_second;  // into the day
    double fraction = static_cast<double>(time % microseconds_per_second);
    switch (field) {
        case Field::Milliseconds: return static_cast<double>(seconds % 60) * 1000.0 + fraction / 1000.0;
        case Field::Second: return static_cast<double>(seconds % 60) + fraction / 1000000.0;
        case Field::Epoch:
            return static_cast<double>(days * microseconds_per_day + time + microseconds_1970_to_2000) / 1000000.0;
        case Field::Julian:
            return static_cast<double>(calendar_field(field, days)) +
                   (static_cast<double>(seconds) + fraction / 1000000.0) / 86400.0;
        default:  // the remaining fields are whole numbers
            return numeric_field(field, days, time, false).unscaled.convert_to<double>();
    }
}

Value infinite_answer(Field field, bool negative, bool as_float) {
    if (!grows_without_bound(field)) return Value{};
    if (as_float) return Value{negative ? -HUGE_VAL : HUGE_VAL};
    return Value{Numeric{negative ? Numeric::Kind::NegativeInfinity : Numeric::Kind::PositiveInfinity, 0, 0}};
}

Value whole(int64_t value, bool as_float) {
    if (as_float) return Value{static_cast<double>(value)};
    return Value{scaled(value, 0)};
}

// A timestamptz's time zone fields: its offset, in seconds, hours or minutes.
Value zone_field(Field field, int64_t utc_offset, bool as_float) {
    int64_t value = field == Field::Timezone ? utc_offset
                    : field == Field::TimezoneHour ? utc_offset / 3600 : utc_offset / 60 % 60;
    return whole(value, as_float);
}

// A date, timestamp or timestamptz (at utc_offset).
Value extract_value(const std::string& unit, int64_t value, Subject subject, bool as_float, int64_t utc_offset) {
    std::optional<Field> field = parse_field(unit);
    bool is_date = subject == Subject::Date;
    if (!field) unit_error(unit, "not recognized", subject);
    // an infinite timestamp answers every field (NonFiniteTimestampTzPart),
    // an infinite date only the calendar's
    if (!is_date && is_infinite_timestamp(value)) return infinite_answer(*field, value < 0, as_float);
    if ((*field >= Field::Timezone && subject != Subject::TimestampTz) || (is_date && is_time_of_day(*field))) {
        unit_error(unit, "not supported", subject);
    }
    if (is_date && is_infinite_date(value)) return infinite_answer(*field, value < 0, as_float);
    if (*field >= Field::Timezone) return zone_field(*field, utc_offset, as_float);
    // the epoch counts from the instant, every other field from local time
    if (subject == Subject::TimestampTz && *field != Field::Epoch) value = local_time(value, utc_offset);
    DayAndTime split = is_date ? DayAndTime{value, 0} : split_timestamp(value);
    if (as_float) return Value{float_field(*field, split.days, split.time)};
    return Value{numeric_field(*field, split.days, split.time, is_date)};
}

// interval_part_common: the fields of interval2itm, the epoch counting a
// year as 365.25 days and a month as 30.
Value interval_value(const std::string& unit, const Interval& span, bool as_float) {
    std::optional<Field> field = parse_field(unit);
    if (!field) unit_error(unit, "not recognized", Subject::Interval);
    int64_t years = span.month / 12, months = span.month % 12;
    int64_t hours = span.time / (3600 * microseconds_per_second);
    int64_t minutes = span.time / (60 * microseconds_per_second) % 60;
    int64_t second_micros = span.time % (60 * microseconds_per_second);
    auto seconds = static_cast<double>(second_micros / microseconds_per_second);
    auto fraction = static_cast<double>(second_micros % microseconds_per_second);
    switch (*field) {
        case Field::Microseconds: return whole(second_micros, as_float);
        case Field::Milliseconds:
            if (as_float) return Value{seconds * 1000.0 + fraction / 1000.0};
            return Value{scaled(second_micros, 3)};
        case Field::Second:
            if (as_float) return Value{seconds + fraction / 1000000.0};
            return Value{scaled(second_micros, 6)};
        case Field::Minute: return whole(minutes, as_float);
        case Field::Hour: return whole(hours, as_float);
        case Field::Day: return whole(span.day, as_float);
        case Field::Month: return whole(months, as_float);
        case Field::Quarter: return whole(months / 3 + 1, as_float);
        case Field::Year: return whole(years, as_float);
        case Field::Decade: return whole(years / 10, as_float);
        case Field::Century: return whole(years / 100, as_float);
        case Field::Millennium: return whole(years / 1000, as_float);
        case Field::Epoch: {
            if (as_float) {
                return Value{static_cast<double>(span.time) / 1000000.0 + (365.25 * 86400) * static_cast<double>(years) +
                             (30.0 * 86400) * static_cast<double>(months) + 86400.0 * span.day};
            }
            // in quarter days, so that 365.25 days a year stay whole
            BigInt seconds = (BigInt(1461) * years + BigInt(120) * months + BigInt(4) * span.day) * (86400 / 4);
            return Value{Numeric{Numeric::Kind::Finite, seconds * microseconds_per_second + span.time, 6}};
        }
        default: unit_error(unit, "not supported", Subject::Interval);
    }
}

Subject subject_of(Type type) {
    switch (type) {
        case Type::Date: return Subject::Date;
        case Type::TimestampTz: return Subject::TimestampTz;
        case Type::Interval: return Subject::Interval;
        default: return Subject::Timestamp;
    }
}

// (text, one of the subject types); a timestamptz needs the view's offset.
Subject require_datetime_args(const FunctionCall& call, std::initializer_list<Type> allowed) {
    require_arg_count(call, 2, 2);
    Type value = call.arg_types[1].type;
    bool known = std::find(allowed.begin(), allowed.end(), value) != allowed.end();
    if (!is_text_type(call.arg_types[0].type) || !known || (value == Type::TimestampTz && !call.utc_offset)) {
        throw plan::PlanError(plan::child_path(call.path, "args"), call.fn + "(" + call.arg_types[0].name + ", " +
                                                       call.arg_types[1].name + ") is not supported");
    }
    return subject_of(value);
}

}  // namespace

Function datetime_function(const FunctionCall& call) {
    int64_t offset = call.utc_offset.value_or(0);
    if (call.fn == "date_trunc") {
        Subject subject = require_datetime_args(call, {Type::Timestamp, Type::TimestampTz});
        if (subject == Subject::TimestampTz) {
            return {[offset](std::span<const Value> args) {
                int64_t local = local_time(std::get<int64_t>(args[1]), offset);
                return Value{instant_of_local(
                    truncate_timestamp(std::get<std::string>(args[0]), local, Subject::TimestampTz), offset)};
            }};
        }
        return {[](std::span<const Value> args) {
            const std::string& unit = std::get<std::string>(args[0]);
            return Value{truncate_timestamp(unit, std::get<int64_t>(args[1]), Subject::Timestamp)};
        }};
    }
    if (call.fn != "extract" && call.fn != "date_part") return {};
    Subject subject = require_datetime_args(call, {Type::Date, Type::Timestamp, Type::TimestampTz, Type::Interval});
    bool as_float = call.fn == "date_part";
    if (subject == Subject::Interval) {
        return {[as_float](std::span<const Value> args) {
            return interval_value(std::get<std::string>(args[0]), std::get<Interval>(args[1]), as_float);
        }};
    }
    if (subject == Subject::Date && as_float) {
        // date_part(text, date) is SQL: date_part($1, $2::timestamp)
        return {[](std::span<const Value> args) {
            int64_t timestamp = date_to_timestamp(std::get<int64_t>(args[1]));
            return extract_value(std::get<std::string>(args[0]), timestamp, Subject::Timestamp, true, 0);
        }};
    }
    return {[subject, as_float, offset](std::span<const Value> args) {
        return extract_value(std::get<std::string>(args[0]), std::get<int64_t>(args[1]), subject, as_float, offset);
    }};
}

}  // namespace cdc::engine
