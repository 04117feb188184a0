// One maintained view at run time: its plan, its dataflow in the graph of
// all views, and the encoder of its Kafka messages.
#pragma once

#include "core/view_definition.hpp"
#include "engine/dataflow.hpp"
#include "plan/plan_reader.hpp"
#include "sink/envelope.hpp"
#include "state/table_state.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cdc::daemon {

using Tables = state::Tables;
using TableChanges = std::map<uint32_t, state::Delta>;

class ViewRuntime {
   public:
    // Throws plan::PlanError if the plan is unusable.
    ViewRuntime(ViewDefinition definition, const engine::Collation& collation);

    const ViewDefinition& definition() const { return definition_; }
    const plan::Plan& plan() const { return plan_; }
    const std::optional<sink::EnvelopeEncoder>& encoder() const { return encoder_; }
    bool reads(uint32_t relid) const;

    // Builds the dataflow in graph, once, before the fill (view_steps.hpp).
    void build(engine::Graph& graph);
    bool built() const { return dataflow_ != nullptr; }
    // The graph's source slots the dataflow reads.
    const std::vector<size_t>& slots() const { return dataflow_->slots(); }
    // The view's netted change for one graph step: its whole content at
    // the fill, then one source transaction's change; throws
    // engine::EvaluationError when an expression fails.
    engine::ZSet step(const engine::SourceChanges& changes) { return dataflow_->step(changes); }
    // "N new operators, M shared subtrees", for the log
    std::string graph_summary() const;
    // Ends the fill (engine::Dataflow::attach).
    void attach() { dataflow_->attach(); }

   private:
    ViewDefinition definition_;
    const engine::Collation& collation_;
    plan::Plan plan_;
    std::unique_ptr<engine::Dataflow> dataflow_;
    std::optional<sink::EnvelopeEncoder> encoder_;  // none for an intermediate view
};

}  // namespace cdc::daemon
