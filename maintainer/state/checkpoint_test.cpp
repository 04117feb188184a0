// Commits to the state store: what is committed is what a restart finds
// (and nothing uncommitted), copies and outboxes nobody refers to go,
// stores of another format or identity and 0.1's checkpoint file are
// refused.
#include "state/checkpoint.hpp"

#include "cdc_stream/wire.h"
#include "state/test_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

namespace cdc::state {
namespace {

constexpr char identity[] = "7311/postgres/cdc_stream";

wire::RelationMessage relation(uint32_t relid, char identity) {
    wire::RelationMessage r;
    r.relid = relid;
    r.schema = "source";
    r.name = "t" + std::to_string(relid);
    r.replica_identity = identity;
    r.columns = {{"id", 23, -1, CDC_CODEC_INT, true}, {"v", 1700, 655366, CDC_CODEC_NUMERIC, false},
                 {"label", 25, -1, CDC_CODEC_TEXT, false}};
    return r;
}

wire::RowMessage insert(uint32_t relid, Row values) {
    wire::RowMessage m;
    m.tag = CDC_MSG_INSERT;
    m.relid = relid;
    m.old_kind = CDC_OLD_NONE;
    m.new_tuple.status.assign(values.size(), wire::ColumnStatus::Value);
    m.new_tuple.values = std::move(values);
    return m;
}

std::multiset<std::string> rows_of(const TableState& table) {
    std::multiset<std::string> rows;
    table.for_each_row([&](const Row& row, int64_t count) {
        std::string text;
        for (const Value& value : row) {
            if (is_null(value)) text += "null|";
            else if (auto* n = std::get_if<Numeric>(&value)) text += numeric_to_string(*n) + "|";
            else if (auto* i = std::get_if<int64_t>(&value)) text += std::to_string(*i) + "|";
            else text += std::get<std::string>(value) + "|";
        }
        for (int64_t i = 0; i < count; ++i) rows.insert(text);
    });
    return rows;
}

size_t keys_under(const Store& store, const std::string& prefix) {
    size_t keys = 0;
    store.scan(prefix, [&](std::string_view, std::string_view) { return ++keys > 0; });
    return keys;
}

ViewDefinition view(int64_t id, const std::string& plan) {
    ViewDefinition definition;
    definition.id = id;
    definition.schema = "public";
    definition.name = "v" + std::to_string(id);
    definition.topic = "v-topic";
    definition.envelope = "upsert";
    definition.partitions = 3;
    definition.plan_json = plan;
    return definition;
}

Tables two_tables(Store& store) {
    Tables tables;
    tables[1] = std::make_unique<TableState>(store, relation(1, CDC_IDENTITY_DEFAULT));
    tables[2] = std::make_unique<TableState>(store, relation(2, CDC_IDENTITY_FULL));
    test::load_rows(*tables[1], {{int64_t{1}, parse_numeric("-12.50"), std::string("héllo")},
                                 {int64_t{2}, Value(), std::string("")}});
    test::load_rows(*tables[2], {{int64_t{7}, parse_numeric("NaN"), std::string("dup")},
                                 {int64_t{7}, parse_numeric("NaN"), std::string("dup")}});
    return tables;
}

TEST(Checkpoint, ARestartFindsWhatWasCommitted) {
    test::TestStore store;
    Tables tables = two_tables(store.store());
    sink::Outbox outbox;
    outbox.position = 0x16B3749;
    outbox.messages.push_back(
        {"v-topic", {std::string("{\"id\":1}"), std::nullopt, 2}, {"0/16B3748", "743", "2026-11-28T10:00:00Z"}});
    Checkpointer(store.store(), identity).commit(0x16B3748, {view(42, R"({"version": 1})")}, tables, &outbox);
    std::multiset<std::string> rows1 = rows_of(*tables[1]), rows2 = rows_of(*tables[2]);
    tables.clear();

    Store& reopened = store.reopen();
    std::optional<Checkpoint> read = Checkpointer(reopened, identity).load();
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->position, 0x16B3748u);
    ASSERT_EQ(read->views.size(), 1u);
    EXPECT_EQ(read->views[0].id, 42);
    EXPECT_EQ(*read->views[0].topic, "v-topic");
    EXPECT_EQ(read->views[0].partitions, 3);
    EXPECT_EQ(read->views[0].plan_json, R"({"version": 1})");
    ASSERT_EQ(read->tables.size(), 2u);
    EXPECT_EQ(rows_of(*read->tables.at(1)), rows1);
    EXPECT_EQ(rows_of(*read->tables.at(2)), rows2);
    EXPECT_EQ(read->tables.at(2)->row_count(), 2u);
    EXPECT_EQ(read->tables.at(1)->relation().columns[1].typmod, 655366);
    EXPECT_EQ(read->outbox.position, 0x16B3749u);
    ASSERT_EQ(read->outbox.messages.size(), 1u);
    const sink::OutboxMessage& message = read->outbox.messages[0];
    EXPECT_EQ(message.topic, "v-topic");
    EXPECT_EQ(*message.message.key, "{\"id\":1}");
    EXPECT_FALSE(message.message.value.has_value());  // a tombstone stays one
    EXPECT_EQ(message.message.partition, 2);
    EXPECT_EQ(message.headers.xid, "743");
    EXPECT_EQ(message.headers.commit_time, "2026-11-28T10:00:00Z");
}

// a crash loses the changes after the last commit, and only those: the
// slot replays them
TEST(Checkpoint, ChangesAfterTheLastCommitAreNotFound) {
    test::TestStore store;
    EXPECT_FALSE(Checkpointer(store.store(), identity).load().has_value());
    Tables tables = two_tables(store.store());
    Checkpointer checkpointer(store.store(), identity);
    checkpointer.commit(100, {view(1, "{}")}, tables);
    Delta delta;
    tables[1]->apply(insert(1, {int64_t{3}, Value(), std::string("later")}), delta);
    checkpointer.commit(200, {view(1, "{}"), view(2, "{}")}, tables);
    tables[1]->apply(insert(1, {int64_t{4}, Value(), std::string("lost")}), delta);
    tables.clear();

    std::optional<Checkpoint> read = Checkpointer(store.reopen(), identity).load();
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->position, 200u);
    EXPECT_EQ(read->views.size(), 2u);
    EXPECT_EQ(read->tables.at(1)->row_count(), 3u);
    EXPECT_EQ(rows_of(*read->tables.at(1)).count("4|null|lost|"), 0u);
    EXPECT_EQ(rows_of(*read->tables.at(1)).count("3|null|later|"), 1u);
}

TEST(Checkpoint, ChangedAndDroppedViewsAreStoredSo) {
    test::TestStore store;
    Tables none;
    Checkpointer checkpointer(store.store(), identity);
    checkpointer.commit(1, {view(1, "{\"a\": 1}"), view(2, "{}")}, none);
    checkpointer.commit(2, {view(1, "{\"a\": 2}")}, none);
    std::optional<Checkpoint> read = Checkpointer(store.reopen(), identity).load();
    ASSERT_EQ(read->views.size(), 1u);
    EXPECT_EQ(read->views[0].plan_json, "{\"a\": 2}");
}

// a truncated table moves to a new copy, a dropped one leaves; their old
// rows go with the commit, and so do the rows of a load a crash cut off
TEST(Checkpoint, CopiesNoTableRefersToAreRemoved) {
    test::TestStore store;
    Tables tables = two_tables(store.store());
    Checkpointer checkpointer(store.store(), identity);
    checkpointer.commit(1, {}, tables);
    uint64_t truncated = tables[1]->copy_id(), dropped = tables[2]->copy_id();
    Delta delta;
    tables[1]->truncate(delta);
    tables.erase(2);
    checkpointer.commit(2, {}, tables);
    EXPECT_EQ(keys_under(store.store(), copy_prefix(truncated)), 0u);
    EXPECT_EQ(keys_under(store.store(), copy_prefix(dropped)), 0u);

    TableState cut_off(store.store(), relation(3, CDC_IDENTITY_DEFAULT));
    test::load_rows(cut_off, {{int64_t{1}, Value(), std::string("x")}});
    ASSERT_EQ(keys_under(store.store(), copy_prefix(cut_off.copy_id())), 1u);
    Store& reopened = store.reopen();
    ASSERT_TRUE(Checkpointer(reopened, identity).load().has_value());
    EXPECT_EQ(keys_under(reopened, copy_prefix(cut_off.copy_id())), 0u);
    EXPECT_GT(reopened.new_copy_id(), cut_off.copy_id());  // never the id of rows left behind
}

TEST(Checkpoint, AnOutboxGoesWithTheNextCommit) {
    test::TestStore store;
    Tables none;
    sink::Outbox outbox;
    outbox.position = 10;
    for (int i = 0; i < 3; ++i) outbox.messages.push_back({"t", {std::string("k"), std::string("v"), 0}, {"0/A", "", ""}});
    Checkpointer checkpointer(store.store(), identity);
    checkpointer.commit(10, {}, none, &outbox);
    EXPECT_EQ(keys_under(store.store(), "o"), 3u);
    checkpointer.commit(11, {}, none);
    EXPECT_EQ(keys_under(store.store(), "o"), 0u);
    std::optional<Checkpoint> read = Checkpointer(store.reopen(), identity).load();
    EXPECT_TRUE(read->outbox.messages.empty());
}

TEST(Checkpoint, StoresOfAnotherFormatOrIdentityAreRefused) {
    test::TestStore store;
    Tables none;
    Checkpointer(store.store(), identity).commit(1, {}, none);
    try {
        Checkpointer other(store.store(), "9999/postgres/cdc_stream");
        ADD_FAILURE() << "a store of another cluster was accepted";
    } catch (const CheckpointError& error) {
        EXPECT_NE(std::string(error.what()).find("--state-dir"), std::string::npos) << error.what();
    }
    store.store().put("mformat", "cdc-maintainer store 1");
    store.store().commit();
    try {
        Checkpointer older(store.store(), identity);
        ADD_FAILURE() << "a store of format 1 was accepted";
    } catch (const CheckpointError& error) {
        EXPECT_NE(std::string(error.what()).find("drop its replication slot"), std::string::npos) << error.what();
    }
}

TEST(Checkpoint, TheOldCheckpointFileIsRefusedWithWhatToDo) {
    std::string path = ::testing::TempDir() + "old_" + std::to_string(::getpid()) + ".checkpoint";
    std::filesystem::remove(path);
    EXPECT_EQ(old_checkpoint_refusal(path, "s1"), "");
    std::ofstream(path) << "CDCCKPT2";
    std::string refusal = old_checkpoint_refusal(path, "s1");
    EXPECT_NE(refusal.find("pg_drop_replication_slot('s1')"), std::string::npos) << refusal;
    EXPECT_NE(refusal.find(path), std::string::npos) << refusal;
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace cdc::state
