// A logical replication connection (replication=database): creates slots,
// streams a slot's changes (XLogData) and keepalives, and reports progress.
// Protocol details: PLATFORM.md, and Postgres' protocol-replication docs.
#pragma once

#include "source/pg_connection.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace cdc::source {

// Now as the protocol's timestamps count: microseconds since 2000-01-01 UTC.
int64_t now_since_postgres_epoch_us();

struct SystemIdentity {
    std::string system_id;  // the cluster's, from pg_control
    std::string database;
};

struct SlotInfo {
    uint64_t consistent_point = 0;
    std::string snapshot_name;  // valid until the next command on the connection
};

// One plugin write: its WAL position and its bytes (valid until the next call).
struct XLogData {
    uint64_t wal_start = 0;
    uint64_t wal_end = 0;
    std::string_view payload;
};

struct Keepalive {
    uint64_t wal_end = 0;
    bool reply_requested = false;
};

using StreamEvent = std::variant<XLogData, Keepalive>;

class ReplicationStream {
   public:
    explicit ReplicationStream(const std::string& dsn);
    ~ReplicationStream();
    ReplicationStream(const ReplicationStream&) = delete;
    ReplicationStream& operator=(const ReplicationStream&) = delete;

    // IDENTIFY_SYSTEM
    SystemIdentity identify_system();

    // CREATE_REPLICATION_SLOT name [TEMPORARY] LOGICAL cdc_stream (SNAPSHOT 'export')
    SlotInfo create_slot(const std::string& name, bool temporary);

    // START_REPLICATION SLOT slot LOGICAL start_lsn (options); options is
    // the parenthesised list's content, e.g. "proto_version '1', tables '...'".
    void start(const std::string& slot, uint64_t start_lsn, const std::string& options);

    // Ends streaming cleanly; the connection can start again.
    void stop();

    // The next event, waiting at most timeout; nullopt if none arrived.
    std::optional<StreamEvent> next(std::chrono::milliseconds timeout);

    // Standby status update: everything up to written has been handled
    // downstream (Postgres measures write_lag by it), everything up to
    // flushed is durable (the slot is confirmed to it).
    void send_feedback(uint64_t written, uint64_t flushed, bool reply_requested = false);

    bool streaming() const { return streaming_; }

   private:
    std::optional<StreamEvent> parse(const char* data, int length);
    void wait_readable(std::chrono::milliseconds timeout);

    ConnectionHandle connection_;
    char* buffer_ = nullptr;  // the last PQgetCopyData buffer
    bool streaming_ = false;
};

}  // namespace cdc::source
