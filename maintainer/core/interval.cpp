#include "core/interval.hpp"

#include "core/datetime.hpp"

#include <cctype>
#include <cstdlib>
#include <limits>

namespace cdc {
namespace {

constexpr int64_t microseconds_per_hour = 3600 * microseconds_per_second;
constexpr int64_t microseconds_per_minute = 60 * microseconds_per_second;
constexpr __int128 microseconds_per_month = 30 * static_cast<__int128>(microseconds_per_day);

}  // namespace

__int128 interval_span(const Interval& value) {
    return value.month * microseconds_per_month + static_cast<__int128>(value.day) * microseconds_per_day +
           value.time;
}

int compare_interval(const Interval& a, const Interval& b) {
    __int128 left = interval_span(a), right = interval_span(b);
    return left < right ? -1 : (left > right ? 1 : 0);
}

size_t hash_interval(const Interval& value) {
    __int128 span = interval_span(value);
    auto low = static_cast<uint64_t>(span);
    auto high = static_cast<uint64_t>(span >> 64);
    return std::hash<uint64_t>()(low) ^ (std::hash<uint64_t>()(high) * 0x9e3779b97f4a7c15ULL);
}

Interval canonical_interval(const Interval& value) {
    __int128 span = interval_span(value);
    Interval result;
    result.month = static_cast<int32_t>(span / microseconds_per_month);
    span %= microseconds_per_month;
    result.day = static_cast<int32_t>(span / microseconds_per_day);
    result.time = static_cast<int64_t>(span % microseconds_per_day);
    return result;
}

namespace {

// AddISO8601IntPart: "<n><unit>" unless n is 0.
void add_part(std::string& out, int64_t n, char unit) {
    if (n == 0) return;
    out += std::to_string(n);
    out += unit;
}

}  // namespace

std::string iso_interval(const Interval& value) {
    // interval2itm: years and months of the month count, hours, minutes and
    // seconds of the microseconds, each truncated toward zero
    int64_t years = value.month / 12, months = value.month % 12;
    int64_t hours = value.time / microseconds_per_hour;
    int64_t rest = value.time % microseconds_per_hour;
    int64_t minutes = rest / microseconds_per_minute;
    rest %= microseconds_per_minute;
    int64_t seconds = rest / microseconds_per_second, fraction = rest % microseconds_per_second;
    if (value.month == 0 && value.day == 0 && value.time == 0) return "PT0S";
    std::string out = "P";
    add_part(out, years, 'Y');
    add_part(out, months, 'M');
    add_part(out, value.day, 'D');
    if (value.time != 0) out += 'T';
    add_part(out, hours, 'H');
    add_part(out, minutes, 'M');
    if (seconds != 0 || fraction != 0) {
        if (seconds < 0 || fraction < 0) out += '-';
        out += std::to_string(std::llabs(seconds));
        if (fraction != 0) out += time_of_day(std::llabs(fraction)).substr(8);  // ".ffffff", zeros dropped
        out += 'S';
    }
    return out;
}

namespace {

// One "<-><digits>[.<digits>]<unit>" part; the fraction only for seconds.
struct Part {
    int64_t whole = 0;
    int64_t microseconds = 0;  // the fraction, for seconds
    char unit = 0;
};

std::optional<Part> scan_part(std::string_view text, size_t& at) {
    Part part;
    bool negative = at < text.size() && text[at] == '-';
    if (negative) ++at;
    size_t start = at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
        if (part.whole > (std::numeric_limits<int64_t>::max() - 9) / 10) return std::nullopt;
        part.whole = part.whole * 10 + (text[at++] - '0');
    }
    if (at == start) return std::nullopt;
    if (at < text.size() && text[at] == '.') {
        int64_t scale = microseconds_per_second;
        for (++at; at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])); ++at) {
            scale /= 10;
            if (scale == 0) return std::nullopt;  // more than microseconds
            part.microseconds += (text[at] - '0') * scale;
        }
    }
    if (at == text.size()) return std::nullopt;
    part.unit = text[at++];
    if (negative) {
        part.whole = -part.whole;
        part.microseconds = -part.microseconds;
    }
    return part;
}

bool fits_int32(int64_t value) {
    return value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max();
}

}  // namespace

std::optional<Interval> parse_iso_interval(std::string_view text) {
    if (text.empty() || text[0] != 'P') return std::nullopt;
    int64_t months = 0, days = 0;
    __int128 time = 0;
    bool in_time = false;
    for (size_t at = 1; at < text.size();) {
        if (!in_time && text[at] == 'T') {
            in_time = true;
            ++at;
            continue;
        }
        auto part = scan_part(text, at);
        if (!part || (part->microseconds != 0 && part->unit != 'S')) return std::nullopt;
        switch (in_time ? part->unit | 0x100 : part->unit) {
            case 'Y': months += part->whole * 12; break;
            case 'M': months += part->whole; break;
            case 'D': days += part->whole; break;
            case 'H' | 0x100: time += static_cast<__int128>(part->whole) * microseconds_per_hour; break;
            case 'M' | 0x100: time += static_cast<__int128>(part->whole) * microseconds_per_minute; break;
            case 'S' | 0x100:
                time += static_cast<__int128>(part->whole) * microseconds_per_second + part->microseconds;
                break;
            default: return std::nullopt;
        }
        if (!fits_int32(months) || !fits_int32(days)) return std::nullopt;
    }
    if (time > std::numeric_limits<int64_t>::max() || time < std::numeric_limits<int64_t>::min()) return std::nullopt;
    return Interval{static_cast<int64_t>(time), static_cast<int32_t>(days), static_cast<int32_t>(months)};
}

}  // namespace cdc
