// A consistent picture of the views and their tables at one source
// position, for a fresh start and whenever a new view needs tables or
// columns the maintainer does not hold.
//
// A temporary replication slot exports a snapshot at its consistent point
// S; the catalog and every table the views read are read in that snapshot
// (cdc_stream.snapshot_rows, so rows arrive exactly as the stream would
// send them).  Every transaction committed before S is in the snapshot and
// none after it, so the main slot's stream continues exactly from S: its
// transactions committed before S are skipped, as Postgres' tablesync does.
#pragma once

#include "daemon/options.hpp"
#include "daemon/state.hpp"
#include "daemon/transaction_applier.hpp"
#include "engine/collation.hpp"

#include <functional>
#include <string>

namespace cdc::daemon {

// The state at the snapshot: position S, the tables, and a fresh runtime per
// view (not yet filled).  Views whose plans cannot be run are reported to
// on_state as errors and left out.
MaintainerState take_snapshot(const Options& options, const engine::Collation& collation,
                              const ViewStateHandler& on_state);

}  // namespace cdc::daemon
