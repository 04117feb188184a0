// Expression kinds, arithmetic and comparisons.  Every expected value is what
// Postgres 15 answers for the same expression (psql -A output).
#include "engine/expr.hpp"
#include "engine/expr_test_util.hpp"

#include "plan/plan_error.hpp"

#include <gtest/gtest.h>

namespace cdc::engine {
namespace {

using namespace test;

json int4(const char* value) { return constant(value, "int4"); }
json num(const char* value) { return constant(value, "numeric"); }
json boolean(const char* value) { return value ? constant(value, "bool") : null_of("bool"); }

TEST(Expr, ColumnAndConst) {
    Row row{int64_t{42}, std::string("hello")};
    EXPECT_EQ(show(column(0, "int4"), row), "42");
    EXPECT_EQ(show(column(1, "text"), row), "hello");
    EXPECT_EQ(show(num("1.50")), "1.50");
    EXPECT_EQ(show(null_of("int4")), "NULL");
}

TEST(Expr, IntegerArithmetic) {
    EXPECT_EQ(show(func("div", "int4", {int4("7"), int4("2")})), "3");
    EXPECT_EQ(show(func("div", "int4", {int4("-7"), int4("2")})), "-3");
    EXPECT_EQ(show(func("mod", "int4", {int4("7"), int4("-3")})), "1");
    EXPECT_EQ(show(func("mod", "int4", {int4("-7"), int4("3")})), "-1");
    EXPECT_EQ(show(func("mod", "int8", {constant("-9223372036854775808", "int8"), constant("-1", "int8")})), "0");
    // int24pl returns int4: no smallint overflow
    EXPECT_EQ(show(func("add", "int4", {constant("32767", "int2"), int4("1")})), "32768");
    EXPECT_EQ(show(func("add", "int4", {int4("1"), null_of("int4")})), "NULL");
}

TEST(Expr, IntegerErrors) {
    EXPECT_EQ(error_of(func("add", "int2", {constant("32767", "int2"), constant("1", "int2")})), "smallint out of range");
    EXPECT_EQ(error_of(func("add", "int4", {int4("2147483647"), int4("1")})), "integer out of range");
    EXPECT_EQ(error_of(func("add", "int8", {constant("9223372036854775807", "int8"), int4("1")})), "bigint out of range");
    EXPECT_EQ(error_of(func("div", "int4", {int4("1"), int4("0")})), "division by zero");
    EXPECT_EQ(error_of(func("mod", "int4", {int4("1"), int4("0")})), "division by zero");
    EXPECT_EQ(error_of(func("div", "int4", {int4("-2147483648"), int4("-1")})), "integer out of range");
}

TEST(Expr, EveryArgumentIsEvaluatedBeforeNullsAnswer) {
    json division_by_zero = func("div", "int4", {int4("1"), int4("0")});
    EXPECT_EQ(error_of(func("add", "int4", {null_of("int4"), division_by_zero})), "division by zero");
    EXPECT_EQ(error_of(with_args("nullif", {null_of("int4"), division_by_zero}, "int4")), "division by zero");
}

TEST(Expr, NumericArithmetic) {
    EXPECT_EQ(show(func("div", "numeric", {num("1.0"), num("3")})), "0.33333333333333333333");
    EXPECT_EQ(show(func("mul", "numeric", {num("2.50"), num("1.2")})), "3.000");
    EXPECT_EQ(show(func("mod", "numeric", {num("-5.5"), num("2")})), "-1.5");
    EXPECT_EQ(error_of(func("div", "numeric", {num("1.0"), num("0")})), "division by zero");
}

TEST(Expr, FloatDivisionByZero) {
    EXPECT_EQ(error_of(func("div", "float8", {constant("1", "float8"), constant("0", "float8")})), "division by zero");
}

TEST(Expr, ThreeValuedLogic) {
    EXPECT_EQ(show(with_args("and", {boolean(nullptr), boolean("false")})), "f");
    EXPECT_EQ(show(with_args("and", {boolean(nullptr), boolean("true")})), "NULL");
    EXPECT_EQ(show(with_args("or", {boolean(nullptr), boolean("true")})), "t");
    EXPECT_EQ(show(with_args("or", {boolean(nullptr), boolean("false")})), "NULL");
    EXPECT_EQ(show(with_args("and", {boolean("true"), boolean("true"), boolean(nullptr)})), "NULL");
    EXPECT_EQ(show(with_arg("not", boolean(nullptr))), "NULL");
}

TEST(Expr, BooleanTests) {
    EXPECT_EQ(show(with_arg("is_true", boolean(nullptr))), "f");
    EXPECT_EQ(show(with_arg("is_not_true", boolean(nullptr))), "t");
    EXPECT_EQ(show(with_arg("is_not_false", boolean("false"))), "f");
    EXPECT_EQ(show(with_arg("is_unknown", boolean(nullptr))), "t");
    EXPECT_EQ(show(with_arg("is_null", int4("1"))), "f");
    EXPECT_EQ(show(with_arg("is_not_null", int4("1"))), "t");
}

TEST(Expr, CoalesceNullifCase) {
    EXPECT_EQ(show(with_args("coalesce", {null_of("text"), constant("x", "text")}, "text")), "x");
    EXPECT_EQ(show(with_args("nullif", {int4("3"), int4("3")}, "int4")), "NULL");
    EXPECT_EQ(show(with_args("nullif", {num("1.0"), num("1.00")}, "numeric")), "NULL");
    EXPECT_EQ(show(with_args("nullif", {int4("1"), int4("2")}, "int4")), "1");
    json case_node = {{"kind", "case"},
                      {"type", "text"},
                      {"whens",
                       {{func("gt", "bool", {int4("1"), int4("2")}), constant("a", "text")},
                        {boolean(nullptr), constant("b", "text")}}},
                      {"else", constant("c", "text")}};
    EXPECT_EQ(show(case_node), "c");
}

TEST(Expr, Comparisons) {
    EXPECT_EQ(show(func("lt", "bool", {constant("a", "text"), constant("B", "text")})), "f");
    EXPECT_EQ(show(func("eq", "bool", {constant("ab  ", "bpchar"), constant("ab", "bpchar")})), "t");
    EXPECT_EQ(show(func("gt", "bool", {constant("NaN", "float8"), constant("Infinity", "float8")})), "t");
    EXPECT_EQ(show(func("eq", "bool", {constant("NaN", "float8"), constant("NaN", "float8")})), "t");
    EXPECT_EQ(show(func("eq", "bool", {constant("-0", "float8"), constant("0", "float8")})), "t");
    EXPECT_EQ(show(func("eq", "bool", {num("1.0"), num("1.00")})), "t");
    EXPECT_EQ(show(func("ge", "bool", {num("1.5"), num("1.50")})), "t");
    EXPECT_EQ(show(func("lt", "bool", {int4("2"), null_of("int4")})), "NULL");
    EXPECT_EQ(show(func("gt", "bool", {boolean("true"), boolean("false")})), "t");
    EXPECT_EQ(show(func("lt", "bool", {constant("1", "int2"), constant("2", "int8")})), "t");
}

TEST(Expr, CompareValuesWithLocale) {
    Collation collation("C.UTF-8", "C.UTF-8");
    TypeRef text{Type::Text, "text", -1};
    EXPECT_GT(compare_values(std::string("é"), std::string("z"), text, collation), 0);
    EXPECT_LT(compare_values(std::string("B"), std::string("a"), text, collation), 0);
}

std::string plan_error_of(const json& node) {
    try {
        compile_expr(node, "root.predicate", c_collation());
    } catch (const plan::PlanError& error) {
        return error.what();
    }
    return "no error";
}

TEST(Expr, PlanErrorsNameThePath) {
    EXPECT_EQ(plan_error_of(with_args("and", {boolean("true"), func("foo", "bool", {})})),
              "root.predicate.args[1].fn: unknown function \"foo\"");
    EXPECT_EQ(plan_error_of({{"kind", "column"}, {"type", "int4"}}), "root.predicate.index: missing");
    EXPECT_EQ(plan_error_of({{"kind", "bogus"}, {"type", "int4"}}), "root.predicate.kind: unknown expression kind \"bogus\"");
    EXPECT_EQ(plan_error_of(constant("x", "int4")), "root.predicate.value: invalid input syntax for type integer: \"x\"");
    EXPECT_EQ(plan_error_of({{"kind", "const"}, {"value", "1"}}), "root.predicate.type: missing");
}

}  // namespace
}  // namespace cdc::engine
