#include "state/store.hpp"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>

namespace cdc::state {
namespace {

rocksdb::Slice slice(std::string_view text) { return {text.data(), text.size()}; }

// Block cache and memtables share the budget: RocksDB charges memtable
// memory to the cache (WriteBufferManager), so the two together stay
// within it, and index and filter blocks live in the cache as well.
rocksdb::Options store_options(size_t memory_budget) {
    std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(memory_budget);
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = cache;
    table.cache_index_and_filter_blocks = true;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));  // lookups by key are most reads
    rocksdb::Options options;
    options.create_if_missing = true;
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    options.write_buffer_size = std::max<size_t>(memory_budget / 8, 1 << 20);
    options.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(memory_budget / 4, cache);
    options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
    options.max_background_jobs = 2;
    return options;
}

}  // namespace

std::unique_ptr<Store> Store::open(const std::string& path, size_t memory_budget) {
    rocksdb::DB* db = nullptr;
    rocksdb::Status status = rocksdb::DB::Open(store_options(memory_budget), path, &db);
    if (!status.ok()) {
        throw StoreError("could not open the state store " + path + ": " + status.ToString(), status.IsCorruption());
    }
    return std::unique_ptr<Store>(new Store(path, db));
}

Store::Store(std::string path, rocksdb::DB* db) : path_(std::move(path)), db_(db) {
    std::unique_ptr<rocksdb::Iterator> last(db_->NewIterator(rocksdb::ReadOptions()));
    last->SeekForPrev(std::string(1, table_rows_prefix + 1));
    if (last->Valid() && last->key().size() >= 9 && last->key()[0] == table_rows_prefix) {
        next_copy_id_ = read_u64_key(std::string_view(last->key().data() + 1, 8)) + 1;
    }
    if (!last->status().ok()) fail("read", last->status());
}

Store::~Store() = default;

void Store::fail(const std::string& what, const rocksdb::Status& status) const {
    throw StoreError("state store " + path_ + ": could not " + what + ": " + status.ToString(), status.IsCorruption());
}

uint64_t Store::property(const std::string& name) const {
    uint64_t value = 0;
    return db_->GetIntProperty(name, &value) ? value : 0;
}

std::optional<std::string> Store::get(std::string_view key) const {
    std::string value;
    rocksdb::Status status = pending_.GetFromBatchAndDB(
        db_.get(), rocksdb::ReadOptions(), slice(key), &value);
    if (status.IsNotFound()) return std::nullopt;
    if (!status.ok()) fail("read", status);
    return value;
}

void Store::put(std::string_view key, std::string_view value) {
    rocksdb::Status status = pending_.Put(slice(key), slice(value));
    if (!status.ok()) fail("write", status);
}

void Store::erase(std::string_view key) {
    rocksdb::Status status = pending_.Delete(slice(key));
    if (!status.ok()) fail("write", status);
}

void Store::scan(std::string_view prefix,
                 const std::function<bool(std::string_view key, std::string_view value)>& visit,
                 std::string_view from) const {
    rocksdb::ReadOptions read;
    std::unique_ptr<rocksdb::Iterator> iterator(
        pending_.NewIteratorWithBase(db_->NewIterator(read)));
    std::string start = from.empty() ? std::string(prefix) : std::string(from);
    for (iterator->Seek(slice(start)); iterator->Valid(); iterator->Next()) {
        std::string_view key(iterator->key().data(), iterator->key().size());
        if (!key.starts_with(prefix)) break;
        if (!visit(key, std::string_view(iterator->value().data(), iterator->value().size()))) break;
    }
    if (!iterator->status().ok()) fail("read", iterator->status());
}

size_t Store::pending_bytes() const {
    rocksdb::WriteBatch* batch = pending_.GetWriteBatch();
    return batch->Count() == 0 ? 0 : batch->GetDataSize();  // an empty batch has a header
}

void Store::write(rocksdb::WriteBatch* batch, bool sync) {
    rocksdb::WriteOptions options;
    options.sync = sync;
    rocksdb::Status status = db_->Write(options, batch);
    if (!status.ok()) fail("write", status);
}

void Store::commit() {
    if (pending_.GetWriteBatch()->Count() > 0) write(pending_.GetWriteBatch(), false);
    pending_.Clear();
}

void Store::discard_pending() { pending_.Clear(); }

void Store::sync() {
    rocksdb::Status status = db_->SyncWAL();
    if (!status.ok()) fail("sync", status);
}

void Store::erase_committed_range(std::string_view begin, std::string_view end) {
    rocksdb::Status status = db_->DeleteRange(rocksdb::WriteOptions(), db_->DefaultColumnFamily(), slice(begin), slice(end));
    if (!status.ok()) fail("delete a range", status);
}

void Store::Loader::put(std::string_view key, std::string_view value) {
    rocksdb::Status status = batch_.Put(slice(key), slice(value));
    if (!status.ok()) store_.fail("write", status);
    if (batch_.GetDataSize() >= batch_bytes_) finish();
}

void Store::Loader::finish() {
    if (batch_.Count() > 0) store_.write(&batch_, false);
    batch_.Clear();
}

void append_u64_key(std::string& key, uint64_t number) {
    for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>((number >> shift) & 0xff));
}

uint64_t read_u64_key(std::string_view bytes) {
    if (bytes.size() < 8) throw StoreError("a store key is shorter than its number");
    uint64_t number = 0;
    for (int i = 0; i < 8; ++i) number = (number << 8) | static_cast<unsigned char>(bytes[i]);
    return number;
}

}  // namespace cdc::state
