// The codec's promises, checked on random rows: decoding gives the row
// back, encode_row's bytes are equal exactly when the rows are identical,
// encode_key's exactly when they are equal as Postgres compares them.
#include "core/row_codec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace cdc {
namespace {

// Values drawn from small pools, so equal and identical pairs are frequent.
Value random_value(std::mt19937& random) {
    static const std::vector<Value> pool = {
        Value(),
        Value(true),
        Value(false),
        Value(int64_t{0}),
        Value(int64_t{-1}),
        Value(int64_t{1} << 40),
        Value(std::numeric_limits<int64_t>::min()),
        Value(0.0),
        Value(-0.0),
        Value(1.5),
        Value(std::nan("")),
        Value(-std::nan("")),
        Value(parse_numeric("1.5")),
        Value(parse_numeric("1.50")),
        Value(parse_numeric("-1.500")),
        Value(parse_numeric("0")),
        Value(parse_numeric("0.00")),
        Value(parse_numeric("123456789012345678901234567890.10")),
        Value(parse_numeric("123456789012345678901234567890.1")),
        Value(parse_numeric("-123456789012345678901234567890")),
        Value(parse_numeric("NaN")),
        Value(parse_numeric("Infinity")),
        Value(parse_numeric("-Infinity")),
        Value(std::string()),
        Value(std::string("1")),
        Value(std::string("a longer text than fifteen bytes, with \xc3\xa9")),
        Value(std::string("\0\x01", 2)),
    };
    return pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(random)];
}

Row random_row(std::mt19937& random) {
    Row row(std::uniform_int_distribution<size_t>(0, 3)(random));
    for (Value& value : row) value = random_value(random);
    return row;
}

TEST(RowCodec, DecodesWhatItEncodes) {
    std::mt19937 random(1);
    for (int i = 0; i < 5000; ++i) {
        Row row = random_row(random);
        ASSERT_TRUE(RowIdentical()(decode_row(encode_row(row)), row));
        ASSERT_TRUE(RowEqual()(decode_row(encode_key(row)), row));
    }
}

TEST(RowCodec, BytesEqualExactlyWhenRowsAreIdenticalOrEqual) {
    std::mt19937 random(2);
    for (int i = 0; i < 20000; ++i) {
        Row a = random_row(random), b = random_row(random);
        ASSERT_EQ(encode_row(a) == encode_row(b), RowIdentical()(a, b));
        ASSERT_EQ(encode_key(a) == encode_key(b), RowEqual()(a, b));
    }
}

TEST(RowCodec, RowsConcatenateAndSplit) {
    Row key{int64_t{7}, std::string("k")}, row{parse_numeric("2.50"), Value()};
    std::string both = encode_key(key) + encode_row(row);
    size_t at = 0;
    EXPECT_TRUE(values_equal(decode_value(both, at), key[0]));
    EXPECT_TRUE(values_equal(decode_value(both, at), key[1]));
    EXPECT_EQ(both.substr(at), encode_row(row));
    EXPECT_EQ(encode_row(Row{int64_t{5}}).size(), 2u);  // a tag and a one-byte varint
}

TEST(RowCodec, RefusesBytesNoEncoderWrote) {
    EXPECT_THROW(decode_row(std::string("\x0a\x05" "ab", 4)), std::invalid_argument);  // text shorter than its length
    EXPECT_THROW(decode_row(std::string("\x7f")), std::invalid_argument);
    EXPECT_THROW(decode_row(std::string("\x03\xff")), std::invalid_argument);  // varint cut off
}

}  // namespace
}  // namespace cdc
