// Calendar arithmetic for the maintainer's dates and timestamps (days and
// microseconds since 2000-01-01, as Postgres stores them): proleptic
// Gregorian conversions, Postgres' ISO text forms and their parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cdc {

constexpr int64_t microseconds_per_second = 1000000;
constexpr int64_t microseconds_per_day = 86400 * microseconds_per_second;
constexpr int64_t days_1970_to_2000 = 10957;

// Years are astronomical: 0 is 1 BC, -1 is 2 BC.
struct CivilDate {
    int64_t year;
    unsigned month;  // 1..12
    unsigned day;    // 1..31
};

CivilDate civil_from_days(int64_t days_since_2000);
int64_t days_from_civil(const CivilDate& date);
bool is_valid_civil(const CivilDate& date);

// A finite timestamp split into its day and the microseconds into that day.
struct DayAndTime {
    int64_t days;
    int64_t time;  // 0 <= time < microseconds_per_day
};
DayAndTime split_timestamp(int64_t microseconds_since_2000);

bool is_infinite_date(int64_t days);
bool is_infinite_timestamp(int64_t microseconds);

// Postgres' output with DateStyle ISO: "2020-01-31", "0001-12-31 BC",
// "2020-01-31 10:00:00.5", timestamptz in UTC with "+00", "infinity".
std::string postgres_date(int64_t days_since_2000);
std::string postgres_timestamp(int64_t microseconds_since_2000, bool with_zone);
// "HH:MM:SS[.ffffff]", trailing fractional zeros dropped, as Postgres prints.
std::string time_of_day(int64_t microseconds_of_day);

// Parses the ISO forms above (and "T" between date and time, a numeric zone
// offset for timestamptz); nullopt when the text is not such a form.
// Throws std::out_of_range for a well-formed but impossible date.
std::optional<int64_t> parse_postgres_date(std::string_view text);
std::optional<int64_t> parse_postgres_timestamp(std::string_view text, bool with_zone);

}  // namespace cdc
