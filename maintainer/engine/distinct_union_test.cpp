// Oracle tests of distinct and union: the integral of the output equals
// the set (distinct, UNION) or the sum (UNION ALL) of the whole inputs.
#include "engine/distinct.hpp"
#include "engine/union.hpp"

#include "engine/operator_test_util.hpp"

#include <gtest/gtest.h>

namespace cdc::engine::test {
namespace {

RowCounts as_set(const RowCounts& rows) {
    RowCounts set;
    for (const auto& entry : rows) {
        if (entry.second > 0) set.emplace(entry.first, 1);
    }
    return set;
}

TEST(Distinct, MatchesReference) {
    Distinct distinct(scan_of(0));
    std::mt19937 random(21);
    RandomSource source{0, 2, {}};
    RowCounts integral;
    for (int step = 0; step < 300; ++step) {
        ZSet change = source.change(random);
        integrate(integral, distinct.step({&change}));
        ASSERT_TRUE(same_rows(integral, as_set(source.content))) << "step " << step << ": " << show_rows(integral);
    }
}

void check_union(bool all, unsigned seed) {
    std::vector<OperatorPtr> inputs;
    inputs.push_back(scan_of(0));
    inputs.push_back(scan_of(1));
    Union union_op(std::move(inputs), all);
    std::mt19937 random(seed);
    RandomSource first{0, 2, {}}, second{1, 2, {}};
    RowCounts integral;
    for (int step = 0; step < 300; ++step) {
        ZSet a = first.change(random), b = second.change(random);
        integrate(integral, union_op.step({&a, &b}));
        RowCounts both = first.content;
        for (const auto& [row, weight] : second.content) add_weight(both, row, weight);
        RowCounts expected = all ? both : as_set(both);
        ASSERT_TRUE(same_rows(integral, expected)) << "step " << step << ": " << show_rows(integral);
    }
}

TEST(Union, AllMatchesReference) { check_union(true, 22); }
TEST(Union, DistinctMatchesReference) { check_union(false, 23); }

}  // namespace
}  // namespace cdc::engine::test

namespace cdc::engine::test {
namespace {

// 1.5 and 1.50 are one DISTINCT row; what is retracted is what was sent
TEST(Distinct, RetractsExactlyTheRowItSent) {
    Distinct distinct(std::make_unique<Scan>(0, std::vector<size_t>{0}));
    ZSet first{{{parse_numeric("1.5")}, 1}, {{parse_numeric("1.50")}, 1}};
    ZSet second{{{parse_numeric("1.5")}, -1}, {{parse_numeric("1.50")}, -1}};
    RowCounts integral;
    integrate(integral, distinct.step({&first}));
    EXPECT_EQ(integral.size(), 1u);
    integrate(integral, distinct.step({&second}));
    EXPECT_TRUE(integral.empty()) << show_rows(integral);
}

// once the last 1.50 goes, the row shows as the 1.5 that remains, as
// Postgres would (oracle, seed 797155)
TEST(Distinct, ShowsAFormStillPresent) {
    Distinct distinct(std::make_unique<Scan>(0, std::vector<size_t>{0}));
    ZSet first{{{parse_numeric("1.50")}, 1}, {{parse_numeric("1.5")}, 1}};
    ZSet second{{{parse_numeric("1.50")}, -1}};
    RowCounts integral;
    integrate(integral, distinct.step({&first}));
    integrate(integral, distinct.step({&second}));
    ASSERT_EQ(integral.size(), 1u) << show_rows(integral);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(integral.begin()->first[0])), "1.5");
    EXPECT_EQ(integral.begin()->second, 1);
}

// what is shown depends only on the forms present (1.5 before 1.50), so a
// dataflow rebuilt from the tables after a restart shows what was sent
TEST(Distinct, ShowsTheFirstFormPresentInAFixedOrder) {
    Distinct distinct(std::make_unique<Scan>(0, std::vector<size_t>{0}));
    ZSet first{{{parse_numeric("1.50")}, 1}};
    ZSet second{{{parse_numeric("1.5")}, 1}};
    RowCounts integral;
    integrate(integral, distinct.step({&first}));
    integrate(integral, distinct.step({&second}));
    ASSERT_EQ(integral.size(), 1u) << show_rows(integral);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(integral.begin()->first[0])), "1.5");
    Distinct rebuilt(std::make_unique<Scan>(0, std::vector<size_t>{0}));
    ZSet both{{{parse_numeric("1.5")}, 1}, {{parse_numeric("1.50")}, 1}};
    ZSet out = rebuilt.step({&both});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(out[0].first[0])), "1.5");
}

// '1 month' = '30 days': one DISTINCT row, shown in a form present
// ('30 days' before '1 month'), never in one that is not
TEST(Distinct, IntervalsEqualAsPostgresShowAFormPresent) {
    Distinct distinct(std::make_unique<Scan>(0, std::vector<size_t>{0}));
    ZSet first{{{Interval{0, 0, 1}}, 1}};
    ZSet second{{{Interval{0, 30, 0}}, 1}};
    ZSet third{{{Interval{0, 30, 0}}, -1}};
    RowCounts integral;
    integrate(integral, distinct.step({&first}));
    ASSERT_EQ(integral.size(), 1u) << show_rows(integral);
    EXPECT_EQ(std::get<Interval>(integral.begin()->first[0]), (Interval{0, 0, 1}));
    integrate(integral, distinct.step({&second}));
    ASSERT_EQ(integral.size(), 1u) << show_rows(integral);
    EXPECT_EQ(std::get<Interval>(integral.begin()->first[0]), (Interval{0, 30, 0}));
    integrate(integral, distinct.step({&third}));
    ASSERT_EQ(integral.size(), 1u) << show_rows(integral);
    EXPECT_EQ(std::get<Interval>(integral.begin()->first[0]), (Interval{0, 0, 1}));
    Distinct alone(std::make_unique<Scan>(0, std::vector<size_t>{0}));
    ZSet days{{{Interval{0, 30, 0}}, 1}};
    ZSet out = alone.step({&days});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<Interval>(out[0].first[0]), (Interval{0, 30, 0}));
}

}  // namespace
}  // namespace cdc::engine::test
