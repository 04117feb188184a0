// Intervals: interval_cmp's equality (a month is 30 days, a day 24 hours)
// through values_equal, hash_value and the row codec's keys; the ISO form.
#include "core/interval.hpp"
#include "core/row_codec.hpp"

#include <gtest/gtest.h>

namespace cdc {
namespace {

constexpr int64_t hour = 3600LL * 1000000;

TEST(Interval, EqualAsPostgresComparesThem) {
    // SELECT interval '1 month' = '30 days', '1 day' = '24 hours', '1 month' = '1 month 1 microsecond'
    Value month = Interval{0, 0, 1}, thirty_days = Interval{0, 30, 0}, hours = Interval{720 * hour, 0, 0};
    EXPECT_TRUE(values_equal(month, thirty_days));
    EXPECT_TRUE(values_equal(thirty_days, hours));
    EXPECT_FALSE(values_equal(month, Value{Interval{1, 0, 1}}));
    EXPECT_EQ(hash_value(month), hash_value(thirty_days));
    EXPECT_EQ(hash_value(month), hash_value(hours));
    EXPECT_FALSE(values_identical(month, thirty_days));  // they print differently
    EXPECT_LT(compare_interval(Interval{-1, 0, 1}, Interval{0, 30, 0}), 0);
    EXPECT_GT(compare_interval(Interval{0, 0, -1}, Interval{-721 * hour, 0, 0}), 0);
}

TEST(Interval, KeysOfEqualIntervalsAreEqualBytes) {
    EXPECT_EQ(encode_key({Interval{0, 0, 1}}), encode_key({Interval{720 * hour, 0, 0}}));
    EXPECT_NE(encode_key({Interval{0, 0, 1}}), encode_key({Interval{0, 31, 0}}));
    EXPECT_NE(encode_row({Interval{0, 0, 1}}), encode_row({Interval{0, 30, 0}}));
    Row row{Interval{-5, -3, 14}, Value{}};
    EXPECT_EQ(decode_row(encode_row(row)), row);
}

TEST(Interval, IsoFormAsPostgresPrintsIt) {
    // SET IntervalStyle = iso_8601; SELECT interval '...'
    EXPECT_EQ(iso_interval(Interval{}), "PT0S");
    EXPECT_EQ(iso_interval(Interval{4 * hour + 5 * 60000000LL + 6789000, 3, 14}), "P1Y2M3DT4H5M6.789S");
    EXPECT_EQ(iso_interval(Interval{-4 * hour, 3, -14}), "P-1Y-2M3DT-4H");
    EXPECT_EQ(iso_interval(Interval{-1, 0, 0}), "PT-0.000001S");
    for (const char* text : {"PT0S", "P1Y2M3DT4H5M6.789S", "P-1Y-2M3DT-4H", "PT-0.000001S", "P178000000Y"}) {
        auto parsed = parse_iso_interval(text);
        ASSERT_TRUE(parsed) << text;
        EXPECT_EQ(iso_interval(*parsed), text);
    }
    EXPECT_FALSE(parse_iso_interval("1 day"));
    EXPECT_FALSE(parse_iso_interval("P1H"));
    EXPECT_FALSE(parse_iso_interval("PT1.5M"));
}

}  // namespace
}  // namespace cdc
