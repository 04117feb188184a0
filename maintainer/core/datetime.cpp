#include "core/datetime.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace cdc {

// H. Hinnant's algorithms, shifted from 1970 to Postgres' 2000 epoch.
CivilDate civil_from_days(int64_t days_since_2000) {
    int64_t days = days_since_2000 + days_1970_to_2000 + 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    auto day_of_era = static_cast<unsigned>(days - era * 146097);
    unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    unsigned shifted_month = (5 * day_of_year + 2) / 153;
    CivilDate date;
    date.day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    date.month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    date.year = static_cast<int64_t>(year_of_era) + era * 400 + (date.month <= 2);
    return date;
}

int64_t days_from_civil(const CivilDate& date) {
    int64_t year = date.year - (date.month <= 2);
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    auto year_of_era = static_cast<unsigned>(year - era * 400);
    unsigned day_of_year = (153 * (date.month > 2 ? date.month - 3 : date.month + 9) + 2) / 5 + date.day - 1;
    unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<int64_t>(day_of_era) - 719468 - days_1970_to_2000;
}

bool is_valid_civil(const CivilDate& date) {
    if (date.month < 1 || date.month > 12 || date.day < 1) return false;
    CivilDate first{date.year, date.month, 1};
    CivilDate next = date.month == 12 ? CivilDate{date.year + 1, 1, 1} : CivilDate{date.year, date.month + 1, 1};
    return date.day <= days_from_civil(next) - days_from_civil(first);
}

DayAndTime split_timestamp(int64_t microseconds_since_2000) {
    int64_t days = microseconds_since_2000 / microseconds_per_day;
    int64_t time = microseconds_since_2000 % microseconds_per_day;
    if (time < 0) {
        time += microseconds_per_day;
        --days;
    }
    return {days, time};
}

bool is_infinite_date(int64_t days) {
    return days == std::numeric_limits<int32_t>::min() || days == std::numeric_limits<int32_t>::max();
}

bool is_infinite_timestamp(int64_t microseconds) {
    return microseconds == std::numeric_limits<int64_t>::min() || microseconds == std::numeric_limits<int64_t>::max();
}

namespace {

// "YYYY-MM-DD" of a civil date, with Postgres' year numbering (no year 0).
std::string date_digits(const CivilDate& date) {
    int64_t year = date.year > 0 ? date.year : 1 - date.year;
    char text[40];
    std::snprintf(text, sizeof(text), "%04lld-%02u-%02u", static_cast<long long>(year), date.month, date.day);
    return text;
}

const char* bc_suffix(const CivilDate& date) { return date.year > 0 ? "" : " BC"; }

}  // namespace

std::string postgres_date(int64_t days_since_2000) {
    if (days_since_2000 == std::numeric_limits<int32_t>::min()) return "-infinity";
    if (days_since_2000 == std::numeric_limits<int32_t>::max()) return "infinity";
    CivilDate date = civil_from_days(days_since_2000);
    return date_digits(date) + bc_suffix(date);
}

std::string time_of_day(int64_t microseconds_of_day) {
    int64_t seconds = microseconds_of_day / microseconds_per_second;
    int64_t fraction = microseconds_of_day % microseconds_per_second;
    char text[32];
    std::snprintf(text, sizeof(text), "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    std::string result = text;
    if (fraction != 0) {
        std::snprintf(text, sizeof(text), ".%06lld", static_cast<long long>(fraction));
        std::string digits = text;
        while (digits.back() == '0') digits.pop_back();
        result += digits;
    }
    return result;
}

std::string postgres_timestamp(int64_t microseconds_since_2000, bool with_zone) {
    if (microseconds_since_2000 == std::numeric_limits<int64_t>::min()) return "-infinity";
    if (microseconds_since_2000 == std::numeric_limits<int64_t>::max()) return "infinity";
    DayAndTime split = split_timestamp(microseconds_since_2000);
    CivilDate date = civil_from_days(split.days);
    std::string result = date_digits(date) + " " + time_of_day(split.time);
    if (with_zone) result += "+00";
    return result + bc_suffix(date);
}

namespace {

// A cursor over the text being parsed.
struct Scanner {
    std::string_view text;
    size_t pos = 0;

    bool at_end() const { return pos == text.size(); }
    bool accept(char c) {
        if (pos < text.size() && text[pos] == c) return ++pos, true;
        return false;
    }
    void skip_spaces() {
        while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    }
    // Up to max_digits decimal digits; nullopt if there are none.
    std::optional<int64_t> number(size_t max_digits = 9) {
        size_t start = pos;
        int64_t value = 0;
        while (pos < text.size() && pos - start < max_digits && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            value = value * 10 + (text[pos++] - '0');
        }
        if (pos == start) return std::nullopt;
        return value;
    }
    bool accept_word(std::string_view word) {
        if (text.size() - pos < word.size()) return false;
        for (size_t i = 0; i < word.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
        }
        pos += word.size();
        return true;
    }
};

std::optional<CivilDate> scan_date(Scanner& in) {
    auto year = in.number();
    if (!year || !in.accept('-')) return std::nullopt;
    auto month = in.number(2);
    if (!month || !in.accept('-')) return std::nullopt;
    auto day = in.number(2);
    if (!day) return std::nullopt;
    return CivilDate{*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)};
}

// Microseconds into the day of "HH:MM[:SS[.ffffff]]", rounding extra digits.
std::optional<int64_t> scan_time(Scanner& in) {
    auto hour = in.number(2);
    if (!hour || !in.accept(':')) return std::nullopt;
    auto minute = in.number(2);
    if (!minute) return std::nullopt;
    int64_t second = 0, fraction = 0;
    if (in.accept(':')) {
        auto value = in.number(2);
        if (!value) return std::nullopt;
        second = *value;
        if (in.accept('.')) {
            // ParseFractionalSecond: rint(strtod(".ddd") * 1e6), float rounding included
            std::string digits = "0.";
            while (!in.at_end() && std::isdigit(static_cast<unsigned char>(in.text[in.pos]))) digits += in.text[in.pos++];
            fraction = static_cast<int64_t>(std::rint(std::strtod(digits.c_str(), nullptr) * 1e6));
        }
    }
    if (*minute > 59 || second > 60 || *hour > 24 || (*hour == 24 && (*minute || second || fraction))) {
        throw std::out_of_range("date/time field value out of range");
    }
    return ((*hour * 60 + *minute) * 60 + second) * microseconds_per_second + fraction;
}

// "+HH[:MM[:SS]]", "-HH..." or "Z": seconds east of UTC.
std::optional<int64_t> scan_zone(Scanner& in) {
    if (in.accept('Z') || in.accept('z')) return 0;
    int sign = in.accept('+') ? 1 : (in.accept('-') ? -1 : 0);
    if (sign == 0) return std::nullopt;
    auto hours = in.number(2);
    if (!hours) return std::nullopt;
    int64_t seconds = *hours * 3600;
    if (in.accept(':')) {
        auto minutes = in.number(2);
        if (!minutes) return std::nullopt;
        seconds += *minutes * 60;
        if (in.accept(':')) {
            auto secs = in.number(2);
            if (!secs) return std::nullopt;
            seconds += *secs;
        }
    }
    return sign * seconds;
}

// The optional era suffix; turns a year of the era into an astronomical one.
std::optional<int64_t> days_with_era(Scanner& in, CivilDate date) {
    in.skip_spaces();
    if (date.year == 0) throw std::out_of_range("date/time field value out of range");
    if (in.accept_word("bc")) {
        date.year = 1 - date.year;
    } else {
        in.accept_word("ad");
    }
    in.skip_spaces();
    if (!in.at_end()) return std::nullopt;
    if (!is_valid_civil(date)) throw std::out_of_range("date/time field value out of range");
    return days_from_civil(date);
}

std::optional<int64_t> special_value(std::string_view text, int64_t minus, int64_t plus) {
    Scanner in{text};
    in.skip_spaces();
    bool negative = in.accept('-');
    if (!negative) in.accept('+');
    if (!in.accept_word("infinity")) return std::nullopt;
    in.skip_spaces();
    if (!in.at_end()) return std::nullopt;
    return negative ? minus : plus;
}

}  // namespace

std::optional<int64_t> parse_postgres_date(std::string_view text) {
    if (auto special = special_value(text, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max())) {
        return special;
    }
    Scanner in{text};
    in.skip_spaces();
    auto date = scan_date(in);
    if (!date) return std::nullopt;
    return days_with_era(in, *date);
}

std::optional<int64_t> parse_postgres_timestamp(std::string_view text, bool with_zone) {
    if (auto special = special_value(text, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max())) {
        return special;
    }
    Scanner in{text};
    in.skip_spaces();
    auto date = scan_date(in);
    if (!date) return std::nullopt;
    int64_t time = 0, zone = 0;
    size_t after_date = in.pos;
    bool separated = in.accept('T') || in.accept('t') || in.accept(' ');
    in.skip_spaces();
    auto scanned = separated ? scan_time(in) : std::nullopt;
    if (scanned) {
        time = *scanned;
        in.skip_spaces();
        size_t before_zone = in.pos;
        auto scanned_zone = with_zone ? scan_zone(in) : std::nullopt;
        if (scanned_zone) zone = *scanned_zone;
        else in.pos = before_zone;
    } else {
        in.pos = after_date;  // a date alone, perhaps with its era
    }
    auto days = days_with_era(in, *date);
    if (!days) return std::nullopt;
    return *days * microseconds_per_day + time - zone * microseconds_per_second;
}

}  // namespace cdc
