// Steps of the graph of all views (engine/graph.hpp): each step narrows
// the source changes once per slot the stepped views read, then steps
// every view with them, so a node several views share computes once.
#pragma once

#include "daemon/view_runtime.hpp"

#include <functional>
#include <string>
#include <unordered_map>
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

// A view's content from the changes of a fill's steps: their sum, each row
// once with its total weight, in the order rows first appeared (as
// engine::consolidate orders a single step's change).  Held as encode_row
// bytes, decoded a chunk at a time where it is sent: a view's content is
// as large as the view, its rows as bytes a fraction of their decoded form.
class ViewContent {
   public:
    void add(const engine::ZSet& change);
    size_t size() const;  // rows, counted once each
    // The rows in order, decoded in chunks of up to chunk_rows.
    void for_each_chunk(size_t chunk_rows, const std::function<void(const engine::ZSet&)>& visit) const;
    engine::ZSet rows() const;

   private:
    std::unordered_map<std::string, int64_t> weights_;  // encode_row -> weight
    std::vector<const std::pair<const std::string, int64_t>*> order_;  // first appearance
};

struct FillResult {
    ViewContent content;  // kept for views with a topic
    std::string error;  // empty: filled
};

// "view s.v added: N rows; <its graph>", for the log.
std::string added_summary(const ViewRuntime& view, const FillResult& filled);

// Whether a fill keeps the views' contents: a restart refills views whose
// content Kafka has, for their operator state only.
enum class FillContent { keep, discard };

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
                                   const Tables& tables, size_t chunk_rows = fill_chunk_rows,
                                   FillContent content = FillContent::keep);

}  // namespace cdc::daemon
