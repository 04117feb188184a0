// Expected values are Postgres 15's answers to the same operations.
#include "engine/numeric_ops.hpp"

#include "engine/expr.hpp"

#include <gtest/gtest.h>

namespace cdc::engine {
namespace {

std::string div(const char* a, const char* b) { return numeric_to_string(numeric_div(parse_numeric(a), parse_numeric(b))); }

TEST(NumericOps, AddSubtractKeepTheLargerScale) {
    EXPECT_EQ(numeric_to_string(numeric_add(parse_numeric("1.5"), parse_numeric("2.25"))), "3.75");
    EXPECT_EQ(numeric_to_string(numeric_sub(parse_numeric("1.5"), parse_numeric("2.25"))), "-0.75");
}

TEST(NumericOps, MultiplyAddsScales) {
    EXPECT_EQ(numeric_to_string(numeric_mul(parse_numeric("2.50"), parse_numeric("1.2"))), "3.000");
}

TEST(NumericOps, DivideChoosesScaleAsSelectDivScale) {
    EXPECT_EQ(div("1.0", "3"), "0.33333333333333333333");
    EXPECT_EQ(div("10.5", "2"), "5.2500000000000000");
    EXPECT_EQ(div("123456789.123", "0.007"), "17636684160.42857143");
    EXPECT_EQ(div("1", "7.0000000000000000000"), "0.14285714285714285714");
    EXPECT_EQ(div("99999", "0.0001"), "999990000.00000000");
    EXPECT_EQ(div("0.0001", "99999"), "0.0000000010000100001000010000");
    EXPECT_EQ(div("1.0", "1.0"), "1.00000000000000000000");
    EXPECT_EQ(div("2", "3"), "0.66666666666666666667");
    EXPECT_EQ(div("100", "3"), "33.3333333333333333");
}

TEST(NumericOps, DivisionByZero) {
    EXPECT_THROW(numeric_div(parse_numeric("1.0"), parse_numeric("0")), EvaluationError);
    EXPECT_THROW(numeric_mod(parse_numeric("1.0"), parse_numeric("0.00")), EvaluationError);
}

TEST(NumericOps, ModuloHasTheDividendsSign) {
    EXPECT_EQ(numeric_to_string(numeric_mod(parse_numeric("5.5"), parse_numeric("2"))), "1.5");
    EXPECT_EQ(numeric_to_string(numeric_mod(parse_numeric("-5.5"), parse_numeric("2"))), "-1.5");
}

TEST(NumericOps, RoundHalfAwayFromZero) {
    EXPECT_EQ(numeric_to_string(numeric_round(parse_numeric("2.5"), 0)), "3");
    EXPECT_EQ(numeric_to_string(numeric_round(parse_numeric("-2.5"), 0)), "-3");
    EXPECT_EQ(numeric_to_string(numeric_round(parse_numeric("12.345"), 2)), "12.35");
    EXPECT_EQ(numeric_to_string(numeric_round(parse_numeric("1.5"), 3)), "1.500");
}

TEST(NumericOps, SpecialValues) {
    Numeric infinity = parse_numeric("Infinity");
    EXPECT_EQ(numeric_to_string(numeric_sub(infinity, infinity)), "NaN");
    EXPECT_EQ(numeric_to_string(numeric_mul(infinity, parse_numeric("-2"))), "-Infinity");
    EXPECT_EQ(numeric_to_string(numeric_div(parse_numeric("1"), infinity)), "0");
}

}  // namespace
}  // namespace cdc::engine
