// The dataflow built from real plans (the seed's views as explain_view
// prints them), and plan errors that name the bad field's path.
#include "engine/dataflow.hpp"

#include "engine/expr_test_util.hpp"
#include "engine/operator_test_util.hpp"

#include <gtest/gtest.h>

namespace cdc::engine::test {
namespace {

// usernames_grouping: SELECT codsog, count(*) AS nb_policies FROM
// user_policies GROUP BY codsog, from expected/add_view.out (relids 1, 2)
const char* grouping_plan = R"({"version": 1, "key": [0],
  "columns": [{"name": "codsog", "type": "int4"}, {"name": "nb_policies", "type": "int8"}],
  "sources": [{"relid": 1, "schema": "source", "table": "users", "identity": "full", "columns": ["id"]},
              {"relid": 2, "schema": "source", "table": "policies", "identity": "full", "columns": ["user_id"]}],
  "root": {"op": "aggregate", "columns": [{"type": "int4"}, {"type": "int8"}],
    "group_by": [{"kind": "column", "type": "int4", "index": 0}],
    "aggregates": [{"fn": "count_star", "type": "int8", "filter": null, "distinct": false}],
    "input": {"op": "join", "kind": "inner", "residual": null,
      "columns": [{"type": "int4"}, {"type": "int4"}],
      "on": [[{"kind": "column", "type": "int4", "index": 0}, {"kind": "column", "type": "int4", "index": 0}]],
      "left": {"op": "scan", "relid": 1, "schema": "source", "table": "users", "columns": [{"name": "id", "type": "int4"}]},
      "right": {"op": "scan", "relid": 2, "schema": "source", "table": "policies",
                "columns": [{"name": "user_id", "type": "int4"}]}}}})";

Row ints(std::initializer_list<int64_t> values) { return Row(values.begin(), values.end()); }

TEST(Dataflow, SeedGroupingFollowsTheSeed) {
    plan::Plan plan = plan::read_plan(grouping_plan);
    ASSERT_EQ(plan.key, std::vector<size_t>{0});
    Graph graph;
    Dataflow dataflow(plan, c_collation(), graph);
    ASSERT_EQ(graph.slot(1, {"id"}), 0u);  // the scans' slots, in build order
    ASSERT_EQ(graph.slot(2, {"user_id"}), 1u);
    ZSet users{{ints({1}), 1}, {ints({2}), 1}, {ints({3}), 1}};
    ZSet policies{{ints({1}), 1}, {ints({1}), 1}, {ints({3}), 1}};
    RowCounts content;
    graph.begin_step();
    integrate(content, dataflow.step({&users, &policies}));
    EXPECT_TRUE(same_rows(content, {{ints({1, 2}), 1}, {ints({3, 1}), 1}})) << show_rows(content);

    ZSet new_user{{ints({4}), 1}}, two_policies{{ints({4}), 1}, {ints({4}), 1}};
    graph.begin_step();
    EXPECT_TRUE(dataflow.step({&new_user, nullptr}).empty());  // a user without policies: no group
    graph.begin_step();
    ZSet change = dataflow.step({nullptr, &two_policies});
    ASSERT_EQ(change.size(), 1u);
    EXPECT_TRUE(RowEqual()(change[0].first, ints({4, 2})));
    ZSet gone{{ints({4}), -1}};
    graph.begin_step();
    change = dataflow.step({&gone, nullptr});  // the user goes: its group goes
    ASSERT_EQ(change.size(), 1u);
    EXPECT_EQ(change[0].second, -1);
}

// The grouping plan with its join replaced by op (its `on` pair kept, or
// dropped): users (not) among the policies' user_ids, counted.
RowCounts users_counted(const std::string& op, bool keep_on, std::initializer_list<ZSet> policy_steps) {
    std::string text = grouping_plan;
    auto replace = [&](const std::string& from, const std::string& to) { text.replace(text.find(from), from.size(), to); };
    replace(R"("op": "join", "kind": "inner", "residual": null,)", op);
    if (!keep_on) {
        replace(R"("on": [[{"kind": "column", "type": "int4", "index": 0}, {"kind": "column", "type": "int4", "index": 0}]],)",
                R"("on": [],)");
    }
    plan::Plan plan = plan::read_plan(text);
    Graph graph;
    Dataflow dataflow(plan, c_collation(), graph);
    ZSet users{{ints({1}), 1}, {ints({2}), 1}, {ints({3}), 1}};
    RowCounts content;
    graph.begin_step();
    integrate(content, dataflow.step({&users, nullptr}));
    for (const ZSet& policies : policy_steps) {
        graph.begin_step();
        integrate(content, dataflow.step({nullptr, &policies}));
    }
    return content;
}

TEST(Dataflow, SemiAndAntiJoinsFromTheirPlanNodes) {
    ZSet policies{{ints({1}), 1}, {ints({1}), 1}, {ints({3}), 1}};
    ZSet null_policy{{Row{Value()}, 1}};
    RowCounts semi = users_counted(R"("op": "semi_join",)", true, {policies});
    EXPECT_TRUE(same_rows(semi, {{ints({1, 1}), 1}, {ints({3, 1}), 1}})) << show_rows(semi);
    RowCounts anti = users_counted(R"("op": "anti_join", "not_in": null,)", true, {policies, null_policy});
    EXPECT_TRUE(same_rows(anti, {{ints({2, 1}), 1}})) << show_rows(anti);  // NOT EXISTS ignores the NULL
    const char* not_in = R"("op": "anti_join", "not_in": [{"kind": "column", "type": "int4", "index": 0},
        {"kind": "column", "type": "int4", "index": 0}],)";
    RowCounts before_null = users_counted(not_in, false, {policies});
    EXPECT_TRUE(same_rows(before_null, {{ints({2, 1}), 1}})) << show_rows(before_null);
    RowCounts after_null = users_counted(not_in, false, {policies, null_policy});
    EXPECT_TRUE(after_null.empty()) << show_rows(after_null);  // NOT IN meets a NULL
}

std::string plan_error(const std::string& text) {
    try {
        plan::Plan plan = plan::read_plan(text);
        Graph graph;
        Dataflow dataflow(plan, c_collation(), graph);
    } catch (const plan::PlanError& error) {
        return error.what();
    }
    return "no error";
}

std::string with(const std::string& from, const std::string& to) {
    std::string text = grouping_plan;
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

TEST(Dataflow, BadPlansNameTheBadField) {
    EXPECT_EQ(plan_error("{"), "plan: not valid JSON");
    EXPECT_EQ(plan_error(with(R"("version": 1)", R"("version": 2)")).substr(0, 30), "version: plan version 2 is not");
    EXPECT_EQ(plan_error(with(R"("op": "aggregate")", R"("op": "window")")),
              "root.op: unknown operator \"window\"");
    EXPECT_EQ(plan_error(with(R"("kind": "inner")", R"("kind": "semi")")),
              "root.input.kind: unknown join kind \"semi\"");
    EXPECT_EQ(plan_error(with(R"("fn": "count_star")", R"("fn": "median")")),
              "root.aggregates[0].fn: unknown aggregate \"median\"");
    EXPECT_EQ(plan_error(with(R"("name": "user_id", "type": "int4"}]}}}})", R"("name": "nope", "type": "int4"}]}}}})")),
              "root.input.right.columns[0]: column \"nope\" is not among the source's columns");
    EXPECT_EQ(plan_error(with(R"("key": [0])", R"("key": [5])")), "key[0]: expected the index of an output column");
    EXPECT_EQ(plan_error(with(R"("op": "join", "kind": "inner", "residual": null,)", R"("op": "anti_join", "not_in": [1],)")),
              "root.input.not_in: expected [left_expr, right_expr]");
    EXPECT_EQ(plan_error(with(R"("relid": 2, "schema")", R"("relid": "x", "schema")")),
              "sources[1].relid: expected an integer");
}

}  // namespace
}  // namespace cdc::engine::test
