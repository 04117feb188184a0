// cdc-maintainer's Prometheus metrics (docs/operations.md lists them all),
// kept in a prometheus-cpp registry and rendered in the text exposition
// format for GET /metrics (http_server.hpp).
//
// The main loop updates them per source transaction, per Kafka transaction
// or per commit of the state, never per row: counters and gauges are
// atomics, histograms take a short lock.  What depends on the clock or on
// another thread's object (the lag, bytes behind, the state store's
// properties, the phase) is computed when a scrape renders: the main loop
// only publishes positions and times into atomics.
#pragma once

#include "metrics/health.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace cdc::metrics {

// The system clock in microseconds since the Unix epoch (the lag's clock).
int64_t unix_now_us();

// Source positions (LSNs, as bytes of WAL), each "every transaction
// committed before it": the server's WAL write position as last seen, and
// how far cdc-maintainer has received, applied, delivered to Kafka and
// confirmed (checkpointed) the stream.
struct WalPositions {
    uint64_t server = 0;
    uint64_t received = 0;
    uint64_t applied = 0;
    uint64_t delivered = 0;
    uint64_t confirmed = 0;
};
// The server's position as best known: the last one Postgres reported, or
// anything received since, whichever is further (WAL only grows).
uint64_t server_position(const WalPositions& positions);
// Bytes of WAL written after position: 0 when it is at or past the server's.
uint64_t bytes_behind(const WalPositions& positions, uint64_t position);

// The state store's size and memory, read at scrape time (RocksDB properties).
struct StoreUsage {
    double sst_bytes = 0;             // rocksdb.total-sst-files-size
    double memtable_bytes = 0;        // rocksdb.cur-size-all-mem-tables
    double block_cache_bytes = 0;     // rocksdb.block-cache-usage
    double block_cache_capacity = 0;  // rocksdb.block-cache-capacity
};

class Metrics {
   public:
    Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    Health& health() { return health_; }
    const Health& health() const { return health_; }

    // per source transaction applied (not one replayed and skipped)
    void transaction_applied(uint64_t row_changes) {
        transactions_->Increment();
        if (row_changes > 0) row_changes_->Increment(static_cast<double>(row_changes));
    }
    void postgres_reconnect() { reconnects_->Increment(); }

    // Kafka transactions: committed; aborted (or purged with a dropped
    // producer), to be sent again; an attempt that failed and is retried
    void kafka_committed() { kafka_committed_->Increment(); }
    void kafka_aborted() { kafka_aborted_->Increment(); }
    void kafka_retried() { kafka_retries_->Increment(); }
    // seconds from a source transaction's commit to the Kafka commit that holds its output
    void commit_to_kafka(double seconds) { commit_to_kafka_->Observe(seconds < 0 ? 0 : seconds); }

    void state_committed(double seconds) { state_commit_->Observe(seconds); }
    void checkpointed(double seconds) { checkpoint_->Observe(seconds); }

    // The counter of a view's messages in Kafka: callers keep the reference.
    prometheus::Counter& view_messages(const std::string& view);
    // "running" or "error"; a view not set again by the next set_views is removed
    void set_view_state(const std::string& view, const std::string& state);
    void remove_view_state(const std::string& view);

    // Positions, published by the main loop (relaxed atomics).
    void set_server_position(uint64_t lsn) { store_max(server_, lsn); }
    void set_received(uint64_t lsn) { store_max(received_, lsn); }
    void set_applied(uint64_t lsn) { applied_.store(lsn, std::memory_order_relaxed); }
    void set_delivered(uint64_t lsn) { delivered_.store(lsn, std::memory_order_relaxed); }
    void set_confirmed(uint64_t lsn) { confirmed_.store(lsn, std::memory_order_relaxed); }
    WalPositions positions() const;
    // Since when (Unix time, microseconds) the oldest output not yet in
    // Kafka has waited: its source commit time; 0 when nothing waits.
    void set_waiting_since(int64_t unix_us) { waiting_since_.store(unix_us, std::memory_order_relaxed); }
    // cdc_maintainer_lag_seconds at Unix time now_us
    double lag_seconds(int64_t now_us) const;

    // A table's snapshot: rows read so far, out of an estimate (-1: none).
    struct TableProgress {
        prometheus::Gauge* rows;
        void set_rows(uint64_t count) { rows->Set(static_cast<double>(count)); }
    };
    TableProgress snapshot_table(const std::string& table, double estimated_rows);
    void snapshot_taken() { snapshots_->Increment(); }

    // Called by every scrape while set (with the lock that clears it held,
    // so the store cannot go away during a call); an empty function clears it.
    void set_store_probe(std::function<StoreUsage()> probe);

    // Every metric in the text exposition format, derived ones computed now.
    std::string render();

   private:
    static void store_max(std::atomic<uint64_t>& target, uint64_t value);
    void refresh_derived();

    Health health_;
    std::shared_ptr<prometheus::Registry> registry_ = std::make_shared<prometheus::Registry>();
    prometheus::Counter* transactions_;
    prometheus::Counter* row_changes_;
    prometheus::Counter* reconnects_;
    prometheus::Counter* kafka_committed_;
    prometheus::Counter* kafka_aborted_;
    prometheus::Counter* kafka_retries_;
    prometheus::Counter* snapshots_;
    prometheus::Histogram* commit_to_kafka_;
    prometheus::Histogram* state_commit_;
    prometheus::Histogram* checkpoint_;
    prometheus::Family<prometheus::Counter>* view_messages_;
    prometheus::Family<prometheus::Gauge>* view_state_;
    prometheus::Family<prometheus::Gauge>* snapshot_rows_;
    prometheus::Family<prometheus::Gauge>* snapshot_estimated_;
    prometheus::Gauge* lag_;
    prometheus::Gauge* ready_;
    prometheus::Gauge* kafka_available_;
    std::map<Phase, prometheus::Gauge*> phase_;
    std::map<std::string, prometheus::Gauge*> position_;  // "server", "received", ...
    std::map<std::string, prometheus::Gauge*> behind_;
    prometheus::Gauge* store_size_;
    prometheus::Gauge* store_memtables_;
    prometheus::Gauge* store_block_cache_;
    prometheus::Gauge* store_block_cache_capacity_;
    prometheus::Gauge* resident_memory_;

    std::atomic<uint64_t> server_{0}, received_{0}, applied_{0}, delivered_{0}, confirmed_{0};
    std::atomic<int64_t> waiting_since_{0};

    // the main loop's alone (the family locks itself against a scrape)
    std::map<std::string, std::pair<prometheus::Gauge*, prometheus::Gauge*>> view_states_;  // running, error
    std::mutex probe_mutex_;
    std::function<StoreUsage()> store_probe_;
    std::mutex render_mutex_;  // one scrape at a time computes the derived values
};

}  // namespace cdc::metrics
