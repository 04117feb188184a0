// Fills in chunks equal fills in one step: views filled together in a
// shared graph, in chunks of a few rows, get the content each gets alone
// in one step; so does a view added over a subtree that already has
// state; and a global aggregate over empty tables still has its row.
#include "daemon/view_steps.hpp"

#include "cdc_stream/wire.h"
#include "engine/expr_test_util.hpp"
#include "engine/operator_test_util.hpp"
#include "state/test_store.hpp"

#include <gtest/gtest.h>

namespace cdc::daemon {
namespace {

using engine::test::column;
using engine::test::json;

wire::RelationMessage relation(uint32_t relid, const std::string& name, std::vector<std::string> columns,
                               char identity) {
    wire::RelationMessage message{relid, "s", name, identity, {}};
    for (size_t i = 0; i < columns.size(); ++i) {
        message.columns.push_back({columns[i], 23, -1, 0, identity == CDC_IDENTITY_DEFAULT && i == 0});
    }
    return message;
}

Row ints(std::initializer_list<int64_t> values) { return Row(values.begin(), values.end()); }

// users (id key, grp) and policies (user_id, amount; a multiset, duplicates included)
Tables seed_tables(state::Store& store, int users, int policies) {
    Tables tables;
    tables[1] = std::make_unique<state::TableState>(store, relation(1, "users", {"id", "grp"}, CDC_IDENTITY_DEFAULT));
    tables[2] = std::make_unique<state::TableState>(store, relation(2, "policies", {"user_id", "amount"}, CDC_IDENTITY_FULL));
    std::vector<Row> user_rows, policy_rows;
    for (int id = 1; id <= users; ++id) user_rows.push_back(ints({id, id % 3}));
    for (int i = 0; i < policies; ++i) policy_rows.push_back(ints({1 + (i * 7) % (users + 5), i % 4}));
    state::test::load_rows(*tables[1], user_rows);
    state::test::load_rows(*tables[2], policy_rows);
    return tables;
}

json scan(int relid, const std::string& table, std::vector<std::string> names) {
    json columns = json::array();
    for (const std::string& name : names) columns.push_back({{"name", name}, {"type", "int4"}});
    return {{"op", "scan"}, {"relid", relid}, {"schema", "s"}, {"table", table}, {"columns", columns}};
}

json base_root() {
    json join = {{"op", "join"}, {"kind", "left"}, {"residual", nullptr},
                 {"on", {{column(0, "int4"), column(0, "int4")}}},
                 {"left", scan(1, "users", {"id", "grp"})}, {"right", scan(2, "policies", {"user_id", "amount"})}};
    return {{"op", "project"}, {"input", join}, {"exprs", {column(0, "int4"), column(1, "int4"), column(3, "int4")}}};
}

json count_by(json input, std::vector<json> group_by) {
    json columns = json::array();
    for (size_t i = 0; i <= group_by.size(); ++i) columns.push_back({{"type", i < group_by.size() ? "int4" : "int8"}});
    return {{"op", "aggregate"}, {"input", std::move(input)}, {"columns", columns}, {"group_by", group_by},
            {"aggregates", {{{"fn", "count_star"}, {"type", "int8"}, {"filter", nullptr}, {"distinct", false}}}}};
}

std::unique_ptr<ViewRuntime> view(int64_t id, json root, size_t width) {
    json columns = json::array();
    for (size_t i = 0; i < width; ++i) columns.push_back({{"name", "c" + std::to_string(i)}, {"type", "int4"}});
    json sources = {{{"relid", 1}, {"schema", "s"}, {"table", "users"}, {"identity", "default"}, {"columns", {"id", "grp"}}},
                    {{"relid", 2}, {"schema", "s"}, {"table", "policies"}, {"identity", "full"},
                     {"columns", {"user_id", "amount"}}}};
    json plan = {{"version", 1}, {"key", nullptr}, {"columns", columns}, {"sources", sources}, {"root", std::move(root)}};
    ViewDefinition definition{id, "public", "v" + std::to_string(id), "v" + std::to_string(id), "row", 1, plan.dump()};
    return std::make_unique<ViewRuntime>(definition, engine::test::c_collation());
}

std::vector<std::unique_ptr<ViewRuntime>> seed_views() {
    std::vector<std::unique_ptr<ViewRuntime>> views;
    views.push_back(view(1, base_root(), 3));
    views.push_back(view(2, count_by(base_root(), {column(1, "int4")}), 2));  // per grp, over the first
    views.push_back(view(3, count_by(scan(2, "policies", {"user_id", "amount"}), {}), 1));  // one global row
    return views;
}

engine::RowCounts counted(const engine::ZSet& content) {
    engine::RowCounts rows;
    engine::test::integrate(rows, content);
    return rows;
}

// Each view alone, in a graph of its own, filled in one step.
engine::RowCounts alone(size_t index, const Tables& tables) {
    engine::Graph graph;
    std::unique_ptr<ViewRuntime> runtime = std::move(seed_views()[index]);
    FillResult filled = std::move(fill_views(graph, {runtime.get()}, tables, 1000000).front());
    EXPECT_EQ(filled.error, "");
    return counted(filled.content.rows());
}

TEST(FillViews, ChunksOfAFewRowsGiveTheWholeContent) {
    state::test::TestStore store;
    Tables tables = seed_tables(store.store(), 20, 60);
    engine::Graph graph;
    std::vector<std::unique_ptr<ViewRuntime>> views = seed_views();
    std::vector<FillResult> filled = fill_views(graph, {views[0].get(), views[1].get(), views[2].get()}, tables, 3);
    for (size_t i = 0; i < views.size(); ++i) {
        ASSERT_EQ(filled[i].error, "") << i;
        engine::RowCounts expected = alone(i, tables);
        EXPECT_TRUE(engine::test::same_rows(counted(filled[i].content.rows()), expected))
            << "view " << i << ": " << engine::test::show_rows(counted(filled[i].content.rows())) << " vs "
            << engine::test::show_rows(expected);
    }
    EXPECT_EQ(counted(filled[2].content.rows()).begin()->first[0], Value(int64_t{60}));
}

TEST(FillViews, AViewOverASubtreeWithStateIsFilledInChunksToo) {
    state::test::TestStore store;
    Tables tables = seed_tables(store.store(), 20, 60);
    engine::Graph graph;
    std::vector<std::unique_ptr<ViewRuntime>> views = seed_views();
    ASSERT_EQ(fill_views(graph, {views[0].get()}, tables).front().error, "");
    FillResult added = std::move(fill_views(graph, {views[1].get()}, tables, 4).front());
    ASSERT_EQ(added.error, "");
    EXPECT_TRUE(engine::test::same_rows(counted(added.content.rows()), alone(1, tables)));
}

TEST(FillViews, EmptyTablesStillGiveAGlobalAggregateItsRow) {
    state::test::TestStore store;
    Tables tables = seed_tables(store.store(), 0, 0);
    engine::Graph graph;
    std::vector<std::unique_ptr<ViewRuntime>> views = seed_views();
    std::vector<FillResult> filled = fill_views(graph, {views[0].get(), views[2].get()}, tables, 3);
    EXPECT_EQ(filled[0].content.size(), 0u);
    ASSERT_EQ(filled[1].content.size(), 1u);
    EXPECT_EQ(filled[1].content.rows()[0].first, Row{Value(int64_t{0})});
}

// A content sums its changes: a row retracted to zero is left out, the
// others come once each, in the order they first came, chunk after chunk.
TEST(ViewContent, SumsChangesAndGivesTheRowsInOrderInChunks) {
    ViewContent content;
    content.add({{ints({1}), 1}, {ints({2}), 2}, {ints({3}), 1}});
    content.add({{ints({2}), -2}, {ints({4}), 1}, {ints({1}), 1}, {ints({5}), 1}});
    EXPECT_EQ(content.size(), 4u);
    engine::ZSet expected = {{ints({1}), 2}, {ints({3}), 1}, {ints({4}), 1}, {ints({5}), 1}};
    EXPECT_EQ(content.rows(), expected);
    std::vector<size_t> sizes;
    engine::ZSet chunked;
    content.for_each_chunk(3, [&](const engine::ZSet& chunk) {
        sizes.push_back(chunk.size());
        chunked.insert(chunked.end(), chunk.begin(), chunk.end());
    });
    EXPECT_EQ(sizes, (std::vector<size_t>{3, 1}));
    EXPECT_EQ(chunked, expected);
}

}  // namespace
}  // namespace cdc::daemon
