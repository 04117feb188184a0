// Snapshots for views whose tables or columns the maintainer does not hold:
// at a fresh start (it holds nothing), and for a view added while running.
//
// A temporary replication slot exports a snapshot at its consistent point
// S; the catalog and the missing tables are read in that snapshot
// (cdc_stream.snapshot_rows, so rows arrive exactly as the stream would
// send them).  Every transaction committed before S is in the snapshot and
// none after it.  The maintainer keeps streaming the tables it holds until
// the stream reaches S, then adopts the snapshot's tables and views and
// streams everything from S on, as Postgres' tablesync does: each existing
// view's changes keep their own source transactions, and nothing is missed
// or counted twice.
#pragma once

#include "daemon/options.hpp"
#include "daemon/state.hpp"
#include "daemon/transaction_applier.hpp"
#include "engine/collation.hpp"
#include "metrics/metrics.hpp"

namespace cdc::daemon {

// At position S: the catalog's views that held does not run (fresh
// runtimes, not yet filled), and each table those need that held lacks, or
// holds without some needed column (read with every column any view needs).
// Views whose plans cannot be run are reported to on_state as errors.  The
// tables go into new copies in store, which nothing refers to until the
// snapshot is adopted and committed.  Each table's rows read, out of
// Postgres' estimate, go to metrics as they come.
MaintainerState take_snapshot(const Options& options, const engine::Collation& collation, state::Store& store,
                              const MaintainerState& held, const ViewStateHandler& on_state, metrics::Metrics& metrics);

}  // namespace cdc::daemon
