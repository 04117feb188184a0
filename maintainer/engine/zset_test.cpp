// consolidate() nets rows that print the same, not rows Postgres' = calls
// equal: a view whose row changes from 1.5 to 1.50 has changed.  Found by
// the oracle harness (tests/oracle): avg(weight) over a join went from two
// equal values (173373299.00000000, as Postgres prints the average of two)
// to one (173373299.000000000000) and no message was sent.
#include "engine/zset.hpp"

#include "engine/aggregate.hpp"
#include "engine/expr_test_util.hpp"
#include "engine/numeric_ops.hpp"
#include "engine/operator_test_util.hpp"

#include <gtest/gtest.h>

namespace cdc::engine::test {
namespace {

TEST(Consolidate, KeepsNumericsOfOtherScalesApart) {
    ZSet change{{{parse_numeric("1.5")}, -1}, {{parse_numeric("1.50")}, 1}};
    consolidate(change);
    EXPECT_EQ(change.size(), 2u);
}

TEST(Consolidate, NetsIdenticalRows) {
    ZSet change{{{parse_numeric("1.50"), std::string("a")}, 1}, {{parse_numeric("1.50"), std::string("a")}, -1}};
    consolidate(change);
    EXPECT_TRUE(change.empty());
}

TEST(Consolidate, KeepsNegativeZeroApart) {  // float8 -0 = 0 in Postgres, but prints "-0"
    ZSet change{{{0.0}, -1}, {{-0.0}, 1}};
    consolidate(change);
    EXPECT_EQ(change.size(), 2u);
}

TEST(RowCounts, ArrangementKeepsWhatEachRowPrints) {
    RowCounts counts;
    add_weight(counts, {parse_numeric("1.5")}, 1);
    add_weight(counts, {parse_numeric("1.50")}, 1);
    add_weight(counts, {parse_numeric("1.5")}, -1);
    ASSERT_EQ(counts.size(), 1u);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(counts.begin()->first[0])), "1.50");
}

// Postgres: SELECT avg(x) FROM (VALUES (173373299), (173373299)) v(x) is
// 173373299.00000000; with one row, 173373299.000000000000.
TEST(Consolidate, AverageChangingOnlyItsScaleIsSent) {
    Aggregate::Function avg;
    avg.spec = {"avg", {Type::Int4, "int4", -1}, {Type::Numeric, "numeric", -1}, false};
    avg.arg = compile_expr(column(1, "int4"), "arg", c_collation());
    std::vector<Aggregate::Function> functions;
    functions.push_back(std::move(avg));
    Aggregate aggregate(scan_of(0), {}, std::move(functions), c_collation());
    ZSet two{{{int64_t{1}, int64_t{173373299}}, 1}, {{int64_t{2}, int64_t{173373299}}, 1}};
    RowCounts integral;
    integrate(integral, aggregate.step({&two}));
    ASSERT_EQ(integral.size(), 1u);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(integral.begin()->first[0])), "173373299.00000000");
    ZSet one{{{int64_t{2}, int64_t{173373299}}, -1}};
    ZSet output = aggregate.step({&one});
    consolidate(output);  // as the dataflow does before a view's change is sent
    integrate(integral, output);
    ASSERT_EQ(integral.size(), 1u);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(integral.begin()->first[0])), "173373299.000000000000");
}

}  // namespace
}  // namespace cdc::engine::test
