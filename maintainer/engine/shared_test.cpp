// Oracle tests of the shared graph: views built in one graph, sharing the
// nodes of a common subtree, emit after every random step what the same
// views emit each in a graph of its own; a view added after the others
// have state is filled through a private copy and stays exact; a node that
// failed is not handed to a new view.
#include "engine/dataflow.hpp"

#include "engine/expr_test_util.hpp"
#include "engine/operator_test_util.hpp"

#include <gtest/gtest.h>

namespace cdc::engine::test {
namespace {

json scan(int relid, const std::string& table, std::vector<std::string> names) {
    json columns = json::array();
    for (const std::string& name : names) columns.push_back({{"name", name}, {"type", "int4"}});
    return {{"op", "scan"}, {"relid", relid}, {"schema", "s"}, {"table", table}, {"columns", columns}};
}

// users (id, grp) joined to policies (user_id, amount): (id, grp, amount)
json user_policies() {
    json join = {{"op", "join"}, {"kind", "inner"}, {"residual", nullptr},
                 {"on", {{column(0, "int4"), column(0, "int4")}}},
                 {"left", scan(1, "users", {"id", "grp"})}, {"right", scan(2, "policies", {"user_id", "amount"})}};
    return {{"op", "project"}, {"input", join},
            {"exprs", {column(0, "int4"), column(1, "int4"), column(3, "int4")}}};
}

plan::Plan plan_of(json root, size_t width) {
    json columns = json::array();
    for (size_t i = 0; i < width; ++i) columns.push_back({{"name", "c" + std::to_string(i)}, {"type", "int4"}});
    json sources = {{{"relid", 1}, {"schema", "s"}, {"table", "users"}, {"identity", "full"}, {"columns", {"id", "grp"}}},
                    {{"relid", 2}, {"schema", "s"}, {"table", "policies"}, {"identity", "full"},
                     {"columns", {"user_id", "amount"}}}};
    json plan = {{"version", 1}, {"key", nullptr}, {"columns", columns}, {"sources", sources}, {"root", root}};
    return plan::read_plan(plan.dump());
}

plan::Plan base_plan() { return plan_of(user_policies(), 3); }
// a view over the view: its (id, amount)
plan::Plan narrow_plan() {
    return plan_of({{"op", "project"}, {"input", user_policies()}, {"exprs", {column(0, "int4"), column(2, "int4")}}},
                   2);
}
// another: count per id
plan::Plan count_plan() {
    json aggregate = {{"op", "aggregate"}, {"input", user_policies()}, {"columns", {{{"type", "int4"}}, {{"type", "int8"}}}},
                      {"group_by", {column(0, "int4")}},
                      {"aggregates", {{{"fn", "count_star"}, {"type", "int8"}, {"filter", nullptr}, {"distinct", false}}}}};
    return plan_of(aggregate, 2);
}

// A view with a dataflow of its own, as the reference.
struct Reference {
    explicit Reference(const plan::Plan& plan) : dataflow(plan, c_collation(), graph) {}
    ZSet step(const SourceChanges& changes) {
        graph.begin_step();
        return dataflow.step(changes);
    }
    Graph graph;
    Dataflow dataflow;
    RowCounts content;
};

struct Sources {
    RandomSource users{0, 4, {}};
    RandomSource policies{1, 4, {}};
    ZSet user_change, policy_change;

    SourceChanges next(std::mt19937& random) {
        user_change = users.change(random);
        policy_change = policies.change(random);
        return {&user_change, &policy_change};
    }
    SourceChanges whole() {
        user_change.assign(users.content.begin(), users.content.end());
        policy_change.assign(policies.content.begin(), policies.content.end());
        return {&user_change, &policy_change};
    }
};

TEST(SharedGraph, ViewsOverAViewShareItsNodesAndStayExact) {
    Graph graph;
    graph.begin_step();
    std::vector<plan::Plan> plans = {base_plan(), narrow_plan(), count_plan()};
    std::vector<std::unique_ptr<Dataflow>> views;
    for (const plan::Plan& plan : plans) views.push_back(std::make_unique<Dataflow>(plan, c_collation(), graph));
    EXPECT_EQ(graph.node_count(), 6u);  // two scans, the join, its projection; one node per view above it
    ASSERT_EQ(graph.slot(1, {"id", "grp"}), 0u);
    ASSERT_EQ(graph.slot(2, {"user_id", "amount"}), 1u);
    std::vector<std::unique_ptr<Reference>> references;
    for (const plan::Plan& plan : plans) references.push_back(std::make_unique<Reference>(plan));

    std::mt19937 random(7);
    Sources sources;
    std::vector<RowCounts> contents(views.size());
    for (int step = 0; step < 300; ++step) {
        if (step > 0) graph.begin_step();
        SourceChanges changes = sources.next(random);
        for (size_t v = 0; v < views.size(); ++v) {
            integrate(contents[v], views[v]->step(changes));
            integrate(references[v]->content, references[v]->step(changes));
            ASSERT_TRUE(same_rows(contents[v], references[v]->content))
                << "view " << v << " at step " << step << ": " << show_rows(contents[v]) << " vs "
                << show_rows(references[v]->content);
        }
    }
}

TEST(SharedGraph, AViewAddedLaterIsFilledThroughAPrivateCopy) {
    Graph graph;
    graph.begin_step();
    Dataflow base(base_plan(), c_collation(), graph);
    Reference base_reference(base_plan());
    std::mt19937 random(11);
    Sources sources;
    RowCounts base_content;
    auto step_base = [&](const SourceChanges& changes) {
        integrate(base_content, base.step(changes));
        integrate(base_reference.content, base_reference.step(changes));
        ASSERT_TRUE(same_rows(base_content, base_reference.content));
    };
    for (int step = 0; step < 100; ++step) {
        if (step > 0) graph.begin_step();
        step_base(sources.next(random));
    }

    graph.begin_step();
    size_t nodes = graph.node_count();
    Dataflow added(count_plan(), c_collation(), graph);
    EXPECT_EQ(graph.node_count(), nodes + 1);  // only its aggregate is new
    RowCounts added_content;
    integrate(added_content, added.step(sources.whole()));
    added.attach();
    Reference added_reference(count_plan());
    integrate(added_reference.content, added_reference.step(sources.whole()));
    ASSERT_TRUE(same_rows(added_content, added_reference.content)) << show_rows(added_content);

    for (int step = 0; step < 200; ++step) {
        graph.begin_step();
        SourceChanges changes = sources.next(random);
        step_base(changes);
        integrate(added_content, added.step(changes));
        integrate(added_reference.content, added_reference.step(changes));
        ASSERT_TRUE(same_rows(added_content, added_reference.content))
            << "step " << step << ": " << show_rows(added_content) << " vs " << show_rows(added_reference.content);
    }
}

// 10 / amount over policies, and two views over it
json quotient() {
    return {{"op", "project"}, {"input", scan(2, "policies", {"user_id", "amount"})},
            {"exprs", {func("div", "int4", {constant("10", "int4"), column(1, "int4")})}}};
}
plan::Plan over_quotient(const std::string& offset) {
    return plan_of({{"op", "project"}, {"input", quotient()},
                    {"exprs", {func("add", "int4", {column(0, "int4"), constant(offset, "int4")})}}},
                   1);
}

TEST(SharedGraph, AFailedNodeFailsEveryConsumerAndIsNotReused) {
    Graph graph;
    graph.begin_step();
    Dataflow one(over_quotient("1"), c_collation(), graph);
    Dataflow two(over_quotient("2"), c_collation(), graph);
    ASSERT_EQ(graph.slot(2, {"user_id", "amount"}), 0u);
    ZSet good{{Row{int64_t(1), int64_t(5)}, 1}}, zero{{Row{int64_t(2), int64_t(0)}, 1}};
    one.step({&good});
    two.step({&good});
    one.attach();
    two.attach();

    graph.begin_step();
    EXPECT_THROW(one.step({&zero}), EvaluationError);
    EXPECT_THROW(two.step({&zero}), EvaluationError);  // the shared quotient failed for both
    graph.begin_step();
    Dataflow three(over_quotient("3"), c_collation(), graph);  // a new quotient: the failed one keeps failing
    ZSet content = three.step({&good});
    ASSERT_EQ(content.size(), 1u);
    EXPECT_EQ(std::get<int64_t>(content[0].first[0]), 10 / 5 + 3);
}

TEST(SharedGraph, ADataflowStepsOncePerGraphStep) {
    Graph graph;
    graph.begin_step();
    Dataflow view(base_plan(), c_collation(), graph);
    ZSet none;
    view.step({&none, &none});
    EXPECT_THROW(view.step({&none, &none}), std::logic_error);
}

}  // namespace
}  // namespace cdc::engine::test
