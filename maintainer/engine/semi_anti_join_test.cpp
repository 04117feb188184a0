// Oracle tests of semi_join and anti_join: after every random step, the
// integral of the output equals EXISTS / IN / NOT EXISTS / NOT IN computed
// from scratch on the whole inputs with SQL's three-valued logic, with NULL
// correlation keys and (NOT IN) NULL values on both sides, and the subquery
// emptied now and then; and NOT IN's NULL cases one by one.
#include "engine/anti_join.hpp"
#include "engine/semi_join.hpp"

#include "engine/expr_test_util.hpp"
#include "engine/operator_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

namespace cdc::engine::test {
namespace {

enum class Shape { Exists, In, NotExists, NotIn };

// Rows are (key, value); the correlation is key = key when correlated, and
// IN / NOT IN compare nullif(value, 0), so values are NULL now and then.
struct Case {
    Shape shape;
    bool correlated;
};

Value in_value(const Row& row) {
    return std::get<int64_t>(row[1]) == 0 ? Value() : row[1];
}

// SQL: NULL when either side is NULL, else whether they are equal.
std::optional<bool> sql_equal(const Value& a, const Value& b) {
    if (is_null(a) || is_null(b)) return std::nullopt;
    return values_equal(a, b);
}

bool reference_passes(const Case& test, const Row& outer, const RowCounts& inner) {
    bool any_true = false, any_unknown = false;
    for (const auto& [row, weight] : inner) {
        if (test.correlated && sql_equal(outer[0], row[0]) != std::optional<bool>(true)) continue;
        if (test.shape == Shape::Exists || test.shape == Shape::NotExists) {
            any_true = true;
            continue;
        }
        std::optional<bool> equal = sql_equal(in_value(outer), in_value(row));
        any_true = any_true || equal == std::optional<bool>(true);
        any_unknown = any_unknown || !equal;
    }
    switch (test.shape) {
        case Shape::Exists: case Shape::In: return any_true;
        case Shape::NotExists: return !any_true;
        case Shape::NotIn: return !any_true && !any_unknown;  // NOT (x = ANY S) is true
    }
    return false;
}

RowCounts reference(const Case& test, const RowCounts& outer, const RowCounts& inner) {
    RowCounts expected;
    for (const auto& [row, weight] : outer) {
        if (reference_passes(test, row, inner)) add_weight(expected, row, weight);
    }
    return expected;
}

ExprPtr key_expr() { return compile_expr(column(0, "int4"), "key", c_collation()); }
ExprPtr value_expr() {
    return compile_expr({{"kind", "nullif"}, {"type", "int4"}, {"args", {column(1, "int4"), constant("0", "int4")}}},
                        "value", c_collation());
}

OperatorPtr make_operator(const Case& test) {
    bool semi = test.shape == Shape::Exists || test.shape == Shape::In;
    if (semi) {
        SemiJoin::Side outer{scan_of(0), {}}, inner{scan_of(1), {}};
        for (SemiJoin::Side* side : {&outer, &inner}) {
            if (test.correlated) side->keys.push_back(key_expr());
            if (test.shape == Shape::In) side->keys.push_back(value_expr());
        }
        return std::make_unique<SemiJoin>(std::move(outer), std::move(inner));
    }
    AntiJoin::Side outer{scan_of(0), {}, nullptr}, inner{scan_of(1), {}, nullptr};
    for (AntiJoin::Side* side : {&outer, &inner}) {
        if (test.correlated) side->keys.push_back(key_expr());
        if (test.shape == Shape::NotIn) side->not_in = value_expr();
    }
    return std::make_unique<AntiJoin>(std::move(outer), std::move(inner));
}

// Deletes every row of source: the subquery becomes empty now and then.
ZSet truncate(RandomSource& source) {
    ZSet change;
    for (const auto& [row, weight] : source.content) change.emplace_back(row, -weight);
    source.content.clear();
    return change;
}

void check(const Case& test, unsigned seed) {
    OperatorPtr op = make_operator(test);
    std::mt19937 random(seed);
    RandomSource outer{0, 3, {}}, inner{1, 3, {}};
    RowCounts integral;
    for (int step = 0; step < 300; ++step) {
        ZSet outer_change = outer.change(random);
        ZSet inner_change = step % 7 == 3 ? ZSet() : step % 23 == 22 ? truncate(inner) : inner.change(random);
        integrate(integral, op->step({&outer_change, &inner_change}));
        RowCounts expected = reference(test, outer.content, inner.content);
        ASSERT_TRUE(same_rows(integral, expected))
            << "step " << step << "\n got      " << show_rows(integral) << "\n expected " << show_rows(expected)
            << "\n inner    " << show_rows(inner.content);
    }
}

TEST(SemiJoin, CorrelatedExistsMatchesReference) { check({Shape::Exists, true}, 11); }
TEST(SemiJoin, UncorrelatedExistsMatchesReference) { check({Shape::Exists, false}, 12); }
TEST(SemiJoin, CorrelatedInMatchesReference) { check({Shape::In, true}, 13); }
TEST(SemiJoin, InMatchesReference) { check({Shape::In, false}, 14); }
TEST(AntiJoin, CorrelatedNotExistsMatchesReference) { check({Shape::NotExists, true}, 15); }
TEST(AntiJoin, UncorrelatedNotExistsMatchesReference) { check({Shape::NotExists, false}, 16); }
TEST(AntiJoin, CorrelatedNotInMatchesReference) { check({Shape::NotIn, true}, 17); }
TEST(AntiJoin, NotInMatchesReference) { check({Shape::NotIn, false}, 18); }

TEST(SemiJoin, OuterRowKeepsItsWeightWhateverTheMatches) {
    SemiJoin::Side outer{scan_of(0), {}}, inner{scan_of(1), {}};
    outer.keys.push_back(key_expr());
    inner.keys.push_back(key_expr());
    SemiJoin join(std::move(outer), std::move(inner));
    ZSet outer_rows{{{int64_t{1}, int64_t{7}}, 2}}, inner_rows{{{int64_t{1}, int64_t{1}}, 3}};
    ZSet out = join.step({&outer_rows, &inner_rows});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].second, 2);
}

// x NOT IN (SELECT y FROM inner), uncorrelated, step by step.
class NotInNulls : public ::testing::Test {
   protected:
    NotInNulls() : op_(make_operator({Shape::NotIn, false})) {}

    // Feeds one step and returns the output's integral as "x,x,..." sorted.
    std::string step(ZSet outer, ZSet inner) {
        integrate(integral_, op_->step({&outer, &inner}));
        std::vector<std::string> values;
        for (const auto& [row, weight] : integral_) {
            for (int64_t i = 0; i < weight; ++i) values.push_back(is_null(in_value(row)) ? "NULL" : std::to_string(std::get<int64_t>(row[1])));
        }
        std::sort(values.begin(), values.end());
        std::string text;
        for (const std::string& value : values) text += (text.empty() ? "" : ",") + value;
        return text;
    }
    static ZSet rows(std::vector<int64_t> values, int64_t weight = 1) {
        ZSet change;
        for (int64_t value : values) change.emplace_back(Row{int64_t{1}, value}, weight);
        return change;
    }

    OperatorPtr op_;
    RowCounts integral_;
};

TEST_F(NotInNulls, EmptySubqueryPassesEveryRowEvenNull) {
    EXPECT_EQ(step(rows({0, 5, 6}), {}), "5,6,NULL");  // value 0 stands for NULL
}

TEST_F(NotInNulls, NullOuterValueFailsOnceTheSubqueryHasRows) {
    step(rows({0, 5, 6}), {});
    EXPECT_EQ(step({}, rows({5})), "6");
    EXPECT_EQ(step({}, rows({5}, -1)), "5,6,NULL");
}

TEST_F(NotInNulls, NullInTheSubqueryFailsEveryRow) {
    step(rows({0, 5, 6}), rows({5}));
    EXPECT_EQ(step({}, rows({0})), "");
    EXPECT_EQ(step(rows({7}), {}), "");
    EXPECT_EQ(step({}, rows({0}, -1)), "6,7");
    EXPECT_EQ(step({}, rows({5}, -1)), "5,6,7,NULL");
}

TEST_F(NotInNulls, OnlyNullsInTheSubqueryStillFailEveryRow) {
    step(rows({0, 5}), {});
    EXPECT_EQ(step({}, rows({0, 0})), "");
    EXPECT_EQ(step({}, rows({0}, -1)), "");
    EXPECT_EQ(step({}, rows({0}, -1)), "5,NULL");
}

TEST(AntiJoinNotIn, NullCorrelationKeyMeansAnEmptySubquery) {
    OperatorPtr op = make_operator({Shape::NotIn, true});
    ZSet outer{{{Value(), int64_t{0}}, 1}, {{Value(), int64_t{5}}, 1}, {{int64_t{1}, int64_t{5}}, 1}};
    ZSet inner{{{Value(), int64_t{5}}, 1}, {{int64_t{1}, int64_t{0}}, 1}};
    RowCounts integral;
    integrate(integral, op->step({&outer, &inner}));
    // (NULL, NULL) and (NULL, 5) have no inner row; (1, 5) meets a NULL y
    EXPECT_EQ(integral.size(), 2u);
    EXPECT_FALSE(integral.contains(Row{int64_t{1}, int64_t{5}}));
}

}  // namespace
}  // namespace cdc::engine::test
