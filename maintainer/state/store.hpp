// cdc-maintainer's durable state: one RocksDB database per slot
// (<state dir>/<slot>.store), the embedded store of DESIGN.md section 4.
//
// Writes collect in a pending batch, which get() and scan() read together
// with what is committed, so the state being built is always what the
// maintainer sees.  commit() writes the batch atomically; the caller
// commits only at positions where the state is consistent (no open source
// transaction, everything applied in Kafka), and the position goes into
// the same batch, so a position and the state it describes are never
// apart.  A commit is not synced: a killed process loses nothing (the
// write is with the OS), a machine crash may lose the last commits but
// RocksDB recovers to an earlier one (point-in-time WAL recovery).  sync()
// makes every commit durable; only a synced position may be confirmed to
// the replication slot.
//
// Writes that no later read depends on before the next commit (a
// snapshot's rows, under a key range nothing refers to yet) may go
// straight to the database through a Loader, without growing the batch.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cdc::state {

class StoreError : public std::runtime_error {
   public:
    explicit StoreError(const std::string& message, bool damaged = false)
        : std::runtime_error(message), damaged(damaged) {}
    bool damaged;  // RocksDB found the store corrupt: nothing in it can be trusted
};

class Store {
   public:
    // Opens or creates the store at path.  memory_budget bounds RocksDB's
    // block cache and memtables together.
    static std::unique_ptr<Store> open(const std::string& path, size_t memory_budget);
    ~Store();

    const std::string& path() const { return path_; }

    std::optional<std::string> get(std::string_view key) const;
    void put(std::string_view key, std::string_view value);
    void erase(std::string_view key);
    // Every key starting with prefix, in order, pending writes included:
    // visit returns false to stop.  The store must not change meanwhile.
    void scan(std::string_view prefix, const std::function<bool(std::string_view key, std::string_view value)>& visit,
              std::string_view from = {}) const;

    // A new table copy's id (table_state.hpp): above every id in the
    // store, even of rows left by a load a crash cut off.
    uint64_t new_copy_id() { return next_copy_id_++; }

    // A RocksDB integer property ("rocksdb.total-sst-files-size", ...), 0
    // if unknown.  Unlike the rest, safe from any thread (metrics scrapes).
    uint64_t property(const std::string& name) const;
    // Bytes waiting in the pending batch.
    size_t pending_bytes() const;
    void commit();
    void discard_pending();
    void sync();
    // Removes every committed key in [begin, end): only for ranges nothing
    // pending or committed refers to any more (RocksDB's range deletion
    // cannot go through the pending batch).
    void erase_committed_range(std::string_view begin, std::string_view end);

    // Writes straight to the database in batches of about batch_bytes,
    // unindexed: what it wrote is read once finished.
    class Loader {
       public:
        explicit Loader(Store& store, size_t batch_bytes = 4 << 20) : store_(store), batch_bytes_(batch_bytes) {}
        ~Loader() = default;  // what finish() did not write is dropped
        void put(std::string_view key, std::string_view value);
        void finish();

       private:
        Store& store_;
        size_t batch_bytes_;
        rocksdb::WriteBatch batch_;
    };

   private:
    Store(std::string path, rocksdb::DB* db);
    void write(rocksdb::WriteBatch* batch, bool sync);
    [[noreturn]] void fail(const std::string& what, const rocksdb::Status& status) const;

    std::string path_;
    std::unique_ptr<rocksdb::DB> db_;
    uint64_t next_copy_id_ = 1;
    // mutable: RocksDB's reads of a batch are not const
    mutable rocksdb::WriteBatchWithIndex pending_{rocksdb::BytewiseComparator(), 0, true};
};

// Table copies' rows are under keys starting with this byte, then the
// copy id.
constexpr char table_rows_prefix = 't';

// Big-endian, so keys sort as the numbers do.
void append_u64_key(std::string& key, uint64_t number);
uint64_t read_u64_key(std::string_view bytes);

}  // namespace cdc::state
