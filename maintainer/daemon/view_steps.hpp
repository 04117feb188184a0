// Steps of the graph of all views (engine/graph.hpp): each step narrows
// the source changes once per slot the stepped views read, then steps
// every view with them, so a node several views share computes once.
#pragma once

#include "daemon/view_runtime.hpp"

#include <string>
#include <vector>

namespace cdc::daemon {

// The changes of one step, narrowed to the source slots the views read.
class SlotChanges {
   public:
    // From one transaction's table changes, or a chunk of a fill.
    SlotChanges(const engine::Graph& graph, const std::vector<ViewRuntime*>& views, const TableChanges& changes,
                const Tables& tables);

    const engine::SourceChanges& changes() const { return pointers_; }

   private:
    std::vector<engine::ZSet> rows_;  // per slot
    engine::SourceChanges pointers_;  // per slot: &rows_[slot], or null where nothing changed
};

struct FillResult {
    engine::ZSet content;
    std::string error;  // empty: filled
};

// Builds the fresh views in graph and fills them from the tables together:
// shared new nodes compute once, and subtrees the graph holds with state
// are filled through private copies, then attached.  The tables go in
// chunks of fill_chunk_rows rows, one graph step each, so what a fill holds
// besides the state is a chunk's changes and the views' contents (Z-sets
// are linear: the chunks' changes sum to the content).  Per view, in
// order: its whole content, or why it failed (a table not held, an
// expression error); a failed view must be discarded.
constexpr size_t fill_chunk_rows = 50000;
std::vector<FillResult> fill_views(engine::Graph& graph, const std::vector<ViewRuntime*>& views,
                                   const Tables& tables, size_t chunk_rows = fill_chunk_rows);

}  // namespace cdc::daemon
