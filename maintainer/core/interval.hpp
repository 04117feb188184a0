// Intervals as Postgres keeps them (months, days and microseconds, each
// with its own sign, never normalised into one another) and the rules
// Postgres applies to them: interval_cmp's equality and order, where a month
// is 30 days and a day 24 hours ('1 month' = '30 days'), and the ISO 8601
// text form of IntervalStyle iso_8601.
#pragma once

#include "core/value.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cdc {

// interval_cmp_value: the interval as microseconds, a month counting 30 days.
__int128 interval_span(const Interval& value);
int compare_interval(const Interval& a, const Interval& b);  // <0, 0, >0
size_t hash_interval(const Interval& value);
// The form every interval equal to value shares: whole 30-day months, then
// whole days, then microseconds, all of one sign.
Interval canonical_interval(const Interval& value);

// "P1Y2M3DT4H5M6.5S", "P-1Y-2M", "PT0S": Postgres' output with IntervalStyle
// iso_8601.  parse_iso_interval reads that form back; nullopt for any other
// text.
std::string iso_interval(const Interval& value);
std::optional<Interval> parse_iso_interval(std::string_view text);

}  // namespace cdc
