#include "daemon/snapshot_sync.hpp"

#include "core/log.hpp"
#include "source/catalog.hpp"
#include "source/replication_stream.hpp"

#include <unistd.h>

#include <chrono>

namespace cdc::daemon {
namespace {

void read_tables(source::PgConnection& sql, MaintainerState& state) {
    for (const auto& [relid, columns] : state.needed_columns()) {
        auto started = std::chrono::steady_clock::now();
        auto report = [&](size_t rows) {
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            log_info("snapshot of table " + std::to_string(relid) + ": " + std::to_string(rows) + " rows read, " +
                     std::to_string(static_cast<long>(rows / std::max(seconds, 0.001))) + " rows/s");
        };
        state.tables[relid] = source::read_table(sql, relid, columns, report);
        report(state.tables[relid]->row_count());
    }
}

}  // namespace

MaintainerState take_snapshot(const Options& options, const engine::Collation& collation,
                              const ViewStateHandler& on_state) {
    source::ReplicationStream exporter(options.dsn);
    std::string slot_name = options.slot + "_sync_" + std::to_string(getpid());
    source::SlotInfo slot = exporter.create_slot(slot_name, true);
    source::PgConnection sql(options.dsn);
    source::begin_snapshot(sql, slot.snapshot_name);

    MaintainerState state;
    state.position = slot.consistent_point;
    for (ViewDefinition& definition : source::read_views(sql)) {
        try {
            int64_t id = definition.id;
            state.views[id] = std::make_unique<ViewRuntime>(std::move(definition), collation);
        } catch (const std::exception& error) {
            on_state(definition.id, "error", error.what());
        }
    }
    read_tables(sql, state);
    sql.exec("COMMIT");
    log_info("snapshot at " + source::format_lsn(slot.consistent_point) + ": " + std::to_string(state.views.size()) +
             " views, " + std::to_string(state.tables.size()) + " tables");
    return state;  // the temporary slot goes with the exporter's connection
}

}  // namespace cdc::daemon
