// Oracle tests of aggregate: after every random step, the integral of its
// output equals GROUP BY computed from scratch on the whole input; plus
// Postgres' result types and scales, and the one row of a global aggregate.
#include "engine/aggregate.hpp"

#include "engine/expr_test_util.hpp"
#include "engine/numeric_ops.hpp"
#include "engine/operator_test_util.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace cdc::engine::test {
namespace {

Aggregate::Function function(const std::string& fn, bool distinct, const std::string& result_type) {
    Aggregate::Function f;
    f.spec.fn = fn;
    f.spec.distinct = distinct;
    f.spec.result_type = {type_from_name(result_type), result_type, -1};
    if (fn != "count_star") {
        f.arg = compile_expr(column(1, "int4"), "arg", c_collation());
        f.spec.arg_type = f.arg->type();
    }
    return f;
}

// count(*), count(v), sum(v), min(v), max(v), count(DISTINCT v), avg(v) per key
Aggregate make_aggregate(bool grouped) {
    std::vector<ExprPtr> group_by;
    if (grouped) group_by.push_back(compile_expr(column(0, "int4"), "key", c_collation()));
    std::vector<Aggregate::Function> functions;
    functions.push_back(function("count_star", false, "int8"));
    functions.push_back(function("count", false, "int8"));
    functions.push_back(function("sum", false, "int8"));
    functions.push_back(function("min", false, "int4"));
    functions.push_back(function("max", false, "int4"));
    functions.push_back(function("count", true, "int8"));
    functions.push_back(function("avg", false, "numeric"));
    return Aggregate(scan_of(0), std::move(group_by), std::move(functions), c_collation());
}

RowCounts reference(const RowCounts& input, bool grouped) {
    std::map<std::string, std::pair<Value, std::vector<std::pair<Value, int64_t>>>> groups;
    for (const auto& [row, weight] : input) {
        Value key = grouped ? row[0] : Value();
        std::string name = is_null(key) ? "null" : std::to_string(std::get<int64_t>(key));
        groups[name].first = key;
        groups[name].second.emplace_back(row[1], weight);
    }
    if (!grouped && groups.empty()) groups["global"] = {Value(), {}};
    RowCounts expected;
    for (const auto& [name, group] : groups) {
        int64_t rows = 0, count = 0, sum = 0;
        std::multiset<int64_t> values;
        for (const auto& [value, weight] : group.second) {
            rows += weight;
            if (is_null(value)) continue;
            count += weight;
            sum += std::get<int64_t>(value) * weight;
            for (int64_t i = 0; i < weight; ++i) values.insert(std::get<int64_t>(value));
        }
        auto or_null = [&](Value v) { return count == 0 ? Value() : v; };
        Row row;
        if (grouped) row.push_back(group.first);
        row.push_back(rows);
        row.push_back(count);
        row.push_back(or_null(sum));
        row.push_back(or_null(values.empty() ? Value() : Value(*values.begin())));
        row.push_back(or_null(values.empty() ? Value() : Value(*values.rbegin())));
        row.push_back(static_cast<int64_t>(std::set<int64_t>(values.begin(), values.end()).size()));
        row.push_back(or_null(count == 0 ? Value() : Value(numeric_div(numeric_from_int(sum), numeric_from_int(count)))));
        add_weight(expected, row, 1);
    }
    return expected;
}

void check_aggregate(bool grouped, unsigned seed) {
    Aggregate aggregate = make_aggregate(grouped);
    std::mt19937 random(seed);
    RandomSource source{0, 4, {}};
    RowCounts integral;
    for (int step = 0; step < 300; ++step) {
        ZSet change = source.change(random);
        integrate(integral, aggregate.step({&change}));
        RowCounts expected = reference(source.content, grouped);
        ASSERT_TRUE(same_rows(integral, expected))
            << "step " << step << "\n got      " << show_rows(integral) << "\n expected " << show_rows(expected);
    }
}

TEST(Aggregate, GroupedMatchesReference) { check_aggregate(true, 11); }
TEST(Aggregate, GlobalMatchesReference) { check_aggregate(false, 12); }

TEST(Aggregate, GlobalAggregateHasOneRowForEmptyInput) {
    Aggregate aggregate = make_aggregate(false);
    ZSet nothing;
    ZSet out = aggregate.step({&nothing});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<int64_t>(out[0].first[0]), 0);  // count(*) = 0
    EXPECT_TRUE(is_null(out[0].first[2]));             // sum of nothing is NULL
}

// sum(numeric) has the largest scale of the values present (Postgres:
// SELECT sum(x) FROM (VALUES (1.5), (2.25)) v(x) is 3.75; without 2.25, 1.5)
TEST(Aggregate, NumericSumScaleFollowsTheValuesPresent) {
    Aggregate::Function sum;
    sum.spec = {"sum", {Type::Numeric, "numeric", -1}, {Type::Numeric, "numeric", -1}, false};
    sum.arg = compile_expr(column(1, "numeric"), "arg", c_collation());
    std::vector<Aggregate::Function> functions;
    functions.push_back(std::move(sum));
    Aggregate aggregate(scan_of(0), {}, std::move(functions), c_collation());
    ZSet first{{{int64_t{1}, parse_numeric("1.5")}, 1}, {{int64_t{1}, parse_numeric("2.25")}, 1}};
    RowCounts integral;
    integrate(integral, aggregate.step({&first}));
    ASSERT_EQ(integral.size(), 1u);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(integral.begin()->first[0])), "3.75");
    ZSet second{{{int64_t{1}, parse_numeric("2.25")}, -1}};
    integrate(integral, aggregate.step({&second}));
    ASSERT_EQ(integral.size(), 1u);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(integral.begin()->first[0])), "1.5");
}

// avg(int) as Postgres prints it: SELECT avg(x) FROM (VALUES (1), (2)) v(x)
TEST(Aggregate, AverageOfIntegersHasPostgresScale) {
    Aggregate aggregate = make_aggregate(false);
    ZSet rows{{{int64_t{1}, int64_t{1}}, 1}, {{int64_t{1}, int64_t{2}}, 1}};
    RowCounts integral;
    integrate(integral, aggregate.step({&rows}));
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(integral.begin()->first[6])), "1.5000000000000000");
}

}  // namespace
}  // namespace cdc::engine::test

namespace cdc::engine::test {
namespace {

// groups 1.5 and 1.50 are one group; its old row goes out exactly as sent
TEST(Aggregate, RetractsExactlyTheRowItSent) {
    std::vector<ExprPtr> group_by;
    group_by.push_back(compile_expr(column(0, "numeric"), "key", c_collation()));
    std::vector<Aggregate::Function> functions;
    functions.push_back(function("count_star", false, "int8"));
    Aggregate aggregate(std::make_unique<Scan>(0, std::vector<size_t>{0}), std::move(group_by), std::move(functions),
                        c_collation());
    ZSet first{{{parse_numeric("1.5")}, 1}}, second{{{parse_numeric("1.50")}, 1}};
    RowCounts integral;
    integrate(integral, aggregate.step({&first}));
    integrate(integral, aggregate.step({&second}));
    ASSERT_EQ(integral.size(), 1u) << show_rows(integral);
    EXPECT_EQ(integral.begin()->second, 1);
}

// GROUP BY key, max and max(DISTINCT) show forms still present: once the
// row with 1.50 and 35.80 goes, the group shows 1.5 and 35.8, as Postgres
// must (the oracle found 35.80 shown after its row's DELETE, seed 797155)
TEST(Aggregate, ShowsFormsStillPresent) {
    std::vector<ExprPtr> group_by;
    group_by.push_back(compile_expr(column(0, "numeric"), "key", c_collation()));
    std::vector<Aggregate::Function> functions;
    for (bool distinct : {false, true}) {
        Aggregate::Function max;
        max.arg = compile_expr(column(1, "numeric"), "arg", c_collation());
        max.spec = {"max", max.arg->type(), max.arg->type(), distinct};
        functions.push_back(std::move(max));
    }
    Aggregate aggregate(std::make_unique<Scan>(0, std::vector<size_t>{0, 1}), std::move(group_by),
                        std::move(functions), c_collation());
    ZSet first{{{parse_numeric("1.50"), parse_numeric("35.80")}, 1}, {{parse_numeric("1.5"), parse_numeric("35.8")}, 1}};
    ZSet second{{{parse_numeric("1.50"), parse_numeric("35.80")}, -1}};
    RowCounts integral;
    integrate(integral, aggregate.step({&first}));
    integrate(integral, aggregate.step({&second}));
    ASSERT_EQ(integral.size(), 1u) << show_rows(integral);
    std::vector<std::string> shown;
    for (const Value& value : integral.begin()->first) shown.push_back(numeric_to_string(std::get<Numeric>(value)));
    EXPECT_EQ(shown, (std::vector<std::string>{"1.5", "35.8", "35.8"}));
}

// a value whose occurrences net to zero is gone, whatever its forms say
TEST(Aggregate, MaxForgetsAValueWhoseOccurrencesNetToZero) {
    Aggregate::Function max;
    max.arg = compile_expr(column(1, "numeric"), "arg", c_collation());
    max.spec = {"max", max.arg->type(), max.arg->type(), false};
    std::vector<Aggregate::Function> functions;
    functions.push_back(std::move(max));
    Aggregate aggregate(scan_of(0), {}, std::move(functions), c_collation());
    ZSet in{{{int64_t{1}, parse_numeric("1.5")}, 1}}, out{{{int64_t{1}, parse_numeric("1.50")}, -1}};
    RowCounts integral;
    integrate(integral, aggregate.step({&in}));
    integrate(integral, aggregate.step({&out}));
    ASSERT_EQ(integral.size(), 1u) << show_rows(integral);
    EXPECT_TRUE(is_null(integral.begin()->first[0])) << show_rows(integral);
}

}  // namespace
}  // namespace cdc::engine::test
