// Casts, input functions and output forms; expected values are what
// Postgres 15 prints for the same casts (psql -A).
#include "engine/expr_test_util.hpp"

#include <gtest/gtest.h>

namespace cdc::engine {
namespace {

using namespace test;

struct CastCase {
    const char* value;
    const char* from;
    const char* to;
    int32_t typmod;
    const char* expected;  // the result, or the error message
};

std::string run(const CastCase& c) {
    json node = cast(constant(c.value, c.from), c.to, c.typmod);
    std::string error = error_of(node);
    return error == "no error" ? show(node) : error;
}

void check(std::initializer_list<CastCase> cases) {
    for (const CastCase& c : cases) {
        SCOPED_TRACE(std::string(c.value) + "::" + c.from + "::" + c.to);
        EXPECT_EQ(run(c), c.expected);
    }
}

TEST(Casts, Integers) {
    check({
        {"70000", "int4", "int2", -1, "smallint out of range"},
        {"2.5", "numeric", "int4", -1, "3"},
        {"-2.5", "numeric", "int4", -1, "-3"},
        {"NaN", "numeric", "int4", -1, "cannot convert NaN to integer"},
        {"NaN", "numeric", "int2", -1, "cannot convert NaN to smallint"},
        {"Infinity", "numeric", "int8", -1, "cannot convert infinity to bigint"},
        {"2.5", "float8", "int4", -1, "2"},
        {"3.5", "float8", "int4", -1, "4"},
        {"-2.5", "float8", "int4", -1, "-2"},
        {"NaN", "float8", "int4", -1, "integer out of range"},
        {"1e+10", "float8", "int4", -1, "integer out of range"},
        {"1e+19", "float8", "int8", -1, "bigint out of range"},
        {"true", "bool", "int4", -1, "1"},
        {"0", "int4", "bool", -1, "f"},
        {"5", "int4", "bool", -1, "t"},
    });
}

TEST(Casts, NumericAndFloat) {
    check({
        {"12.345", "numeric", "numeric", 327686, "12.35"},
        {"999.995", "numeric", "numeric", 327686, "numeric field overflow"},
        {"0.001", "numeric", "numeric", 196615, "0.001"},
        {"Infinity", "numeric", "numeric", 327686, "numeric field overflow"},
        {"123.456", "numeric", "numeric", (5 << 16 | 0x7ff) + 4, "120"},  // numeric(5,-1)
        {"0.1", "float8", "numeric", -1, "0.1"},
        {"0.3333333333333333", "float8", "numeric", -1, "0.333333333333333"},
        {"0.1", "float4", "numeric", -1, "0.1"},
        {"0.33333334", "float4", "numeric", -1, "0.333333"},
        {"1e+20", "float8", "numeric", -1, "100000000000000000000"},
        {"NaN", "float8", "numeric", -1, "NaN"},
        {"1.1", "numeric", "float8", -1, "1.1"},
        {"0.1", "numeric", "float4", -1, "0.1"},
        {"1e+300", "float8", "float4", -1, "value out of range: overflow"},
        {"1e-300", "float8", "float4", -1, "value out of range: underflow"},
        {"16777217", "int8", "float4", -1, "1.6777216e+07"},
        {"123456789012", "int8", "float8", -1, "123456789012"},
    });
}

TEST(Casts, FromText) {
    check({
        {" 12 ", "text", "int4", -1, "12"},
        {"12a", "text", "int4", -1, "invalid input syntax for type integer: \"12a\""},
        {"", "text", "int8", -1, "invalid input syntax for type bigint: \"\""},
        {"-9223372036854775808", "text", "int8", -1, "-9223372036854775808"},
        {"9223372036854775808", "text", "int8", -1, "value \"9223372036854775808\" is out of range for type bigint"},
        {"40000", "text", "int2", -1, "value \"40000\" is out of range for type smallint"},
        {" 1.50 ", "text", "numeric", -1, "1.50"},
        {"1e3", "text", "numeric", -1, "1000"},
        {"abc", "text", "float8", -1, "invalid input syntax for type double precision: \"abc\""},
        {" 1.5 ", "text", "float8", -1, "1.5"},
        {"-inf", "text", "float8", -1, "-Infinity"},
        {"1e-400", "text", "float8", -1, "\"1e-400\" is out of range for type double precision"},
        {"yes", "text", "bool", -1, "t"},
        {"of", "text", "bool", -1, "f"},
        {"o", "text", "bool", -1, "invalid input syntax for type boolean: \"o\""},
        {"  TRUE ", "text", "bool", -1, "t"},
        {"{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}", "text", "uuid", -1, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
        {"a0eebc999c0b4ef8bb6d6bb9bd380a11", "text", "uuid", -1, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
        {"a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "text", "uuid", -1, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
        {"2020-01-01 10:00:00.1234565", "text", "timestamp", -1, "2020-01-01 10:00:00.123456"},
        {"2020-13-01", "text", "date", -1, "date/time field value out of range: \"2020-13-01\""},
        {"2020-02-30", "text", "date", -1, "date/time field value out of range: \"2020-02-30\""},
        {"garbage", "text", "date", -1, "invalid input syntax for type date: \"garbage\""},
        {"0001-01-01 BC", "text", "date", -1, "0001-01-01 BC"},
        {"10000-01-01", "text", "date", -1, "10000-01-01"},
        {"2020-01-01 08:00:00+00 BC", "text", "timestamptz", -1, "2020-01-01 08:00:00+00 BC"},
    });
}

TEST(Casts, ToText) {
    check({
        {"héllo", "text", "varchar", 7, "hél"},
        {"hé", "text", "bpchar", 8, "hé  "},
        {"héllo", "text", "bpchar", 6, "hé"},
        {"x  ", "bpchar", "varchar", 9, "x"},
        {"true", "bool", "text", -1, "true"},
        {"false", "bool", "varchar", -1, "false"},
        {"1.5", "numeric", "text", -1, "1.5"},
        {"1.5", "float8", "text", -1, "1.5"},
        {"1e+20", "float8", "text", -1, "1e+20"},
        {"32767", "int2", "text", -1, "32767"},
        {"\\x0aff", "bytea", "text", -1, "\\x0aff"},
    });
}

TEST(Casts, DatesAndTimestamps) {
    check({
        {"2020-02-29", "date", "timestamp", -1, "2020-02-29 00:00:00"},
        {"2020-02-29 23:59:59.9", "timestamp", "date", -1, "2020-02-29"},
        {"1999-12-31 23:00", "timestamp", "date", -1, "1999-12-31"},
        {"5874897-12-31", "date", "timestamp", -1, "date out of range for timestamp"},
        {"infinity", "date", "timestamp", -1, "infinity"},
        {"-infinity", "timestamp", "date", -1, "-infinity"},
    });
}

TEST(TextForm, FloatsAsPostgresPrintsThem) {
    auto float8 = [](const char* text) { return show(constant(text, "float8")); };
    auto float4 = [](const char* text) { return show(constant(text, "float4")); };
    EXPECT_EQ(float8("-0"), "-0");
    EXPECT_EQ(float8("1e20"), "1e+20");
    EXPECT_EQ(float8("1e-5"), "1e-05");
    EXPECT_EQ(float8("1e15"), "1e+15");
    EXPECT_EQ(float8("1e14"), "100000000000000");
    EXPECT_EQ(float8("1.2345678901234567e-05"), "1.2345678901234568e-05");
    EXPECT_EQ(float8("0.0001"), "0.0001");
    EXPECT_EQ(float8("NaN"), "NaN");
    EXPECT_EQ(float8("-Infinity"), "-Infinity");
    EXPECT_EQ(float4("1.5"), "1.5");
    EXPECT_EQ(float4("1e6"), "1e+06");
    EXPECT_EQ(float4("123456"), "123456");
    EXPECT_EQ(float4("0.00001234"), "1.234e-05");
    EXPECT_EQ(show(func("add", "float8", {constant("0.1", "float8"), constant("0.2", "float8")})), "0.30000000000000004");
    EXPECT_EQ(error_of(func("mul", "float8", {constant("1e300", "float8"), constant("1e300", "float8")})),
              "value out of range: overflow");
}

}  // namespace
}  // namespace cdc::engine
