// Checkpoints: what is written is read back; damage is detected, not loaded.
#include "checkpoint/checkpoint.hpp"

#include "cdc_stream/wire.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

namespace cdc::checkpoint {
namespace {

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

std::multiset<std::string> rows_of(const source::TableState& table) {
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

std::string temporary_path() {
    return ::testing::TempDir() + "checkpoint_test_" + std::to_string(::getpid()) + ".bin";
}

TEST(Checkpoint, RoundTripsViewsAndTables) {
    std::map<uint32_t, std::unique_ptr<source::TableState>> tables;
    tables[1] = std::make_unique<source::TableState>(relation(1, CDC_IDENTITY_DEFAULT));
    tables[2] = std::make_unique<source::TableState>(relation(2, CDC_IDENTITY_FULL));
    tables[1]->load({int64_t{1}, parse_numeric("-12.50"), std::string("héllo")});
    tables[1]->load({int64_t{2}, Value(), std::string("")});
    tables[2]->load({int64_t{7}, parse_numeric("NaN"), std::string("dup")});
    tables[2]->load({int64_t{7}, parse_numeric("NaN"), std::string("dup")});
    ViewDefinition view;
    view.id = 42;
    view.schema = "public";
    view.name = "v";
    view.topic = "v-topic";
    view.envelope = "upsert";
    view.partitions = 3;
    view.plan_json = R"({"version": 1})";
    std::string path = temporary_path();
    sink::Outbox outbox;
    outbox.position = 0x16B3749;
    outbox.messages.push_back({"v-topic", {std::string("{\"id\":1}"), std::nullopt, 2}, {"0/16B3748", "743", "2026-11-28T10:00:00Z"}});
    write_checkpoint(path, 0x16B3748, {view}, tables, outbox);

    std::optional<Checkpoint> read = read_checkpoint(path);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->lsn, 0x16B3748u);
    ASSERT_EQ(read->views.size(), 1u);
    EXPECT_EQ(read->views[0].id, 42);
    EXPECT_EQ(*read->views[0].topic, "v-topic");
    EXPECT_EQ(read->views[0].partitions, 3);
    EXPECT_EQ(read->views[0].plan_json, view.plan_json);
    ASSERT_EQ(read->tables.size(), 2u);
    EXPECT_EQ(rows_of(*read->tables.at(1)), rows_of(*tables[1]));
    EXPECT_EQ(rows_of(*read->tables.at(2)), rows_of(*tables[2]));
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
    std::remove(path.c_str());
}

TEST(Checkpoint, MissingIsNothingDamagedIsAnError) {
    std::string path = temporary_path();
    std::remove(path.c_str());
    EXPECT_FALSE(read_checkpoint(path).has_value());
    std::map<uint32_t, std::unique_ptr<source::TableState>> tables;
    write_checkpoint(path, 1, {}, tables, {});
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(9);
        file.put('\x7f');
    }
    EXPECT_THROW(read_checkpoint(path), CheckpointError);
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file << "CDC";
    }
    EXPECT_THROW(read_checkpoint(path), CheckpointError);
    std::remove(path.c_str());
}

// a rename onto a non-empty directory fails (even for root): the error
// names the paths and no temporary is left behind
TEST(Checkpoint, AFailedWriteLeavesNoTemporary) {
    namespace fs = std::filesystem;
    std::string path = temporary_path();
    fs::remove_all(path);
    fs::create_directories(path + "/occupied");
    std::map<uint32_t, std::unique_ptr<source::TableState>> tables;
    try {
        write_checkpoint(path, 1, {}, tables, {});
        ADD_FAILURE() << "the rename onto a directory succeeded";
    } catch (const CheckpointError& error) {
        EXPECT_NE(std::string(error.what()).find(path + ".tmp"), std::string::npos) << error.what();
    }
    EXPECT_FALSE(fs::exists(path + ".tmp"));
    fs::remove_all(path);
}

// writing checkpoints takes at most about a tenth of the time
TEST(Checkpoint, SpacingStretchesWithTheTimeAWriteTakes) {
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    EXPECT_EQ(checkpoint_spacing(seconds(10), milliseconds(200)), seconds(10));
    EXPECT_EQ(checkpoint_spacing(seconds(10), seconds(1)), seconds(10));
    EXPECT_EQ(checkpoint_spacing(seconds(10), seconds(3)), seconds(30));
    EXPECT_EQ(checkpoint_spacing(seconds(10), seconds(120)), std::chrono::minutes(10));  // one stall holds WAL back at most so long
    EXPECT_EQ(checkpoint_spacing(std::chrono::minutes(20), seconds(1)), std::chrono::minutes(20));
}

}  // namespace
}  // namespace cdc::checkpoint
