// Oracle tests of join: after every random step, the integral of its
// output equals a nested-loop join of its whole inputs, for every kind,
// with and without a residual, with NULL keys.
#include "engine/join.hpp"

#include "engine/expr_test_util.hpp"
#include "engine/operator_test_util.hpp"

#include <gtest/gtest.h>

namespace cdc::engine::test {
namespace {

bool true_value(const Value& value) { return std::holds_alternative<bool>(value) && std::get<bool>(value); }

RowCounts reference_join(Join::Kind kind, const RowCounts& left, const RowCounts& right, const Expr* residual) {
    RowCounts expected;
    auto matches = [&](const Row& l, const Row& r) {
        if (is_null(l[0]) || is_null(r[0]) || !values_equal(l[0], r[0])) return false;
        return residual == nullptr || true_value(residual->eval(concat_rows(l, r)));
    };
    for (const auto& [l, lw] : left) {
        for (const auto& [r, rw] : right) {
            if (matches(l, r)) add_weight(expected, concat_rows(l, r), lw * rw);
        }
    }
    auto unmatched = [&](const RowCounts& side, const RowCounts& other, bool side_is_left) {
        for (const auto& [row, weight] : side) {
            bool found = false;
            for (const auto& entry : other) {
                found = found || (side_is_left ? matches(row, entry.first) : matches(entry.first, row));
            }
            if (!found) add_weight(expected, side_is_left ? concat_rows(row, Row(2)) : concat_rows(Row(2), row), weight);
        }
    };
    if (kind == Join::Kind::Left || kind == Join::Kind::Full) unmatched(left, right, true);
    if (kind == Join::Kind::Right || kind == Join::Kind::Full) unmatched(right, left, false);
    return expected;
}

void check_join(Join::Kind kind, bool with_residual, unsigned seed) {
    const Collation& collation = c_collation();
    // residual: left.value < right.value
    json residual_json = func("lt", "bool", {column(1, "int4"), column(3, "int4")});
    ExprPtr reference_residual = compile_expr(residual_json, "residual", collation);
    Join::Side left{scan_of(0), {}, 2}, right{scan_of(1), {}, 2};
    left.keys.push_back(compile_expr(column(0, "int4"), "l", collation));
    right.keys.push_back(compile_expr(column(0, "int4"), "r", collation));
    Join join(kind, std::move(left), std::move(right),
              with_residual ? compile_expr(residual_json, "residual", collation) : nullptr);

    std::mt19937 random(seed);
    RandomSource left_source{0, 3, {}}, right_source{1, 3, {}};
    RowCounts integral;
    for (int step = 0; step < 200; ++step) {
        ZSet left_change = left_source.change(random);
        ZSet right_change = right_source.change(random);
        integrate(integral, join.step({&left_change, &right_change}));
        RowCounts expected = reference_join(kind, left_source.content, right_source.content,
                                            with_residual ? reference_residual.get() : nullptr);
        ASSERT_TRUE(same_rows(integral, expected))
            << "step " << step << "\n got      " << show_rows(integral) << "\n expected " << show_rows(expected);
    }
}

TEST(Join, InnerMatchesReference) { check_join(Join::Kind::Inner, false, 1); }
TEST(Join, LeftMatchesReference) { check_join(Join::Kind::Left, false, 2); }
TEST(Join, RightMatchesReference) { check_join(Join::Kind::Right, false, 3); }
TEST(Join, FullMatchesReference) { check_join(Join::Kind::Full, false, 4); }
TEST(Join, InnerWithResidualMatchesReference) { check_join(Join::Kind::Inner, true, 5); }
TEST(Join, LeftWithResidualMatchesReference) { check_join(Join::Kind::Left, true, 6); }
TEST(Join, FullWithResidualMatchesReference) { check_join(Join::Kind::Full, true, 7); }

TEST(Join, NullKeysNeverMatchButArePreserved) {
    const Collation& collation = c_collation();
    Join::Side left{scan_of(0), {}, 2}, right{scan_of(1), {}, 2};
    left.keys.push_back(compile_expr(column(0, "int4"), "l", collation));
    right.keys.push_back(compile_expr(column(0, "int4"), "r", collation));
    Join join(Join::Kind::Full, std::move(left), std::move(right), nullptr);
    ZSet l{{{Value(), int64_t{1}}, 1}}, r{{{Value(), int64_t{2}}, 1}};
    ZSet out = join.step({&l, &r});
    consolidate(out);
    ASSERT_EQ(out.size(), 2u);  // each side padded, no NULL = NULL pair
    for (const auto& [row, weight] : out) EXPECT_EQ(weight, 1);
}

}  // namespace
}  // namespace cdc::engine::test
