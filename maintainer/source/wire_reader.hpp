// Reads the binary messages of the cdc_stream output plugin.
//
// The format is defined once, in extension/include/cdc_stream/wire.h, and
// written by extension/wire_writer.cpp; this is its only reader.  Both are
// tested against the golden bytes in expected/wire_binary.out.
#pragma once

#include "core/value.hpp"
#include "cdc_stream/wire.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace cdc::wire {

// Malformed input: a bug or a version mismatch, never an expected condition.
class WireError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

struct BeginMessage {
    uint32_t xid = 0;
    uint64_t final_lsn = 0;
    int64_t commit_time = 0;  // microseconds since 2000-01-01 00:00 UTC
};

struct CommitMessage {
    uint64_t commit_lsn = 0;
    uint64_t end_lsn = 0;
    int64_t commit_time = 0;
};

struct ColumnInfo {
    std::string name;
    uint32_t type_oid = 0;
    int32_t typmod = -1;
    char codec = 0;  // CdcWireCodec
    bool identity = false;
};

struct RelationMessage {
    uint32_t relid = 0;
    std::string schema;
    std::string name;
    char replica_identity = 0;  // CdcWireReplicaIdentity
    std::vector<ColumnInfo> columns;
};

enum class ColumnStatus : uint8_t { Value = 0, Null = 1, UnchangedToast = 2, Absent = 3 };

// One tuple: a status and a value per column of the relation; values are
// NULL (monostate) unless the status is Value.
struct Tuple {
    std::vector<ColumnStatus> status;
    Row values;
};

struct RowMessage {
    char tag = 0;       // CDC_MSG_INSERT, _UPDATE or _DELETE
    uint32_t relid = 0;
    char old_kind = 0;  // CdcWireOldKind; meaningful for UPDATE and DELETE
    Tuple old_tuple;    // when old_kind is FULL or KEY
    Tuple new_tuple;    // for INSERT and UPDATE
};

struct TruncateMessage {
    bool cascade = false;
    bool restart_identity = false;
    std::vector<uint32_t> relids;
};

using Message = std::variant<BeginMessage, CommitMessage, RelationMessage, RowMessage, TruncateMessage>;

class ByteCursor;  // wire_reader.cpp

// Decodes a stream of messages in one version of the format (the
// proto_version the stream was started with; cdc_stream.snapshot_rows
// writes the newest).  Keeps the relations it has seen, because a row can
// only be decoded with its relation's codecs.  Messages name relations by
// OID whatever the version: version 2's relation numbers are mapped back.
class WireReader {
   public:
    explicit WireReader(int version = CDC_WIRE_VERSION_MAX);

    // Decodes one message that fills bytes exactly (a version 1 write, a row
    // of cdc_stream.snapshot_rows); throws WireError if it is malformed, has
    // bytes after the message, or names a relation no RELATION message
    // described.
    Message read(std::string_view bytes);

    // Decodes every message of one plugin write, in order: in version 2 a
    // write carries one or more messages back to back (docs/wire-format.md).
    // Throws WireError as read() does, also when the last message is cut.
    std::vector<Message> read_all(std::string_view bytes);

    // The last RELATION received for relid, or nullptr.
    const RelationMessage* relation(uint32_t relid) const;

    int version() const { return version_; }

   private:
    Message read_message(ByteCursor& in);
    uint32_t relid_of_number(uint64_t relnum) const;
    RowMessage read_row(ByteCursor& in, char tag) const;
    TruncateMessage read_truncate(ByteCursor& in) const;

    int version_;
    std::unordered_map<uint32_t, RelationMessage> relations_;
    std::unordered_map<uint64_t, uint32_t> relids_by_number_;  // version 2
};

}  // namespace cdc::wire
