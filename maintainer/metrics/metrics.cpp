#include "metrics/metrics.hpp"

#include "core/version.hpp"

#include <prometheus/text_serializer.h>
#include <rocksdb/version.h>
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace cdc::metrics {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// exponential-ish buckets of seconds: a state commit takes milliseconds,
// a sync or a Kafka delivery up to seconds, an outage minutes
const prometheus::Histogram::BucketBoundaries short_durations = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                                 0.25,  0.5,    1,     2.5,  5,     10};
const prometheus::Histogram::BucketBoundaries delivery_latencies = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                                                    2.5,   5,    10,    30,   60,  120,  300};

double resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    double size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

std::string rocksdb_version() {
    return std::to_string(ROCKSDB_MAJOR) + "." + std::to_string(ROCKSDB_MINOR) + "." + std::to_string(ROCKSDB_PATCH);
}

}  // namespace

int64_t unix_now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

uint64_t server_position(const WalPositions& positions) {
    return std::max({positions.server, positions.received, positions.applied});
}

uint64_t bytes_behind(const WalPositions& positions, uint64_t position) {
    uint64_t server = server_position(positions);
    return position >= server ? 0 : server - position;
}

namespace {

// Registers one metric family; most have a single series.
using Registry = prometheus::Registry;
prometheus::Family<prometheus::Counter>& counters(Registry& r, const std::string& name, const std::string& help) {
    return BuildCounter().Name(name).Help(help).Register(r);
}
prometheus::Family<prometheus::Gauge>& gauges(Registry& r, const std::string& name, const std::string& help) {
    return BuildGauge().Name(name).Help(help).Register(r);
}
prometheus::Counter* counter(Registry& r, const std::string& name, const std::string& help) {
    return &counters(r, name, help).Add({});
}
prometheus::Gauge* gauge(Registry& r, const std::string& name, const std::string& help) {
    return &gauges(r, name, help).Add({});
}
prometheus::Histogram* histogram(Registry& r, const std::string& name, const std::string& help,
                                 const prometheus::Histogram::BucketBoundaries& buckets) {
    return &BuildHistogram().Name(name).Help(help).Register(r).Add({}, buckets);
}

}  // namespace

Metrics::Metrics() {
    Registry& r = *registry_;
    gauges(r, "cdc_maintainer_build_info", "cdc-maintainer's version and the library versions it runs with; always 1")
        .Add({{"version", maintainer_version}, {"librdkafka", rd_kafka_version_str()}, {"rocksdb", rocksdb_version()}})
        .Set(1);
    gauge(r, "process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds")
        ->Set(static_cast<double>(unix_now_us()) / 1e6);
    resident_memory_ = gauge(r, "process_resident_memory_bytes", "Resident memory of the process, in bytes");
    ready_ =
        gauge(r, "cdc_maintainer_ready", "1 while streaming with Kafka available (GET /healthz answers 200), else 0");
    auto& phases = gauges(r, "cdc_maintainer_phase", "1 for the phase cdc-maintainer is in, 0 for the others");
    for (Phase phase : {Phase::starting, Phase::snapshot, Phase::streaming, Phase::reconnecting, Phase::stopping}) {
        phase_[phase] = &phases.Add({{"phase", phase_name(phase)}});
    }
    kafka_available_ = gauge(r, "cdc_maintainer_kafka_available",
                             "0 while Kafka transactions fail and are retried (an outage holds the stream), else 1");

    transactions_ =
        counter(r, "cdc_maintainer_source_transactions_applied_total",
                "Source transactions applied to the tables and views (replayed ones skipped are not counted)");
    row_changes_ = counter(r, "cdc_maintainer_source_row_changes_applied_total",
                           "Row changes (inserts, updates, deletes) of the source transactions applied");
    reconnects_ = counter(r, "cdc_maintainer_postgres_reconnects_total",
                          "Times the replication connection (or a start) failed and was retried");
    view_messages_ = &counters(r, "cdc_maintainer_view_messages_total",
                               "Messages of each view committed to Kafka (initial content included)");
    view_state_ = &gauges(r, "cdc_maintainer_view_state", "1 for a view's state (running or error), 0 for the other");

    kafka_committed_ = counter(r, "cdc_maintainer_kafka_transactions_committed_total",
                               "Kafka transactions committed (each with its progress record)");
    kafka_aborted_ = counter(r, "cdc_maintainer_kafka_transactions_aborted_total",
                             "Kafka transactions aborted, or purged with a dropped producer, to be sent again");
    kafka_retries_ = counter(r, "cdc_maintainer_kafka_transaction_retries_total",
                             "Kafka transaction attempts that failed and were retried");
    commit_to_kafka_ = histogram(r, "cdc_maintainer_commit_to_kafka_seconds",
                                 "Seconds from a source transaction's commit (its COMMIT's timestamp) to the Kafka "
                                 "commit holding its messages",
                                 delivery_latencies);
    state_commit_ = histogram(r, "cdc_maintainer_state_commit_duration_seconds",
                              "Seconds a commit of the state store took (one atomic RocksDB write)", short_durations);
    checkpoint_ = histogram(r, "cdc_maintainer_checkpoint_duration_seconds",
                            "Seconds a checkpoint took (a sync of the state store, before the slot is confirmed)",
                            short_durations);

    lag_ = gauge(r, "cdc_maintainer_lag_seconds",
                 "How long the oldest output applied but not yet in Kafka has waited since its source commit; "
                 "0 when none waits");
    auto& positions = gauges(r, "cdc_maintainer_wal_position_bytes",
                             "Source positions (LSNs as bytes): the server's WAL, and what cdc-maintainer received, "
                             "applied, delivered to Kafka and confirmed to the slot");
    auto& behind =
        gauges(r, "cdc_maintainer_wal_behind_bytes", "Bytes of WAL the server has written after each position");
    for (const char* position : {"server", "received", "applied", "delivered", "confirmed"}) {
        position_[position] = &positions.Add({{"position", position}});
        if (std::string(position) != "server") behind_[position] = &behind.Add({{"position", position}});
    }

    snapshots_ = counter(r, "cdc_maintainer_snapshots_total",
                         "Snapshots taken (a first start, or views needing tables or columns not held)");
    snapshot_rows_ =
        &gauges(r, "cdc_maintainer_snapshot_rows", "Rows of each table read by the current or last snapshot");
    snapshot_estimated_ = &gauges(r, "cdc_maintainer_snapshot_rows_estimated",
                                  "Postgres' estimate of each snapshot table's rows (pg_class.reltuples scaled to its "
                                  "size now); -1 when it has none (never vacuumed or analyzed)");

    store_size_ = gauge(r, "cdc_maintainer_state_store_size_bytes",
                        "Size of the state store's SST files on disk (rocksdb.total-sst-files-size)");
    store_memtables_ = gauge(r, "cdc_maintainer_state_store_memtable_bytes",
                             "Memory of the state store's memtables (rocksdb.cur-size-all-mem-tables)");
    store_block_cache_ = gauge(r, "cdc_maintainer_state_store_block_cache_bytes",
                               "Memory used in the state store's block cache, memtables charged to it included "
                               "(rocksdb.block-cache-usage)");
    store_block_cache_capacity_ = gauge(r, "cdc_maintainer_state_store_block_cache_capacity_bytes",
                                        "The block cache's capacity: --memory-budget");
}

prometheus::Counter& Metrics::view_messages(const std::string& view) { return view_messages_->Add({{"view", view}}); }

void Metrics::set_view_state(const std::string& view, const std::string& state) {
    auto [entry, added] = view_states_.try_emplace(view);
    if (added) {
        entry->second = {&view_state_->Add({{"view", view}, {"state", "running"}}),
                         &view_state_->Add({{"view", view}, {"state", "error"}})};
    }
    entry->second.first->Set(state == "running" ? 1 : 0);
    entry->second.second->Set(state == "error" ? 1 : 0);
}

void Metrics::remove_view_state(const std::string& view) {
    auto entry = view_states_.find(view);
    if (entry == view_states_.end()) return;
    view_state_->Remove(entry->second.first);
    view_state_->Remove(entry->second.second);
    view_states_.erase(entry);
}

void Metrics::store_max(std::atomic<uint64_t>& target, uint64_t value) {
    uint64_t seen = target.load(std::memory_order_relaxed);
    while (value > seen && !target.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
    }
}

WalPositions Metrics::positions() const {
    return {server_.load(std::memory_order_relaxed), received_.load(std::memory_order_relaxed),
            applied_.load(std::memory_order_relaxed), delivered_.load(std::memory_order_relaxed),
            confirmed_.load(std::memory_order_relaxed)};
}

double Metrics::lag_seconds(int64_t now_us) const {
    int64_t since = waiting_since_.load(std::memory_order_relaxed);
    if (since == 0 || now_us <= since) return 0;
    return static_cast<double>(now_us - since) / 1e6;
}

Metrics::TableProgress Metrics::snapshot_table(const std::string& table, double estimated_rows) {
    snapshot_estimated_->Add({{"table", table}}).Set(estimated_rows);
    prometheus::Gauge& rows = snapshot_rows_->Add({{"table", table}});
    rows.Set(0);
    return {&rows};
}

void Metrics::set_store_probe(std::function<StoreUsage()> probe) {
    std::lock_guard lock(probe_mutex_);
    store_probe_ = std::move(probe);
}

void Metrics::refresh_derived() {
    lag_->Set(lag_seconds(unix_now_us()));
    WalPositions now = positions();
    position_["server"]->Set(static_cast<double>(server_position(now)));
    const std::pair<const char*, uint64_t> own[] = {{"received", now.received},
                                                    {"applied", now.applied},
                                                    {"delivered", now.delivered},
                                                    {"confirmed", now.confirmed}};
    for (const auto& [name, lsn] : own) {
        position_[name]->Set(static_cast<double>(lsn));
        behind_[name]->Set(static_cast<double>(bytes_behind(now, lsn)));
    }
    Phase current = health_.phase();
    for (const auto& [phase, gauge] : phase_) gauge->Set(phase == current ? 1 : 0);
    ready_->Set(health_.ready() ? 1 : 0);
    kafka_available_->Set(health_.kafka_available() ? 1 : 0);
    resident_memory_->Set(resident_bytes());
    std::lock_guard lock(probe_mutex_);
    if (!store_probe_) return;
    StoreUsage usage = store_probe_();
    store_size_->Set(usage.sst_bytes);
    store_memtables_->Set(usage.memtable_bytes);
    store_block_cache_->Set(usage.block_cache_bytes);
    store_block_cache_capacity_->Set(usage.block_cache_capacity);
}

std::string Metrics::render() {
    std::lock_guard lock(render_mutex_);
    refresh_derived();
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry_->Collect());
    return out.str();
}

}  // namespace cdc::metrics
