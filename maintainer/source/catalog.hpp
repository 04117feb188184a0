// cdc-maintainer's side of the extension's SQL objects: the views in
// cdc_stream.views (read at start, and as rows of the replication stream),
// view states written back under the maintainer's replication origin (so
// the output plugin, asked for origin 'none', never sends them back), and
// table contents read with cdc_stream.snapshot_rows inside a slot's
// exported snapshot.
#pragma once

#include "core/view_definition.hpp"
#include "source/pg_connection.hpp"
#include "state/table_state.hpp"
#include "source/wire_reader.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdc::source {

// The columns of cdc_stream.views the maintainer asks the plugin for.
extern const char* const catalog_table;
std::string catalog_tables_option_entry();

std::vector<ViewDefinition> read_views(PgConnection& connection);
// Views (not in error) whose owner lost SELECT on a column they read, with
// the reason: Postgres would refuse the owner's query, so must the maintainer.
std::vector<std::pair<int64_t, std::string>> views_without_privileges(PgConnection& connection);

// A streamed row of cdc_stream.views (in its RELATION's layout) as a view.
ViewDefinition view_from_catalog_row(const wire::RelationMessage& relation, const Row& row);
// The view id of a streamed row (a full row or just the key).
int64_t view_id_of_catalog_row(const wire::RelationMessage& relation, const Row& row);

// Creates the replication origin if needed and uses it on this connection.
void use_replication_origin(PgConnection& connection, const std::string& origin);
// Records a view's state; false if its catalog row is not (or not yet) visible.
// Returns the view's schema-qualified name, or nullopt when it has no row.
std::optional<std::string> set_view_state(PgConnection& connection, int64_t view_id, const std::string& state,
                                          const std::string& error);
// Upserts the slot's row of cdc_stream.maintainers, read by cdc_stream.status():
// every transaction before delivered is in Kafka; waiting_since (ISO 8601,
// "" for none) is the commit time of the oldest output not yet in Kafka.
// Returns the server's WAL write position (pg_current_wal_lsn()) at the report.
uint64_t report_status(PgConnection& connection, const std::string& slot, uint64_t delivered,
                       const std::string& waiting_since);

struct DatabaseLocale {
    std::string collate;
    std::string ctype;
};
DatabaseLocale read_database_locale(PgConnection& connection);

// The table was rewritten (TRUNCATE, VACUUM FULL, CLUSTER, a rewriting
// ALTER) after the snapshot was taken: those are not MVCC-safe, so the
// snapshot would show it empty or changed.  Take a new snapshot.
class TableRewritten : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

// Imports an exported snapshot into a new REPEATABLE READ transaction.
void begin_snapshot(PgConnection& connection, const std::string& snapshot_name);
// Reads columns of relid (plus its replica identity) as of the snapshot
// into a new copy in store; progress is called every 10,000 rows with the
// rows read so far.  Throws TableRewritten if the table was rewritten
// since the snapshot.
std::unique_ptr<state::TableState> read_table(PgConnection& connection, state::Store& store, uint32_t relid,
                                              const std::vector<std::string>& columns,
                                              const std::function<void(size_t rows)>& progress);

}  // namespace cdc::source
