#include "core/value.hpp"

#include <gtest/gtest.h>

namespace cdc {
namespace {

TEST(Numeric, ParsesAndPrintsLikePostgres) {
    EXPECT_EQ(numeric_to_string(parse_numeric("123.45")), "123.45");
    EXPECT_EQ(numeric_to_string(parse_numeric("-0.050")), "-0.050");
    EXPECT_EQ(numeric_to_string(parse_numeric("  1.5e3 ")), "1500");
    EXPECT_EQ(numeric_to_string(parse_numeric("1.25e-1")), "0.125");
    EXPECT_EQ(numeric_to_string(parse_numeric("NaN")), "NaN");
    EXPECT_EQ(numeric_to_string(parse_numeric("-Infinity")), "-Infinity");
    EXPECT_THROW(parse_numeric("1.2.3"), std::invalid_argument);
    EXPECT_THROW(parse_numeric(""), std::invalid_argument);
}

TEST(Numeric, EqualByValueWhateverTheScale) {
    Value a = parse_numeric("1.50"), b = parse_numeric("1.5");
    EXPECT_TRUE(values_equal(a, b));
    EXPECT_EQ(hash_value(a), hash_value(b));
    EXPECT_LT(compare_numeric(parse_numeric("-2"), parse_numeric("1.5")), 0);
    EXPECT_GT(compare_numeric(parse_numeric("NaN"), parse_numeric("Infinity")), 0);
}

TEST(Value, FloatEqualityFollowsPostgres) {
    EXPECT_TRUE(values_equal(Value(0.0), Value(-0.0)));
    EXPECT_EQ(hash_value(Value(0.0)), hash_value(Value(-0.0)));
    EXPECT_TRUE(values_equal(Value(std::nan("")), Value(std::nan(""))));
    EXPECT_FALSE(values_equal(Value(int64_t{1}), Value(std::string("1"))));
}

}  // namespace
}  // namespace cdc
