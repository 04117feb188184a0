// Text functions; expected values are Postgres 15's (psql -A output).
#include "engine/expr_test_util.hpp"

#include <gtest/gtest.h>

namespace cdc::engine {
namespace {

using namespace test;

json text(const char* value) { return constant(value, "text"); }
json int4(const char* value) { return constant(value, "int4"); }

std::string like(const char* fn, const char* value, const char* pattern, const char* type = "text") {
    return show(func(fn, "bool", {constant(value, type), text(pattern)}));
}

TEST(TextFunctions, ConcatPrintsOutputForms) {
    json args = func("concat", "text",
                     {text("a"), null_of("text"), constant("1.50", "numeric"), constant("true", "bool"),
                      constant("x  ", "bpchar"), constant("2020-01-01", "date")});
    EXPECT_EQ(show(args), "a1.50tx  2020-01-01");
    EXPECT_EQ(show(func("concat", "text", {null_of("text")})), "");
    EXPECT_EQ(show(func("textcat", "text", {text("ab"), null_of("text")})), "NULL");
    EXPECT_EQ(show(func("textcat", "text", {text("ab"), text("c")})), "abc");
}

TEST(TextFunctions, Substr) {
    auto substr = [](const char* value, const char* start, const char* count) {
        std::vector<json> args{text(value), int4(start)};
        if (count) args.push_back(int4(count));
        return show(func("substr", "text", args));
    };
    EXPECT_EQ(substr("hello", "0", "3"), "he");
    EXPECT_EQ(substr("hello", "-1", nullptr), "hello");
    EXPECT_EQ(substr("héllo", "2", "2"), "él");
    EXPECT_EQ(substr("hello", "10", nullptr), "");
    EXPECT_EQ(substr("hello", "-5", "3"), "");
    EXPECT_EQ(error_of(func("substr", "text", {text("hello"), int4("2"), int4("-1")})),
              "negative substring length not allowed");
}

TEST(TextFunctions, Trims) {
    EXPECT_EQ(show(func("btrim", "text", {text("  xxhixx  ")})), "xxhixx");
    EXPECT_EQ(show(func("btrim", "text", {text("xxhixx"), text("x")})), "hi");
    EXPECT_EQ(show(func("ltrim", "text", {text("xyhi"), text("yx")})), "hi");
    EXPECT_EQ(show(func("rtrim", "text", {text("hi  ")})), "hi");
}

TEST(TextFunctions, LengthCountsCharacters) {
    EXPECT_EQ(show(func("length", "int4", {text("日本語")})), "3");
    EXPECT_EQ(show(func("length", "int4", {constant("ab  ", "bpchar")})), "2");
}

TEST(TextFunctions, UpperLowerFollowTheCtype) {
    Collation utf8("C.UTF-8", "C.UTF-8");
    EXPECT_EQ(show(func("upper", "text", {text("éaß")}), {}, utf8), "ÉAß");
    EXPECT_EQ(show(func("lower", "text", {text("ÉA")}), {}, utf8), "éa");
    EXPECT_EQ(show(func("upper", "text", {text("straße")}), {}, utf8), "STRAßE");
}

TEST(TextFunctions, Like) {
    EXPECT_EQ(like("like", "Héllo", "H_llo"), "t");
    EXPECT_EQ(like("like", "a%b", "a\\%b"), "t");
    EXPECT_EQ(like("like", "a%b", "a\\%c"), "f");
    EXPECT_EQ(like("like", "abc", "%b%"), "t");
    EXPECT_EQ(like("like", "a_c", "a\\_c"), "t");
    EXPECT_EQ(like("like", "abc", "a\\bc"), "t");
    EXPECT_EQ(like("like", "aXbXc", "%X_"), "t");
    EXPECT_EQ(like("like", "", "%"), "t");
    EXPECT_EQ(like("like", "ab", "_"), "f");
    EXPECT_EQ(like("not_like", "abc", "a%"), "f");
    EXPECT_EQ(like("like", "ab  ", "ab", "bpchar"), "f");
    EXPECT_EQ(like("like", "ab  ", "ab  ", "bpchar"), "t");
    EXPECT_EQ(like("like", "a", "a\\"), "f");
    EXPECT_EQ(error_of(func("like", "bool", {text("ab"), text("a\\")})), "LIKE pattern must not end with escape character");
}

TEST(TextFunctions, Ilike) {
    EXPECT_EQ(like("ilike", "abc", "A%C"), "t");
    Collation utf8("C.UTF-8", "C.UTF-8");
    EXPECT_EQ(show(func("ilike", "bool", {text("ÉCOLE"), text("é%")}), {}, utf8), "t");
}

}  // namespace
}  // namespace cdc::engine

namespace cdc::engine::test {
namespace {

// concat(name, '/', id): the literal reaches the plan with type unknown
TEST(TextFunctions, ConcatTakesAnUntypedLiteral) {
    json node = func("concat", "text", {column(0, "text"), constant("/", "unknown"), column(1, "int4")});
    EXPECT_EQ(show(node, {std::string("MARIO"), int64_t{1}}), "MARIO/1");
}

}  // namespace
}  // namespace cdc::engine::test
