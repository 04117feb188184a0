// date_trunc, extract and date_part; expected values are Postgres 15's.
#include "engine/expr_test_util.hpp"

#include <gtest/gtest.h>

namespace cdc::engine {
namespace {

using namespace test;

std::string trunc(const char* unit, const char* timestamp) {
    return show(func("date_trunc", "timestamp", {constant(unit, "text"), constant(timestamp, "timestamp")}));
}

std::string extract(const char* field, const char* value, const char* type = "timestamp") {
    return show(func("extract", "numeric", {constant(field, "text"), constant(value, type)}));
}

std::string date_part(const char* field, const char* timestamp) {
    return show(func("date_part", "float8", {constant(field, "text"), constant(timestamp, "timestamp")}));
}

TEST(DatetimeFunctions, DateTrunc) {
    EXPECT_EQ(trunc("millennium", "0005-06-01 BC"), "1000-01-01 00:00:00 BC");
    EXPECT_EQ(trunc("century", "0005-06-01 BC"), "0100-01-01 00:00:00 BC");
    EXPECT_EQ(trunc("decade", "0005-06-01 BC"), "0011-01-01 00:00:00 BC");
    EXPECT_EQ(trunc("decade", "0001-06-01 BC"), "0001-01-01 00:00:00 BC");
    EXPECT_EQ(trunc("millennium", "2024-06-01"), "2001-01-01 00:00:00");
    EXPECT_EQ(trunc("century", "2000-06-01"), "1901-01-01 00:00:00");
    EXPECT_EQ(trunc("week", "2024-03-03 10:00"), "2024-02-26 00:00:00");
    EXPECT_EQ(trunc("quarter", "2024-08-15 10:00"), "2024-07-01 00:00:00");
    EXPECT_EQ(trunc("milliseconds", "2024-08-15 10:00:01.123456"), "2024-08-15 10:00:01.123");
    EXPECT_EQ(trunc("MONTHS", "2024-08-15 10:00"), "2024-08-01 00:00:00");
    EXPECT_EQ(trunc("hour", "infinity"), "infinity");
}

TEST(DatetimeFunctions, UnitErrors) {
    auto error = [](const char* fn, const char* type, const char* unit, const char* value_type) {
        return error_of(func(fn, type, {constant(unit, "text"), constant("2024-08-15", value_type)}));
    };
    EXPECT_EQ(error("date_trunc", "timestamp", "foo", "timestamp"),
              "unit \"foo\" not recognized for type timestamp without time zone");
    EXPECT_EQ(error("date_trunc", "timestamp", "dow", "timestamp"),
              "unit \"dow\" not recognized for type timestamp without time zone");
    EXPECT_EQ(error("extract", "numeric", "hour", "date"), "unit \"hour\" not supported for type date");
    EXPECT_EQ(error("extract", "numeric", "foo", "date"), "unit \"foo\" not recognized for type date");
    EXPECT_EQ(error("extract", "numeric", "timezone", "timestamp"),
              "unit \"timezone\" not supported for type timestamp without time zone");
    EXPECT_EQ(error("date_part", "float8", "foo", "timestamp"),
              "unit \"foo\" not recognized for type timestamp without time zone");
}

// field, then Postgres' answers for: extract from the two timestamps,
// date_part of two timestamps, extract from infinity, date_part of -infinity.
struct TimestampCase {
    const char* field;
    const char* answers[6];
};

const TimestampCase timestamp_cases[] = {
    {"microseconds", {"12500000", "59999999", "12500000", "3300001", "NULL", "NULL"}},
    {"milliseconds", {"12500.000", "59999.999", "12500", "3300.001", "NULL", "NULL"}},
    {"second", {"12.500000", "59.999999", "12.5", "3.300001", "NULL", "NULL"}},
    {"minute", {"20", "59", "20", "2", "NULL", "NULL"}},
    {"hour", {"10", "23", "10", "1", "NULL", "NULL"}},
    {"day", {"3", "1", "3", "31", "NULL", "NULL"}},
    {"week", {"53", "22", "53", "52", "NULL", "NULL"}},
    {"month", {"1", "6", "1", "12", "NULL", "NULL"}},
    {"quarter", {"1", "2", "1", "4", "NULL", "NULL"}},
    {"year", {"2021", "-5", "2021", "1960", "Infinity", "-Infinity"}},
    {"decade", {"202", "-1", "202", "196", "Infinity", "-Infinity"}},
    {"century", {"21", "-1", "21", "20", "Infinity", "-Infinity"}},
    {"millennium", {"3", "-1", "3", "2", "Infinity", "-Infinity"}},
    {"epoch", {"1609669212.500000", "-62280230400.000001", "1609669212.5", "-284079476.699999", "Infinity", "-Infinity"}},
    {"dow", {"0", "6", "0", "6", "NULL", "NULL"}},
    {"isodow", {"7", "6", "7", "6", "NULL", "NULL"}},
    {"doy", {"3", "153", "3", "366", "NULL", "NULL"}},
    {"isoyear", {"2020", "-5", "2020", "1960", "Infinity", "-Infinity"}},
    {"julian",
     {"2459218.43070023148148148148", "1719751.99999999998842592593", "2459218.4307002313", "2437300.04309375",
      "Infinity", "-Infinity"}},
};

TEST(DatetimeFunctions, ExtractAndDatePartOfTimestamps) {
    for (const TimestampCase& c : timestamp_cases) {
        SCOPED_TRACE(c.field);
        EXPECT_EQ(extract(c.field, "2021-01-03 10:20:12.5"), c.answers[0]);
        EXPECT_EQ(extract(c.field, "0005-06-01 23:59:59.999999 BC"), c.answers[1]);
        EXPECT_EQ(date_part(c.field, "2021-01-03 10:20:12.5"), c.answers[2]);
        EXPECT_EQ(date_part(c.field, "1960-12-31 01:02:03.300001"), c.answers[3]);
        EXPECT_EQ(extract(c.field, "infinity"), c.answers[4]);
        EXPECT_EQ(date_part(c.field, "-infinity"), c.answers[5]);
    }
}

// field, then extract from 2021-01-03, from 0005-06-01 BC, from -infinity
struct DateCase {
    const char* field;
    const char* answers[3];
};

const DateCase date_cases[] = {
    {"day", {"3", "1", "NULL"}},           {"week", {"53", "22", "NULL"}},
    {"month", {"1", "6", "NULL"}},         {"quarter", {"1", "2", "NULL"}},
    {"year", {"2021", "-5", "-Infinity"}}, {"decade", {"202", "-1", "-Infinity"}},
    {"century", {"21", "-1", "-Infinity"}}, {"millennium", {"3", "-1", "-Infinity"}},
    {"epoch", {"1609632000", "-62280316800", "-Infinity"}}, {"dow", {"0", "6", "NULL"}},
    {"isodow", {"7", "6", "NULL"}},        {"doy", {"3", "153", "NULL"}},
    {"isoyear", {"2020", "-5", "-Infinity"}}, {"julian", {"2459218", "1719751", "-Infinity"}},
};

TEST(DatetimeFunctions, ExtractOfDates) {
    for (const DateCase& c : date_cases) {
        SCOPED_TRACE(c.field);
        EXPECT_EQ(extract(c.field, "2021-01-03", "date"), c.answers[0]);
        EXPECT_EQ(extract(c.field, "0005-06-01 BC", "date"), c.answers[1]);
        EXPECT_EQ(extract(c.field, "-infinity", "date"), c.answers[2]);
    }
}

}  // namespace
}  // namespace cdc::engine
