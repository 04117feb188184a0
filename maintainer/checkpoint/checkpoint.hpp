// Durable state of cdc-maintainer: the source LSN it covers, the views it
// maintains, and its copy of every source table.  Operator state is not
// saved: it is rebuilt by feeding the tables into fresh dataflows, the same
// way a new view gets its initial content.
//
// A checkpoint is written to a temporary file, fsynced and renamed over the
// previous one, so a crash leaves either the old or the new checkpoint.
// The replication slot is never confirmed past the checkpoint's LSN, so
// the WAL after it is always there to replay.
//
// File layout (all integers little-endian):
//   "CDCCKPT2", u64 lsn,
//   u32 view count, per view: str definition (JSON, core/view_definition.hpp)
//   u32 table count, per table: the RELATION it was read with, u64 row
//   count, per row: i64 multiplicity, then per column a tagged value
//   the outbox: u64 position, u32 message count, per message: str topic,
//   optional str key, optional str value, i32 partition, str lsn, str xid,
//   str commit time (an optional str is a u8 presence flag, then the str)
//   u64 FNV-1a checksum of everything before it
#pragma once

#include "core/view_definition.hpp"
#include "sink/outbox.hpp"
#include "source/table_state.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cdc::checkpoint {

class CheckpointError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

struct Checkpoint {
    uint64_t lsn = 0;
    std::vector<ViewDefinition> views;
    std::map<uint32_t, std::unique_ptr<source::TableState>> tables;
    sink::Outbox outbox;  // messages to send before anything else
};

// Writes atomically; throws CheckpointError on I/O failure.
void write_checkpoint(const std::string& path, uint64_t lsn, const std::vector<ViewDefinition>& views,
                      const std::map<uint32_t, std::unique_ptr<source::TableState>>& tables,
                      const sink::Outbox& outbox);

// nullopt if there is no file; throws CheckpointError if it is damaged.
std::optional<Checkpoint> read_checkpoint(const std::string& path);

// How long after a checkpoint the next one is due: the interval asked for,
// or ten times as long as the last one took to write if that is longer, up
// to 10 minutes (so one stalled write does not hold WAL back for long).
// A checkpoint rewrites the whole copy of the tables and nothing is applied
// meanwhile, so this bounds it to about a tenth of the time for tables
// written in up to a minute; the slot is then confirmed less often.
std::chrono::steady_clock::duration checkpoint_spacing(std::chrono::steady_clock::duration interval,
                                                       std::chrono::steady_clock::duration last_write);

}  // namespace cdc::checkpoint
