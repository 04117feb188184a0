// A view's dataflow: the operator tree built from its plan's "root" in the
// graph of all views (graph.hpp), fed the source slots' changes, emitting
// the view's netted change.
#pragma once

#include "engine/collation.hpp"
#include "engine/graph.hpp"
#include "engine/operator.hpp"
#include "plan/plan_reader.hpp"

#include <optional>
#include <vector>

namespace cdc::engine {

class SharedInput;

class Dataflow {
   public:
    // Throws plan::PlanError naming the bad field.  collation and graph
    // must outlive the dataflow.  Its first step must be its whole content
    // (a fill), followed by attach().
    Dataflow(const plan::Plan& plan, const Collation& collation, Graph& graph);

    // The view's change for one step of the graph (one source transaction,
    // or the whole tables), consolidated; may throw EvaluationError.
    ZSet step(const SourceChanges& changes);
    // After the fill: subtrees the graph held with state, filled through
    // private copies, are read from the shared nodes from now on.
    void attach();
    // The graph's source slots this dataflow reads.
    const std::vector<size_t>& slots() const { return slots_; }
    // What building it added to the graph, and how many subtrees it shares.
    size_t new_nodes() const { return new_nodes_; }
    size_t shared_subtrees() const { return shared_subtrees_; }

   private:
    Graph& graph_;
    OperatorPtr root_;
    std::vector<SharedInput*> pending_;
    std::vector<size_t> slots_;
    size_t new_nodes_ = 0;
    size_t shared_subtrees_ = 0;
    std::optional<uint64_t> last_step_;
};

}  // namespace cdc::engine
