// Date, timestamp and interval arithmetic as Postgres' date.c and
// timestamp.c compute it (date_pli, date_mi, timestamp_pl_interval,
// timestamp_mi, interval_pl, interval_mul, timestamp_age, make_date, ...),
// with their range checks and error messages (EvaluationError).
//
// timestamptz values are instants in UTC; where Postgres reads the TimeZone
// setting, a view's zone has one fixed UTC offset (utc_offset, seconds east
// of UTC; docs/plan-format.md), so its local time is the instant shifted by
// that offset.
#pragma once

#include "core/value.hpp"
#include "engine/expr.hpp"

#include <cstdint>

namespace cdc::engine {

// Dates (days since 2000-01-01) and timestamps (microseconds), with the
// infinities Postgres keeps (INT32 / INT64 min and max).
int64_t date_plus_days(int64_t date, int64_t days);       // date_pli; date_mii with -days
int64_t date_difference(int64_t later, int64_t earlier);  // date_mi
int64_t date_to_timestamp(int64_t date);                  // date_timestamp
int64_t timestamp_to_date(int64_t timestamp);             // timestamp_date
int64_t timestamp_plus_interval(int64_t timestamp, const Interval& span);  // timestamp_pl_interval
Interval negated(const Interval& span);                                  // interval_um
Interval timestamp_difference(int64_t a, int64_t b);                     // timestamp_mi
// timestamp_age; timestamptz_age: of the local times at utc_offset
Interval timestamp_age(int64_t a, int64_t b, int64_t utc_offset = 0);
int64_t make_date(int64_t year, int64_t month, int64_t day);

Interval interval_plus(const Interval& a, const Interval& b);  // interval_pl
Interval interval_times(const Interval& span, double factor);  // interval_mul
Interval interval_divided(const Interval& span, double factor);  // interval_div

// date_cmp_timestamp: a date past every timestamp still sorts below infinity.
int compare_date_timestamp(int64_t date, int64_t timestamp);

// The local timestamp of an instant at utc_offset and back
// (timestamptz_timestamp, timestamp_timestamptz), infinities kept.
int64_t local_time(int64_t instant, int64_t utc_offset);
int64_t instant_of_local(int64_t local, int64_t utc_offset);

}  // namespace cdc::engine
