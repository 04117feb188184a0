// What cdc-maintainer keeps across restarts, in its store (store.hpp): the
// source position it covers, the views it maintains, its copy of every
// source table, and an outbox of initial content not yet known to be in
// Kafka.  Operator state is not saved yet: a restart rebuilds it by
// feeding the tables into fresh dataflows, as a new view is filled.
//
// A commit puts the position, the views that changed and the table records
// into the store's pending batch, beside the table rows changed since the
// last commit, and writes them together: it costs what changed.  The
// replication slot is confirmed only to a synced commit, so the WAL after
// it is always there to replay.
//
// Keys besides the table rows ('t', table_state.hpp):
//   "m" + name     format, identity (system id/database/slot), position,
//                  and the outbox record when there is one: its generation
//                  and position
//   'v' + view id  (8 bytes, big-endian) -> its definition (JSON)
//   'r' + relid    (4 bytes, big-endian) -> copy id, row count, RELATION
//   'o' + generation + sequence (8 bytes each) -> an outbox message
#pragma once

#include "core/view_definition.hpp"
#include "sink/outbox.hpp"
#include "state/store.hpp"
#include "state/table_state.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cdc::state {

class CheckpointError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

struct Checkpoint {
    uint64_t position = 0;
    std::vector<ViewDefinition> views;
    Tables tables;
    sink::Outbox outbox;  // messages to send before anything else
};

class Checkpointer {
   public:
    // Refuses a store of another format, or of another cluster, database
    // or slot than identity.
    Checkpointer(Store& store, std::string identity);

    // The last commit, or nullopt for an empty store.  Removes what a
    // crash left that nothing refers to (rows of a cut-off snapshot load).
    std::optional<Checkpoint> load();

    // Commits the state at position; with initial, also that outbox (an
    // outbox stored before is dropped, its messages being in Kafka by
    // now).  Then removes the copies of tables no longer in tables: no
    // other copy may be in use (a snapshot being loaded).
    void commit(uint64_t position, const std::vector<ViewDefinition>& views, const Tables& tables,
                const sink::Outbox* initial = nullptr);

   private:
    void put_views(const std::vector<ViewDefinition>& views);
    void put_tables(const Tables& tables);
    bool put_outbox(const sink::Outbox* initial);  // true if the outbox record changed
    void drop_other_outboxes();
    void drop_unreferenced(const Tables& tables);

    Store& store_;
    std::string identity_;
    std::map<int64_t, std::string> stored_views_;  // id -> definition as committed
    std::set<uint32_t> stored_tables_;
    std::optional<uint64_t> outbox_generation_;  // of the outbox committed, if any
};

// The single-file checkpoint of cdc-maintainer 0.1 (<state dir>/<slot>.checkpoint)
// is not read: this says what to do instead, or is empty when there is none.
std::string old_checkpoint_refusal(const std::string& path, const std::string& slot);

}  // namespace cdc::state
