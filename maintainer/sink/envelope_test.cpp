// The envelope encoder against the seed's messages and the JSON value rules.
#include "sink/envelope.hpp"
#include "sink/json_value.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace cdc::sink {
namespace {

TypeRef type(const char* name) { return TypeRef{type_from_name(name), name, -1}; }

Row row(std::initializer_list<Value> values) { return Row(values); }

EnvelopeEncoder grouping(Envelope envelope) {
    return EnvelopeEncoder(envelope, {{"codsog", type("int4")}, {"nb_policies", type("int8")}},
                           std::vector<size_t>{0}, 1);
}

TEST(Envelope, KeyedViewPairsAnUpdateLikeTheSeed) {
    std::vector<KafkaMessage> out;
    grouping(Envelope::Row).encode({{row({int64_t{4}, int64_t{2}}), -1}, {row({int64_t{4}, int64_t{1}}), 1}}, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(*out[0].key, R"({"codsog":4})");
    EXPECT_EQ(*out[0].value, R"({"before":{"row":{"codsog":4,"nb_policies":2}},"after":{"row":{"codsog":4,"nb_policies":1}}})");
    EXPECT_EQ(out[0].partition, -1);
}

TEST(Envelope, KeyedInsertAndDelete) {
    std::vector<KafkaMessage> out;
    grouping(Envelope::Row).encode({{row({int64_t{4}, int64_t{1}}), -1}, {row({int64_t{1}, int64_t{2}}), 1}}, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(*out[0].value, R"({"before":{"row":{"codsog":4,"nb_policies":1}},"after":null})");
    EXPECT_EQ(*out[1].value, R"({"before":null,"after":{"row":{"codsog":1,"nb_policies":2}}})");
}

TEST(Envelope, UnkeyedRetractsThenInserts) {
    EnvelopeEncoder policies(Envelope::Row, {{"codpol", type("int4")}, {"policy_details", type("text")}},
                             std::nullopt, 1);
    std::vector<KafkaMessage> out;
    policies.encode({{row({int64_t{5559}, std::string("HOME INSURANCE")}), 1},
                     {row({int64_t{5559}, std::string("MOTO INSURANCE")}), -1}},
                    out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_FALSE(out[0].key.has_value());
    EXPECT_EQ(*out[0].value, R"({"before":{"row":{"codpol":5559,"policy_details":"MOTO INSURANCE"}},"after":null})");
    EXPECT_EQ(*out[1].value, R"({"before":null,"after":{"row":{"codpol":5559,"policy_details":"HOME INSURANCE"}}})");
    EXPECT_EQ(out[1].partition, 0);
}

TEST(Envelope, DuplicateRowsAreOneMessageEach) {
    EnvelopeEncoder names(Envelope::Debezium, {{"name", type("text")}}, std::nullopt, 1);
    std::vector<KafkaMessage> out;
    names.encode({{row({std::string("x")}), 2}}, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(*out[1].value, R"({"before":null,"after":{"name":"x"}})");
}

TEST(Envelope, UpsertWritesRowsAndTombstones) {
    std::vector<KafkaMessage> out;
    grouping(Envelope::Upsert).encode({{row({int64_t{4}, int64_t{1}}), -1}, {row({int64_t{3}, int64_t{1}}), 1}}, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(*out[0].key, R"({"codsog":4})");
    EXPECT_FALSE(out[0].value.has_value());
    EXPECT_EQ(*out[1].value, R"({"codsog":3,"nb_policies":1})");
}

TEST(Envelope, UnkeyedRowsSpreadOverPartitionsStably) {
    EnvelopeEncoder spread(Envelope::Row, {{"n", type("int4")}}, std::nullopt, 4);
    std::vector<KafkaMessage> first, second;
    for (int64_t n = 0; n < 50; ++n) spread.encode({{row({n}), 1}}, first);
    for (int64_t n = 0; n < 50; ++n) spread.encode({{row({n}), 1}}, second);
    std::vector<int> used(4, 0);
    for (size_t i = 0; i < first.size(); ++i) {
        EXPECT_EQ(first[i].partition, second[i].partition);
        ++used.at(first[i].partition);
    }
    for (int count : used) EXPECT_GT(count, 0);
}

std::string json(const Value& value, const char* type_name) {
    std::string out;
    append_json_value(out, value, type(type_name));
    return out;
}

TEST(JsonValue, EveryTypeByTheRule) {
    EXPECT_EQ(json(Value(), "int4"), "null");
    EXPECT_EQ(json(true, "bool"), "true");
    EXPECT_EQ(json(std::numeric_limits<int64_t>::min(), "int8"), "-9223372036854775808");
    EXPECT_EQ(json(1.5, "float8"), "1.5");
    EXPECT_EQ(json(0.1f, "float4"), "0.1");
    EXPECT_EQ(json(std::nan(""), "float8"), "\"NaN\"");
    EXPECT_EQ(json(-std::numeric_limits<double>::infinity(), "float8"), "\"-Infinity\"");
    EXPECT_EQ(json(parse_numeric("123456789012345678901234567890.10"), "numeric"),
              "\"123456789012345678901234567890.10\"");
    EXPECT_EQ(json(std::string("a\"b\\c\n\x01"), "text"), R"("a\"b\\c\n\u0001")");
    EXPECT_EQ(json(std::string("héllo ✓"), "varchar"), "\"héllo ✓\"");
    EXPECT_EQ(json(std::string("{\"a\": [1, 2]}"), "jsonb"), "{\"a\": [1, 2]}");
    EXPECT_EQ(json(std::string("\x00\xff\x10", 3), "bytea"), "\"AP8Q\"");
    EXPECT_EQ(json(std::string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "uuid"),
              "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"");
    EXPECT_EQ(json(Interval{7384 * 1000000LL + 500000, 1, 14}, "interval"), "\"P1Y2M1DT2H3M4.5S\"");
    EXPECT_EQ(json(std::string("(1,2)"), "point"), "\"(1,2)\"");
}

TEST(JsonValue, DatesAndTimestampsAsIso8601) {
    EXPECT_EQ(json(int64_t{0}, "date"), "\"2000-01-01\"");
    EXPECT_EQ(json(int64_t{8825}, "date"), "\"2024-02-29\"");
    EXPECT_EQ(json(int64_t{-730485}, "date"), "\"0000-01-01\"");  // 1 BC
    EXPECT_EQ(json(int64_t{std::numeric_limits<int32_t>::max()}, "date"), "\"infinity\"");
    EXPECT_EQ(json(int64_t{762527655123456}, "timestamp"), "\"2024-02-29T13:14:15.123456\"");
    EXPECT_EQ(json(int64_t{-1000000}, "timestamptz"), "\"1999-12-31T23:59:59Z\"");
    EXPECT_EQ(json(int64_t{500000}, "timestamptz"), "\"2000-01-01T00:00:00.5Z\"");
    EXPECT_EQ(json(std::numeric_limits<int64_t>::min(), "timestamp"), "\"-infinity\"");
}

TEST(JsonValue, ArraysBecomeJsonArrays) {
    EXPECT_EQ(json(std::string("{1,2,NULL}"), "_int4"), "[1,2,null]");
    EXPECT_EQ(json(std::string("{{1,2},{3,4}}"), "_int8"), "[[1,2],[3,4]]");
    EXPECT_EQ(json(std::string(R"({x,"y z",NULL,"NULL","a\"b"})"), "_text"), R"(["x","y z",null,"NULL","a\"b"])");
    EXPECT_EQ(json(std::string("{t,f}"), "_bool"), "[true,false]");
    EXPECT_EQ(json(std::string("{}"), "_int4"), "[]");
    EXPECT_EQ(json(std::string("[0:1]={5,6}"), "_int4"), "[5,6]");
    EXPECT_EQ(json(std::string("{1.50,NaN}"), "_numeric"), R"(["1.50","NaN"])");
}

}  // namespace
}  // namespace cdc::sink
