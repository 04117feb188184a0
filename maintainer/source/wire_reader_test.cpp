// The reader against the golden bytes the output plugin wrote in
// expected/wire_binary.out (pg_regress checks the plugin against the same
// file), and against malformed input.
#include "source/wire_reader.hpp"

#include "cdc_stream/wire.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace cdc::wire {
namespace {

constexpr char golden_file[] = "expected/wire_binary.out";        // version 2
constexpr char golden_v1_file[] = "expected/wire_binary_v1.out";  // version 1

std::string from_hex(const std::string& hex) {
    std::string bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return bytes;
}

std::string relid_bytes(uint32_t relid) {
    return {static_cast<char>(relid >> 24), static_cast<char>(relid >> 16), static_cast<char>(relid >> 8),
            static_cast<char>(relid)};
}

// The golden messages in file order.  Masked BEGIN/COMMIT bodies are
// synthesised with their recorded length.  Masked relation OIDs become
// 16384 in version 1 (its rows name the relation by the same masked OID),
// and 16384 + the relation number in version 2, so that relations sent on
// one connection stay apart.
std::vector<std::string> golden_messages(const char* file = golden_file, int version = CDC_WIRE_VERSION_MAX) {
    std::ifstream in(file);
    EXPECT_TRUE(in.good()) << "cannot open " << file << " (run from the repository root)";
    std::vector<std::string> messages;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string tag, field, hex;
        if (!(words >> tag >> field) || tag.size() != 1 || line.rfind(" ", 0) != 0) continue;
        if (field == "length") {
            int length = 0;
            words >> length;
            messages.push_back(tag + std::string(length - 1, '\0'));
        } else if (field == "<relid>" && words >> hex) {
            std::string body = from_hex(hex);
            uint32_t relid = 16384;
            if (version >= 2 && tag == "R") relid += static_cast<uint8_t>(body.at(0));  // relnum < 128 here
            messages.push_back(tag + relid_bytes(relid) + body);
        } else if (tag == "T" && words >> hex && hex == "<relids>") {
            std::string head = from_hex(field);  // flags, count
            std::string message = tag + head;
            for (int i = 0; i < head[1]; ++i) message += relid_bytes(16384);
            messages.push_back(message);
        } else if (version >= 2 && field.find_first_not_of("0123456789abcdef") == std::string::npos) {
            messages.push_back(tag + from_hex(field));
        }
    }
    return messages;
}

// Decoded golden rows by table name, in order.
struct Golden {
    std::map<std::string, std::vector<RowMessage>> rows;
    std::map<std::string, std::vector<RelationMessage>> relations;
    std::map<std::string, std::vector<size_t>> row_sizes;  // message bytes
    std::vector<TruncateMessage> truncates;
    int begins = 0, commits = 0;
};

Golden decode_golden(const char* file, int version) {
    Golden golden;
    WireReader reader(version);
    for (const std::string& bytes : golden_messages(file, version)) {
        Message message = reader.read(bytes);
        if (auto* row = std::get_if<RowMessage>(&message)) {
            const std::string& name = reader.relation(row->relid)->name;
            golden.rows[name].push_back(*row);
            golden.row_sizes[name].push_back(bytes.size());
        } else if (auto* relation = std::get_if<RelationMessage>(&message)) {
            golden.relations[relation->name].push_back(*relation);
        } else if (auto* truncate = std::get_if<TruncateMessage>(&message)) {
            golden.truncates.push_back(*truncate);
        } else if (std::holds_alternative<BeginMessage>(message)) {
            ++golden.begins;
        } else {
            ++golden.commits;
        }
    }
    return golden;
}

const Golden& golden() {
    static const Golden decoded = decode_golden(golden_file, 2);
    return decoded;
}

const Golden& golden_v1() {
    static const Golden decoded = decode_golden(golden_v1_file, 1);
    return decoded;
}

const Row& new_values(const std::string& table, size_t index) {
    return golden().rows.at(table).at(index).new_tuple.values;
}

std::string numeric_text(const Value& value) { return numeric_to_string(std::get<Numeric>(value)); }

TEST(WireGolden, EveryMessageDecodes) {
    EXPECT_GT(golden_messages().size(), 40u);
    EXPECT_EQ(golden().begins, golden().commits);
}

TEST(WireGolden, RelationDescribesColumns) {
    const RelationMessage& relation = golden().relations.at("c_int").at(0);
    EXPECT_EQ(relation.schema, "public");
    EXPECT_EQ(relation.replica_identity, CDC_IDENTITY_DEFAULT);
    ASSERT_EQ(relation.columns.size(), 4u);
    EXPECT_EQ(relation.columns[0].name, "k");
    EXPECT_TRUE(relation.columns[0].identity);
    EXPECT_FALSE(relation.columns[1].identity);
    EXPECT_EQ(relation.columns[1].type_oid, 21u);  // int2
    EXPECT_EQ(relation.columns[3].type_oid, 20u);  // int8
    EXPECT_EQ(relation.columns[3].codec, CDC_CODEC_INT);
    EXPECT_EQ(relation.columns[3].typmod, -1);
    const RelationMessage& text = golden().relations.at("c_text").at(0);
    EXPECT_EQ(text.columns[2].typmod, 9);  // varchar(5)
    EXPECT_EQ(golden().relations.at("c_full").at(0).replica_identity, CDC_IDENTITY_FULL);
}

TEST(WireGolden, Integers) {
    EXPECT_EQ(new_values("c_int", 0), (Row{int64_t{1}, int64_t{1}, int64_t{-1}, int64_t{300}}));
    EXPECT_EQ(new_values("c_int", 1), (Row{int64_t{2}, int64_t{32767}, int64_t{2147483647},
                                           std::numeric_limits<int64_t>::max()}));
    EXPECT_EQ(new_values("c_int", 2), (Row{int64_t{3}, int64_t{-32768}, int64_t{-2147483648LL},
                                           std::numeric_limits<int64_t>::min()}));
    const Tuple& nulls = golden().rows.at("c_int").at(3).new_tuple;
    EXPECT_EQ(nulls.status, (std::vector<ColumnStatus>{ColumnStatus::Value, ColumnStatus::Null,
                                                       ColumnStatus::Value, ColumnStatus::Null}));
    EXPECT_EQ(nulls.values[2], Value(int64_t{0}));
}

TEST(WireGolden, FloatsAndBooleans) {
    EXPECT_EQ(new_values("c_float", 0), (Row{int64_t{1}, 1.5, -2.25, true}));
    const Row& special = new_values("c_float", 1);
    EXPECT_TRUE(std::isnan(std::get<double>(special[1])));
    EXPECT_EQ(std::get<double>(special[2]), std::numeric_limits<double>::infinity());
    EXPECT_EQ(special[3], Value(false));
    const Row& negative = new_values("c_float", 2);
    EXPECT_TRUE(std::signbit(std::get<double>(negative[1])));
    EXPECT_EQ(std::get<double>(negative[2]), -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(is_null(negative[3]));
}

TEST(WireGolden, NumericsKeepValueAndScale) {
    std::vector<std::string> expected = {"123.45",    "-0.050",    "0",
                                         "NaN",       "Infinity",  "-Infinity",
                                         "100000000000000000000", "12345678901234567890.0987654321"};
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(numeric_text(new_values("c_numeric", i)[1]), expected[i]) << "row " << i;
    }
}

TEST(WireGolden, TextIsUtf8AndBpcharPadded) {
    EXPECT_EQ(new_values("c_text", 0), (Row{int64_t{1}, std::string("héllo ✓"), std::string("ab"),
                                            std::string("x  ")}));
    EXPECT_EQ(new_values("c_text", 1), (Row{int64_t{2}, std::string(), Value(), std::string("   ")}));
}

TEST(WireGolden, DatesAndTimestampsCountFrom2000) {
    EXPECT_EQ(new_values("c_time", 0), (Row{int64_t{1}, int64_t{1}, int64_t{1000000}, int64_t{-1000000},
                                            Interval{3000000, -2, 1}}));
    EXPECT_EQ(new_values("c_time", 1), (Row{int64_t{2}, int64_t{std::numeric_limits<int32_t>::max()},
                                            std::numeric_limits<int64_t>::min(),
                                            std::numeric_limits<int64_t>::max(), Interval{0, 0, -2136000000}}));
    // intervals keep Postgres' three fields, not normalised
    EXPECT_EQ(new_values("c_time", 2)[4], Value(Interval{-1, 0, 0}));
    // '0001-01-01 BC' - '2000-01-01' and '2024-02-29 13:14:15.123456', from Postgres
    EXPECT_EQ(new_values("c_time", 2)[1], Value(int64_t{-730485}));
    EXPECT_EQ(new_values("c_time", 2)[2], Value(int64_t{762527655123456}));
}

TEST(WireGolden, UuidBytesAndTextOutput) {
    EXPECT_EQ(new_values("c_other", 0),
              (Row{int64_t{1}, std::string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), std::string("\x00\xff", 2),
                   std::string("{\"a\": 1}"), std::string("{1,2}")}));
}

TEST(WireGolden, UpdatesAndDeletesCarryOldRowsByIdentity) {
    const auto& rows = golden().rows.at("c_int");
    const RowMessage& same_key = rows.at(4);
    EXPECT_EQ(same_key.tag, CDC_MSG_UPDATE);
    EXPECT_EQ(same_key.old_kind, CDC_OLD_NONE);
    EXPECT_EQ(same_key.new_tuple.values, (Row{int64_t{1}, int64_t{2}, int64_t{-1}, int64_t{300}}));
    const RowMessage& new_key = rows.at(5);
    EXPECT_EQ(new_key.old_kind, CDC_OLD_KEY);
    EXPECT_EQ(new_key.old_tuple.status, (std::vector<ColumnStatus>{ColumnStatus::Value, ColumnStatus::Absent,
                                                                   ColumnStatus::Absent, ColumnStatus::Absent}));
    EXPECT_EQ(new_key.old_tuple.values[0], Value(int64_t{4}));
    EXPECT_EQ(new_key.new_tuple.values[0], Value(int64_t{5}));
    const RowMessage& deleted = rows.at(6);
    EXPECT_EQ(deleted.tag, CDC_MSG_DELETE);
    EXPECT_EQ(deleted.old_kind, CDC_OLD_KEY);
    EXPECT_EQ(deleted.old_tuple.values[0], Value(int64_t{5}));

    const auto& full = golden().rows.at("c_full");
    EXPECT_EQ(full.at(1).old_kind, CDC_OLD_FULL);
    EXPECT_EQ(full.at(1).old_tuple.values, (Row{int64_t{1}, std::string("a")}));
    EXPECT_EQ(full.at(1).new_tuple.values, (Row{int64_t{1}, std::string("b")}));
    EXPECT_EQ(full.at(2).old_tuple.values, (Row{int64_t{1}, std::string("b")}));
}

TEST(WireGolden, FilteredColumnsAndUnchangedToast) {
    const auto& relations = golden().relations.at("c_toast");
    ASSERT_EQ(relations.size(), 2u);
    EXPECT_EQ(relations[0].columns.size(), 2u);  // tables option c_toast(k, v)
    EXPECT_EQ(relations[1].columns.size(), 3u);
    const RowMessage& update = golden().rows.at("c_toast").back();
    EXPECT_EQ(update.new_tuple.status[2], ColumnStatus::UnchangedToast);
    EXPECT_EQ(update.new_tuple.values[1], Value(std::string("c")));
}

TEST(WireGolden, TruncateFlagsAndRelations) {
    ASSERT_EQ(golden().truncates.size(), 1u);
    EXPECT_TRUE(golden().truncates[0].cascade);
    EXPECT_TRUE(golden().truncates[0].restart_identity);
    EXPECT_EQ(golden().truncates[0].relids.size(), 2u);
}

TEST(WireGolden, TuplesWithEveryValueHaveNoBitmap) {
    // c_int (k, v2, v4, v8) = (1, 1, -1, 300): tag, row_head, four varints
    const RowMessage& full = golden().rows.at("c_int").at(0);
    EXPECT_EQ(golden().row_sizes.at("c_int").at(0), 2u + 5u);
    EXPECT_EQ(full.new_tuple.status, std::vector<ColumnStatus>(4, ColumnStatus::Value));
    // (4, NULL, 0, NULL) keeps its bitmap
    EXPECT_EQ(golden().row_sizes.at("c_int").at(3), 2u + 1u + 2u);
    // REPLICA IDENTITY FULL: both tuples of the UPDATE without bitmaps
    const RowMessage& update = golden().rows.at("c_full").at(1);
    EXPECT_EQ(golden().row_sizes.at("c_full").at(1), 3u + 3u + 3u);
    EXPECT_EQ(update.old_tuple.status, std::vector<ColumnStatus>(2, ColumnStatus::Value));
    // a KEY old tuple has ABSENT columns, so its bitmap stays
    EXPECT_EQ(golden().rows.at("c_int").at(5).old_tuple.status[1], ColumnStatus::Absent);
}

TEST(WireGolden, RelationNumbersKeepRelationsApart) {
    // one transaction: c_int (number 0), c_float (number 1), c_int again
    const auto& ints = golden().rows.at("c_int");
    const auto& floats = golden().rows.at("c_float");
    EXPECT_EQ(ints.at(ints.size() - 2).new_tuple.values, (Row{int64_t{6}, int64_t{6}, int64_t{6}, int64_t{6}}));
    EXPECT_EQ(ints.back().new_tuple.values, (Row{int64_t{7}, int64_t{7}, int64_t{7}, int64_t{7}}));
    EXPECT_EQ(floats.back().new_tuple.values, (Row{int64_t{4}, 4.0, 4.0, true}));
    EXPECT_NE(ints.back().relid, floats.back().relid);
    EXPECT_EQ(golden().truncates.at(0).relids, (std::vector<uint32_t>{16384, 16385}));
}

TEST(WireGoldenV1, RowsByOidWithBitmaps) {
    EXPECT_EQ(golden_v1().begins, golden_v1().commits);
    const auto& ints = golden_v1().rows.at("v1_int");
    EXPECT_EQ(ints.at(0).new_tuple.values, (Row{int64_t{1}, int64_t{1}, int64_t{-1}, int64_t{300}}));
    EXPECT_EQ(golden_v1().row_sizes.at("v1_int").at(0), 5u + 1u + 5u);
    EXPECT_EQ(ints.at(1).new_tuple.status[1], ColumnStatus::Null);
    EXPECT_EQ(ints.at(3).old_kind, CDC_OLD_KEY);
    EXPECT_EQ(ints.at(3).old_tuple.values[0], Value(int64_t{4}));
    EXPECT_EQ(ints.at(4).tag, CDC_MSG_DELETE);
    std::vector<std::string> numerics = {"123.45", "-0.050", "0", "NaN", "Infinity", "-Infinity",
                                         "100000000000000000000", "12345678901234567890.0987654321"};
    for (size_t i = 0; i < numerics.size(); ++i) {
        EXPECT_EQ(numeric_text(golden_v1().rows.at("v1_numeric").at(i).new_tuple.values[1]), numerics[i]);
    }
    EXPECT_EQ(golden_v1().rows.at("v1_full").at(1).old_tuple.values, (Row{int64_t{1}, std::string("a")}));
    ASSERT_EQ(golden_v1().truncates.size(), 1u);
    EXPECT_EQ(golden_v1().truncates[0].relids.size(), 2u);
}

// Equal rows, NaN equal to NaN.
bool same_values(const Row& a, const Row& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const auto* x = std::get_if<double>(&a[i]);
        const auto* y = std::get_if<double>(&b[i]);
        if (!(a[i] == b[i]) && !(x && y && std::isnan(*x) && std::isnan(*y))) return false;
    }
    return true;
}

// In version 2 a write carries one or more messages back to back (the
// plugin packs a transaction's messages; expected/wire_binary.out checks
// that its writes are exactly the golden messages concatenated).
TEST(WireReader, ReadsEveryMessageOfAWrite) {
    std::vector<std::string> messages = golden_messages();
    WireReader one_by_one;
    std::vector<Message> expected;
    for (const std::string& bytes : messages) expected.push_back(one_by_one.read(bytes));

    WireReader packed;
    std::vector<Message> decoded;
    std::string write;
    size_t writes = 0;
    for (const std::string& bytes : messages) {
        write += bytes;
        if (bytes[0] != CDC_MSG_COMMIT) continue;  // a write ends at COMMIT at the latest
        for (Message& message : packed.read_all(write)) decoded.push_back(std::move(message));
        write.clear();
        ++writes;
    }
    EXPECT_TRUE(write.empty());
    EXPECT_EQ(writes, static_cast<size_t>(golden().commits));
    ASSERT_EQ(decoded.size(), expected.size());
    for (size_t i = 0; i < decoded.size(); ++i) {
        ASSERT_EQ(decoded[i].index(), expected[i].index()) << "message " << i;
        if (const auto* row = std::get_if<RowMessage>(&decoded[i])) {
            const auto& want = std::get<RowMessage>(expected[i]);
            EXPECT_EQ(row->relid, want.relid) << "message " << i;
            EXPECT_EQ(row->old_tuple.status, want.old_tuple.status) << "message " << i;
            EXPECT_EQ(row->new_tuple.status, want.new_tuple.status) << "message " << i;
            EXPECT_TRUE(same_values(row->old_tuple.values, want.old_tuple.values)) << "message " << i;
            EXPECT_TRUE(same_values(row->new_tuple.values, want.new_tuple.values)) << "message " << i;
        }
    }

    std::string commit = "C" + std::string(24, '\0');
    WireReader reader;
    EXPECT_EQ(reader.read_all(commit).size(), 1u);
    EXPECT_EQ(reader.read_all(commit + commit).size(), 2u);
    EXPECT_THROW(reader.read_all(""), WireError);
    EXPECT_THROW(reader.read_all(commit + "C"), WireError);  // the second message is cut
}

TEST(WireReader, RefusesMalformedInput) {
    WireReader reader;
    EXPECT_THROW(reader.read(""), WireError);
    EXPECT_THROW(reader.read("X"), WireError);
    EXPECT_THROW(reader.read(std::string("B\0\0", 3)), WireError);            // truncated
    EXPECT_THROW(reader.read(std::string("I\x01\x02", 3)), WireError);        // unknown relation number
    EXPECT_THROW(reader.read(std::string("T\0\x01\x00", 4)), WireError);     // unknown relation number
    std::string commit = "C" + std::string(24, '\0');
    EXPECT_NO_THROW(reader.read(commit));
    EXPECT_THROW(reader.read(commit + "x"), WireError);                         // trailing bytes
    WireReader v1(1);
    EXPECT_THROW(v1.read(std::string("I\0\0\x40\0\0", 6)), WireError);        // unknown relation
    EXPECT_THROW(WireReader(0), WireError);
    EXPECT_THROW(WireReader(CDC_WIRE_VERSION_MAX + 1), WireError);
}

}  // namespace
}  // namespace cdc::wire
