// shared: one operator node with several consumers (engine/graph.hpp).
// Sharing is identity: every consumer of node N receives ΔN, computed once
// per step, so each consumer's state is what it would be with a private
// copy of N's subtree.
//
// A view added while N already holds state needs N's whole content, not
// its next change.  It is filled through a private copy of N's subtree,
// fed the whole tables; its consumer then attaches to N.  The private copy
// produced exactly N's content (both reflect the same tables), so from the
// next step on, N's changes keep the consumer exact, and the copy goes.
//
// A node whose step failed (an expression error) keeps failing: its state
// is not trusted, its consumers' views stop, and the graph hands it to no
// new view.
#pragma once

#include "engine/graph.hpp"
#include "engine/operator.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <vector>

namespace cdc::engine {

class SharedNode {
   public:
    // slots: every source slot the subtree reads
    SharedNode(const Graph& graph, OperatorPtr op, std::vector<size_t> slots)
        : graph_(graph), op_(std::move(op)), slots_(std::move(slots)) {}

    // This step's change; computed at the step's first pull.
    ZSet pull(const SourceChanges& changes);
    const std::vector<size_t>& slots() const { return slots_; }
    bool failed() const { return failure_ != nullptr; }
    // Whether a new consumer may take its changes from now on as its whole
    // content: nothing was pulled before the current step.
    bool has_state() const { return last_step_ && *last_step_ != graph_.current_step(); }

   private:
    friend class SharedInput;

    const Graph& graph_;
    OperatorPtr op_;
    std::vector<size_t> slots_;
    size_t consumers_ = 0;
    std::optional<uint64_t> last_step_;
    ZSet change_;  // this step's, until every consumer has it
    size_t delivered_ = 0;
    std::exception_ptr failure_;
};

// A consumer's edge to a shared node.
class SharedInput : public Operator {
   public:
    explicit SharedInput(std::shared_ptr<SharedNode> node);
    // Reads private_copy until attach(): for a node that has state.
    SharedInput(std::shared_ptr<SharedNode> node, OperatorPtr private_copy);
    ~SharedInput() override;
    SharedInput(const SharedInput&) = delete;
    SharedInput& operator=(const SharedInput&) = delete;

    ZSet step(const SourceChanges& changes) override;
    // After the fill: from now on reads the shared node.
    void attach();

   private:
    std::shared_ptr<SharedNode> node_;
    OperatorPtr private_copy_;
};

}  // namespace cdc::engine
