#include "engine/datetime_ops.hpp"

#include "core/datetime.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <limits>

namespace cdc::engine {
namespace {

constexpr int64_t postgres_epoch_julian = 2451545;
// IS_VALID_DATE: Julian days 0 up to (not including) DATE_END_JULIAN.
constexpr int64_t first_date = -postgres_epoch_julian;
constexpr int64_t date_end = 2147483494 - postgres_epoch_julian;
// IS_VALID_TIMESTAMP: from 4714-11-24 BC up to (not including) 294277-01-01.
constexpr int64_t first_day_past_timestamps = 106751983;
constexpr int64_t min_timestamp = -postgres_epoch_julian * microseconds_per_day;
constexpr int64_t end_timestamp = first_day_past_timestamps * microseconds_per_day;

constexpr int64_t date_minus_infinity = std::numeric_limits<int32_t>::min();
constexpr int64_t date_plus_infinity = std::numeric_limits<int32_t>::max();
constexpr int64_t minus_infinity = std::numeric_limits<int64_t>::min();
constexpr int64_t plus_infinity = std::numeric_limits<int64_t>::max();

bool is_valid_timestamp(__int128 value) { return value >= min_timestamp && value < end_timestamp; }

[[noreturn]] void timestamp_out_of_range() { throw EvaluationError("timestamp out of range"); }
[[noreturn]] void interval_out_of_range() { throw EvaluationError("interval out of range"); }

// IS_VALID_JULIAN: from 4713-11-24 BC (astronomical -4712) to 5874898-06-03.
bool is_valid_julian(int64_t year, int64_t month) {
    return (year > -4713 || (year == -4713 && month >= 11)) && (year < 5874898 || (year == 5874898 && month < 6));
}

int32_t checked_int32(__int128 value) {
    if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
        interval_out_of_range();
    }
    return static_cast<int32_t>(value);
}

unsigned days_in_month(int64_t year, unsigned month) {
    static const unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return lengths[month - 1] + (month == 2 && leap);
}

}  // namespace

int64_t date_plus_days(int64_t date, int64_t days) {
    if (date == date_minus_infinity || date == date_plus_infinity) return date;
    int64_t result = date + days;
    if (result < first_date || result >= date_end) throw EvaluationError("date out of range");
    return result;
}

int64_t date_difference(int64_t later, int64_t earlier) {
    if (is_infinite_date(later) || is_infinite_date(earlier)) throw EvaluationError("cannot subtract infinite dates");
    return later - earlier;
}

int64_t date_to_timestamp(int64_t date) {
    if (date == date_minus_infinity) return minus_infinity;
    if (date == date_plus_infinity) return plus_infinity;
    if (date >= first_day_past_timestamps) throw EvaluationError("date out of range for timestamp");
    return date * microseconds_per_day;
}

int64_t timestamp_to_date(int64_t timestamp) {
    if (timestamp == minus_infinity) return date_minus_infinity;
    if (timestamp == plus_infinity) return date_plus_infinity;
    return split_timestamp(timestamp).days;
}

int64_t timestamp_plus_interval(int64_t timestamp, const Interval& span) {
    if (is_infinite_timestamp(timestamp)) return timestamp;
    __int128 result = timestamp;
    if (span.month != 0) {
        // the month moves on the calendar, the day clamped to its length
        auto [days, time] = split_timestamp(timestamp);
        CivilDate date = civil_from_days(days);
        int64_t months = date.year * 12 + (date.month - 1) + span.month;
        int64_t year = months >= 0 ? months / 12 : -((11 - months) / 12);
        auto month = static_cast<unsigned>(months - year * 12 + 1);
        if (!is_valid_julian(year, month)) timestamp_out_of_range();
        unsigned day = std::min(date.day, days_in_month(year, month));
        result = static_cast<__int128>(days_from_civil({year, month, day})) * microseconds_per_day + time;
        if (!is_valid_timestamp(result)) timestamp_out_of_range();
    }
    if (span.day != 0) {
        auto [days, time] = split_timestamp(static_cast<int64_t>(result));
        int64_t julian = days + postgres_epoch_julian + span.day;
        CivilDate date = civil_from_days(julian - postgres_epoch_julian);
        if (julian < 0 || !is_valid_julian(date.year, date.month)) timestamp_out_of_range();
        result = static_cast<__int128>(julian - postgres_epoch_julian) * microseconds_per_day + time;
        if (!is_valid_timestamp(result)) timestamp_out_of_range();
    }
    result += span.time;
    if (!is_valid_timestamp(result)) timestamp_out_of_range();
    return static_cast<int64_t>(result);
}

Interval negated(const Interval& span) {
    if (span.time == std::numeric_limits<int64_t>::min()) interval_out_of_range();
    return {-span.time, checked_int32(-static_cast<int64_t>(span.day)),
            checked_int32(-static_cast<int64_t>(span.month))};
}

Interval interval_plus(const Interval& a, const Interval& b) {
    __int128 time = static_cast<__int128>(a.time) + b.time;
    if (time < std::numeric_limits<int64_t>::min() || time > std::numeric_limits<int64_t>::max()) {
        interval_out_of_range();
    }
    return {static_cast<int64_t>(time), checked_int32(static_cast<int64_t>(a.day) + b.day),
            checked_int32(static_cast<int64_t>(a.month) + b.month)};
}

Interval timestamp_difference(int64_t a, int64_t b) {
    if (is_infinite_timestamp(a) || is_infinite_timestamp(b)) {
        throw EvaluationError("cannot subtract infinite timestamps");
    }
    // interval_justify_hours of the microseconds between them (which wrap,
    // as in Postgres 15, only between the two ends of the timestamp range)
    auto time = static_cast<int64_t>(static_cast<__int128>(a) - b);
    Interval result{time % microseconds_per_day, checked_int32(time / microseconds_per_day), 0};
    if (result.day > 0 && result.time < 0) {
        result.time += microseconds_per_day;
        --result.day;
    } else if (result.day < 0 && result.time > 0) {
        result.time -= microseconds_per_day;
        ++result.day;
    }
    return result;
}

namespace {

// A timestamp's calendar fields, as timestamp2tm gives them.
struct Fields {
    int64_t year, month, day, hour, minute, second, microsecond;
};

// timestamp2tm at utc_offset: +infinity is a (far) date too, shifted like
// any other; -infinity precedes Julian day 0.
Fields fields_of(int64_t timestamp, int64_t utc_offset) {
    if (timestamp == minus_infinity) timestamp_out_of_range();
    __int128 local = static_cast<__int128>(timestamp) + utc_offset * microseconds_per_second;
    auto days = static_cast<int64_t>(local / microseconds_per_day);
    auto time = static_cast<int64_t>(local % microseconds_per_day);
    if (time < 0) time += microseconds_per_day, --days;
    CivilDate date = civil_from_days(days);
    int64_t seconds = time / microseconds_per_second;
    return {date.year, date.month, date.day, seconds / 3600, seconds / 60 % 60, seconds % 60,
            time % microseconds_per_second};
}

}  // namespace

Interval timestamp_age(int64_t a, int64_t b, int64_t utc_offset) {
    Fields first = fields_of(a, utc_offset), second = fields_of(b, utc_offset);
    // the field-by-field difference, made non-negative, borrowing from the
    // next larger field; a borrowed month has the length of a's month when
    // a < b, else of b's (timestamp_age)
    int sign = a < b ? -1 : 1;
    Fields d{sign * (first.year - second.year),     sign * (first.month - second.month),
             sign * (first.day - second.day),       sign * (first.hour - second.hour),
             sign * (first.minute - second.minute), sign * (first.second - second.second),
             sign * (first.microsecond - second.microsecond)};
    const Fields& month_of = a < b ? first : second;
    while (d.microsecond < 0) d.microsecond += microseconds_per_second, --d.second;
    while (d.second < 0) d.second += 60, --d.minute;
    while (d.minute < 0) d.minute += 60, --d.hour;
    while (d.hour < 0) d.hour += 24, --d.day;
    while (d.day < 0) d.day += days_in_month(month_of.year, static_cast<unsigned>(month_of.month)), --d.month;
    while (d.month < 0) d.month += 12, --d.year;
    __int128 months = static_cast<__int128>(d.year) * 12 + d.month;
    __int128 time = ((static_cast<__int128>(d.hour) * 60 + d.minute) * 60 + d.second) * microseconds_per_second +
                    d.microsecond;
    return {static_cast<int64_t>(sign * time), checked_int32(sign * static_cast<__int128>(d.day)),
            checked_int32(sign * months)};
}

int64_t make_date(int64_t year, int64_t month, int64_t day) {
    // a negative year is BC: -1 is 1 BC, astronomical year 0, which the
    // messages show
    int64_t astronomical = year < 0 ? year + 1 : year;
    auto two_digits = [](int64_t n) { return (n >= 0 && n < 10 ? "0" : "") + std::to_string(n); };
    std::string fields = std::to_string(astronomical) + "-" + two_digits(month) + "-" + two_digits(day);
    if (year == 0 || month < 1 || month > 12 || day < 1 ||
        (std::abs(year) < 100000000 && day > days_in_month(astronomical, static_cast<unsigned>(month)))) {
        throw EvaluationError("date field value out of range: " + fields);
    }
    if (!is_valid_julian(astronomical, month)) throw EvaluationError("date out of range: " + fields);
    int64_t date = days_from_civil({astronomical, static_cast<unsigned>(month), static_cast<unsigned>(day)});
    if (date < first_date || date >= date_end) throw EvaluationError("date out of range: " + fields);
    return date;
}

namespace {

// TSROUND: to microseconds' precision.
double ts_round(double value) { return std::rint(value * 1000000.0) / 1000000.0; }

constexpr double seconds_per_day = 86400.0;

// The rest of interval_mul and interval_div once months and days are
// scaled: fractions of months cascade into days, of days into seconds.
Interval cascade(const Interval& span, double months, double days, double time) {
    if (std::isnan(months) || months > std::numeric_limits<int32_t>::max() ||
        months < std::numeric_limits<int32_t>::min() || std::isnan(days) ||
        days > std::numeric_limits<int32_t>::max() || days < std::numeric_limits<int32_t>::min()) {
        interval_out_of_range();
    }
    Interval result{0, static_cast<int32_t>(days), static_cast<int32_t>(months)};
    double month_remainder_days = ts_round((months - result.month) * 30.0);
    double sec_remainder =
        ts_round((days - result.day + month_remainder_days - static_cast<int32_t>(month_remainder_days)) *
                 seconds_per_day);
    if (std::fabs(sec_remainder) >= seconds_per_day) {
        result.day += static_cast<int32_t>(sec_remainder / seconds_per_day);
        sec_remainder -= static_cast<int32_t>(sec_remainder / seconds_per_day) * seconds_per_day;
    }
    result.day += static_cast<int32_t>(month_remainder_days);
    double microseconds = std::rint(time + sec_remainder * 1000000.0);
    // FLOAT8_FITS_IN_INT64
    if (std::isnan(microseconds) || microseconds < -9223372036854775808.0 || microseconds >= 9223372036854775808.0) {
        interval_out_of_range();
    }
    result.time = static_cast<int64_t>(microseconds);
    return result;
}

}  // namespace

Interval interval_times(const Interval& span, double factor) {
    return cascade(span, span.month * factor, span.day * factor, static_cast<double>(span.time) * factor);
}

Interval interval_divided(const Interval& span, double factor) {
    if (factor == 0.0) throw EvaluationError("division by zero");
    return cascade(span, span.month / factor, span.day / factor, static_cast<double>(span.time) / factor);
}

int compare_date_timestamp(int64_t date, int64_t timestamp) {
    if (date != date_plus_infinity && date >= first_day_past_timestamps) return timestamp == plus_infinity ? -1 : 1;
    int64_t as_timestamp = date_to_timestamp(date);
    return as_timestamp < timestamp ? -1 : (as_timestamp > timestamp ? 1 : 0);
}

int64_t local_time(int64_t instant, int64_t utc_offset) {
    if (is_infinite_timestamp(instant)) return instant;
    __int128 local = static_cast<__int128>(instant) + utc_offset * microseconds_per_second;
    if (!is_valid_timestamp(local)) timestamp_out_of_range();
    return static_cast<int64_t>(local);
}

int64_t instant_of_local(int64_t local, int64_t utc_offset) {
    if (is_infinite_timestamp(local)) return local;
    __int128 instant = static_cast<__int128>(local) - utc_offset * microseconds_per_second;
    if (!is_valid_timestamp(instant)) timestamp_out_of_range();
    return static_cast<int64_t>(instant);
}

}  // namespace cdc::engine
