// The table copy that completes deltas: old rows by key, TOAST values
// filled in, TRUNCATE, multisets for REPLICA IDENTITY FULL, new layouts.
#include "state/table_state.hpp"
#include "state/test_store.hpp"

#include "cdc_stream/wire.h"

#include <gtest/gtest.h>

namespace cdc::state {
namespace {

using wire::ColumnStatus;
using test::load_rows;

wire::RelationMessage relation(char identity, bool with_body = true) {
    wire::RelationMessage r;
    r.relid = 16384;
    r.schema = "public";
    r.name = "docs";
    r.replica_identity = identity;
    r.columns = {{"id", 23, -1, CDC_CODEC_INT, true}, {"title", 25, -1, CDC_CODEC_TEXT, false}};
    if (with_body) r.columns.push_back({"body", 25, -1, CDC_CODEC_TEXT, false});
    return r;
}

wire::Tuple tuple(Row values, std::vector<ColumnStatus> status = {}) {
    wire::Tuple t;
    t.status = status.empty() ? std::vector<ColumnStatus>(values.size(), ColumnStatus::Value) : status;
    for (size_t i = 0; i < values.size(); ++i) {
        if (is_null(values[i]) && status.empty()) t.status[i] = ColumnStatus::Null;
    }
    t.values = std::move(values);
    return t;
}

wire::RowMessage change(char tag, char old_kind, wire::Tuple old_tuple, wire::Tuple new_tuple) {
    wire::RowMessage m;
    m.tag = tag;
    m.relid = 16384;
    m.old_kind = old_kind;
    m.old_tuple = std::move(old_tuple);
    m.new_tuple = std::move(new_tuple);
    return m;
}

Row row(int64_t id, const char* title, const char* body) { return {id, std::string(title), std::string(body)}; }

TEST(TableState, DefaultIdentityFindsOldRowsByKey) {
    test::TestStore store;
    TableState table(store.store(), relation(CDC_IDENTITY_DEFAULT));
    Delta delta;
    table.apply(change(CDC_MSG_INSERT, CDC_OLD_NONE, {}, tuple(row(1, "a", "x"))), delta);
    table.apply(change(CDC_MSG_UPDATE, CDC_OLD_NONE, {}, tuple(row(1, "b", "x"))), delta);
    ASSERT_EQ(delta.size(), 3u);
    EXPECT_EQ(delta[1], std::make_pair(row(1, "a", "x"), int64_t{-1}));
    EXPECT_EQ(delta[2], std::make_pair(row(1, "b", "x"), int64_t{1}));
    delta.clear();
    // key change: the old key comes in a key-only tuple
    wire::Tuple old_key = tuple({int64_t{1}, Value(), Value()},
                                {ColumnStatus::Value, ColumnStatus::Absent, ColumnStatus::Absent});
    table.apply(change(CDC_MSG_UPDATE, CDC_OLD_KEY, old_key, tuple(row(2, "b", "x"))), delta);
    EXPECT_EQ(delta[0].first, row(1, "b", "x"));
    wire::Tuple deleted = tuple({int64_t{2}, Value(), Value()},
                                {ColumnStatus::Value, ColumnStatus::Absent, ColumnStatus::Absent});
    table.apply(change(CDC_MSG_DELETE, CDC_OLD_KEY, deleted, {}), delta);
    EXPECT_EQ(delta.back(), std::make_pair(row(2, "b", "x"), int64_t{-1}));
    EXPECT_EQ(table.row_count(), 0u);
}

TEST(TableState, UnchangedToastComesFromTheOldRow) {
    test::TestStore store;
    TableState table(store.store(), relation(CDC_IDENTITY_DEFAULT));
    Delta delta;
    std::string big(5000, 'z');
    table.apply(change(CDC_MSG_INSERT, CDC_OLD_NONE, {}, tuple(row(1, "a", big.c_str()))), delta);
    wire::Tuple partial = tuple({int64_t{1}, std::string("renamed"), Value()},
                                {ColumnStatus::Value, ColumnStatus::Value, ColumnStatus::UnchangedToast});
    table.apply(change(CDC_MSG_UPDATE, CDC_OLD_NONE, {}, partial), delta);
    EXPECT_EQ(delta.back().first, row(1, "renamed", big.c_str()));
}

TEST(TableState, FullIdentityIsAMultiset) {
    test::TestStore store;
    TableState table(store.store(), relation(CDC_IDENTITY_FULL));
    Delta delta;
    table.apply(change(CDC_MSG_INSERT, CDC_OLD_NONE, {}, tuple(row(1, "a", "x"))), delta);
    table.apply(change(CDC_MSG_INSERT, CDC_OLD_NONE, {}, tuple(row(1, "a", "x"))), delta);
    EXPECT_EQ(table.row_count(), 2u);
    table.apply(change(CDC_MSG_DELETE, CDC_OLD_FULL, tuple(row(1, "a", "x")), {}), delta);
    EXPECT_EQ(table.row_count(), 1u);
    delta.clear();
    table.truncate(delta);
    EXPECT_EQ(delta, (Delta{{row(1, "a", "x"), -1}}));
    EXPECT_EQ(table.row_count(), 0u);
}

TEST(TableState, ContradictionsAreErrors) {
    test::TestStore store;
    TableState table(store.store(), relation(CDC_IDENTITY_DEFAULT));
    Delta delta;
    EXPECT_THROW(table.apply(change(CDC_MSG_UPDATE, CDC_OLD_NONE, {}, tuple(row(9, "a", "x"))), delta), StateError);
    TableState full(store.store(), relation(CDC_IDENTITY_FULL));
    EXPECT_THROW(full.apply(change(CDC_MSG_DELETE, CDC_OLD_FULL, tuple(row(9, "a", "x")), {}), delta), StateError);
}

TEST(TableState, RelayoutKeepsValuesByName) {
    test::TestStore store;
    TableState table(store.store(), relation(CDC_IDENTITY_DEFAULT));
    load_rows(table, {row(1, "a", "x")});
    table.relayout(relation(CDC_IDENTITY_DEFAULT, false));
    Delta delta;
    table.truncate(delta);
    EXPECT_EQ(delta, (Delta{{Row{int64_t{1}, std::string("a")}, -1}}));
    TableState narrow(store.store(), relation(CDC_IDENTITY_DEFAULT, false));
    load_rows(narrow, {{int64_t{1}, std::string("a")}});
    EXPECT_THROW(narrow.relayout(relation(CDC_IDENTITY_DEFAULT)), StateError);
}

// REPLICA IDENTITY FULL keeps each row as sent: after the 1.5 row goes,
// the copy holds the 1.50 row, which TRUNCATE then retracts (the form sent)
TEST(TableState, FullIdentityKeepsEqualRowsOfDifferentForms) {
    test::TestStore store;
    wire::RelationMessage numbers = relation(CDC_IDENTITY_FULL, false);
    numbers.columns = {{"x", 1700, -1, CDC_CODEC_NUMERIC, true}};
    TableState table(store.store(), numbers);
    Delta delta;
    Row short_form{parse_numeric("1.5")}, long_form{parse_numeric("1.50")};
    table.apply(change(CDC_MSG_INSERT, CDC_OLD_NONE, {}, tuple(short_form)), delta);
    table.apply(change(CDC_MSG_INSERT, CDC_OLD_NONE, {}, tuple(long_form)), delta);
    table.apply(change(CDC_MSG_DELETE, CDC_OLD_FULL, tuple(short_form), {}), delta);
    delta.clear();
    table.truncate(delta);
    ASSERT_EQ(delta.size(), 1u);
    EXPECT_EQ(numeric_to_string(std::get<Numeric>(delta[0].first[0])), "1.50");
    EXPECT_EQ(delta[0].second, -1);
}

}  // namespace
}  // namespace cdc::state
