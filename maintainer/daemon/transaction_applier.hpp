// Applies the source transactions of the replication stream to the
// maintainer's state.  A transaction's messages are buffered and applied
// only at its COMMIT, so a transaction cut off by a lost connection leaves
// no trace and is applied whole when it is streamed again.
//
// At COMMIT: table changes become complete Z-sets (table_state.hpp), every
// view reading a changed table steps its dataflow, and the netted change of
// each view with a topic becomes Kafka messages.  Rows of cdc_stream.views
// add and drop views: a new view whose tables are all held is filled from
// them at once; one that needs tables or columns not held asks for a
// snapshot (the caller's resync).  A view whose expression fails, or that
// reads a table whose copy the stream contradicts, goes to the error state;
// the others keep going.
#pragma once

#include "daemon/state.hpp"
#include "daemon/view_steps.hpp"
#include "engine/collation.hpp"
#include "sink/outbox.hpp"
#include "source/wire_reader.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cdc::daemon {

// Records a view's state ("running", or "error" with a message) in the catalog.
using ViewStateHandler = std::function<void(int64_t view_id, const std::string& state, const std::string& error)>;

class TransactionApplier {
   public:
    TransactionApplier(MaintainerState& state, const engine::Collation& collation, ViewStateHandler on_state)
        : state_(state), collation_(collation), on_state_(std::move(on_state)) {}

    void begin(const wire::BeginMessage& begin);
    bool in_transaction() const { return open_.has_value(); }
    void abandon() { open_.reset(); }
    // A RELATION in a transaction replayed and skipped may describe a table
    // older than the copy held: it is applied only when a transaction is.
    void relation(const wire::RelationMessage& relation, bool skipping);
    void change(wire::Message message);

    // Applies the open transaction; its messages go to outbox when emit is
    // set (not when Kafka has them already).  Returns true if a view needs
    // a snapshot of tables the maintainer does not hold.
    bool commit(const wire::CommitMessage& commit, bool emit, sink::Outbox& outbox);

    // The messages of a view's change, with these headers.
    static void append_messages(const ViewRuntime& view, const engine::ZSet& change, const sink::MessageHeaders& headers,
                                sink::Outbox& outbox);
    // The messages of a view's content (inserts only), decoded and encoded
    // a chunk at a time.
    static void append_content(const ViewRuntime& view, const ViewContent& content, const sink::MessageHeaders& headers,
                               sink::Outbox& outbox);
    static constexpr size_t content_chunk_rows = 10000;

   private:
    struct OpenTransaction {
        wire::BeginMessage begin;
        std::vector<wire::Message> changes;
    };

    void relayout(const wire::RelationMessage& relation);
    void fail_table(uint32_t relid, const std::string& reason);
    TableChanges apply_tables(const std::vector<wire::Message>& changes);
    bool same_view(const wire::RelationMessage& relation, const wire::Tuple& row, int64_t id) const;
    bool apply_catalog(const std::vector<wire::Message>& changes, const sink::MessageHeaders& headers, bool emit,
                       sink::Outbox& outbox);
    void step_views(const TableChanges& changes, const sink::MessageHeaders& headers, bool emit, sink::Outbox& outbox);
    static bool is_catalog(const wire::RelationMessage& relation);

    MaintainerState& state_;
    const engine::Collation& collation_;
    ViewStateHandler on_state_;
    std::optional<OpenTransaction> open_;
    std::map<uint32_t, wire::RelationMessage> relations_;
    std::map<uint32_t, wire::RelationMessage> deferred_;  // seen while skipping
};

}  // namespace cdc::daemon
