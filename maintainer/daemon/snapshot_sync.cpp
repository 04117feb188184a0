#include "daemon/snapshot_sync.hpp"

#include "core/log.hpp"
#include "source/catalog.hpp"
#include "source/replication_stream.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace cdc::daemon {
namespace {

bool holds_columns(const MaintainerState& held, uint32_t relid, const std::vector<std::string>& columns) {
    auto table = held.tables.find(relid);
    if (table == held.tables.end()) return false;
    const std::vector<std::string>& names = table->second->column_names();
    return std::all_of(columns.begin(), columns.end(), [&](const std::string& column) {
        return std::find(names.begin(), names.end(), column) != names.end();
    });
}

// The table's schema-qualified name and Postgres' estimate of its rows, as the planner
// makes it: pg_class.reltuples scaled to the table's size now; -1 when
// the table was never vacuumed or analyzed.
std::pair<std::string, double> describe_table(source::PgConnection& sql, uint32_t relid) {
    source::ResultHandle result = sql.exec(
        "SELECT n.nspname || '.' || c.relname, CASE WHEN c.reltuples < 0 THEN -1 WHEN c.relpages = 0 THEN c.reltuples "
        "ELSE c.reltuples / c.relpages * (pg_catalog.pg_relation_size(c.oid) / "
        "current_setting('block_size')::int) END "
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
        {std::to_string(relid)});
    if (PQntuples(result.get()) == 0) return {std::to_string(relid), -1};
    return {PQgetvalue(result.get(), 0, 0), std::stod(PQgetvalue(result.get(), 0, 1))};
}

std::unique_ptr<state::TableState> read_table(source::PgConnection& sql, state::Store& store, uint32_t relid,
                                              const std::vector<std::string>& columns, metrics::Metrics& metrics) {
    auto started = std::chrono::steady_clock::now();
    auto last_log = started;
    auto [name, estimate] = describe_table(sql, relid);
    metrics::Metrics::TableProgress progress = metrics.snapshot_table(name, estimate);
    auto log = [&](size_t rows) {
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        log_info("snapshot of table " + std::to_string(relid) + ": " + std::to_string(rows) + " rows read, " +
                 std::to_string(static_cast<long>(rows / std::max(seconds, 0.001))) + " rows/s");
    };
    auto report = [&](size_t rows) {
        progress.set_rows(rows);
        if (std::chrono::steady_clock::now() - last_log < std::chrono::seconds(5)) return;
        log(rows);
        last_log = std::chrono::steady_clock::now();
    };
    auto table = source::read_table(sql, store, relid, columns, report);
    progress.set_rows(table->row_count());
    log(table->row_count());
    return table;
}

MaintainerState take_snapshot_once(const Options& options, const engine::Collation& collation, state::Store& store,
                                   const MaintainerState& held, const ViewStateHandler& on_state,
                                   metrics::Metrics& metrics) {
    source::ReplicationStream exporter(options.dsn);
    std::string slot_name = options.slot + "_sync_" + std::to_string(getpid());
    source::SlotInfo slot = exporter.create_slot(slot_name, true);
    source::PgConnection sql(options.dsn);
    source::begin_snapshot(sql, slot.snapshot_name);

    MaintainerState snapshot;
    snapshot.position = slot.consistent_point;
    for (ViewDefinition& definition : source::read_views(sql)) {
        if (held.views.contains(definition.id)) continue;
        try {
            int64_t id = definition.id;
            snapshot.views[id] = std::make_unique<ViewRuntime>(std::move(definition), collation);
        } catch (const std::exception& error) {
            on_state(definition.id, "error", error.what());
        }
    }
    // every column any view needs, old or new, so the copies serve them all
    std::map<uint32_t, std::vector<std::string>> needed = held.needed_columns();
    for (const auto& [relid, columns] : snapshot.needed_columns()) {
        std::vector<std::string>& all = needed[relid];
        for (const std::string& column : columns) {
            if (std::find(all.begin(), all.end(), column) == all.end()) all.push_back(column);
        }
    }
    for (const auto& [relid, columns] : snapshot.needed_columns()) {
        if (!holds_columns(held, relid, columns)) snapshot.tables[relid] = read_table(sql, store, relid, needed[relid], metrics);
    }
    sql.exec("COMMIT");
    log_info("snapshot at " + source::format_lsn(slot.consistent_point) + ": " +
             std::to_string(snapshot.views.size()) + " new views, " + std::to_string(snapshot.tables.size()) +
             " tables read");
    return snapshot;  // the temporary slot goes with the exporter's connection
}

}  // namespace

MaintainerState take_snapshot(const Options& options, const engine::Collation& collation, state::Store& store,
                              const MaintainerState& held, const ViewStateHandler& on_state, metrics::Metrics& metrics) {
    for (int attempt = 1;; ++attempt) {
        try {
            return take_snapshot_once(options, collation, store, held, on_state, metrics);
        } catch (const source::TableRewritten& error) {
            if (attempt == 5) throw;
            log_warning(std::string(error.what()) + ": taking another snapshot");
        }
    }
}

}  // namespace cdc::daemon
