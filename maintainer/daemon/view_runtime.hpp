// One maintained view at run time: its plan, its dataflow, and the encoder
// of its Kafka messages.  Source tables come in the layout the output
// plugin sends them (a TableState's columns); the runtime narrows them to
// the columns its plan reads.
#pragma once

#include "core/view_definition.hpp"
#include "engine/dataflow.hpp"
#include "plan/plan_reader.hpp"
#include "sink/envelope.hpp"
#include "source/table_state.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>

namespace cdc::daemon {

using Tables = std::map<uint32_t, std::unique_ptr<source::TableState>>;
using TableChanges = std::map<uint32_t, source::Delta>;

class ViewRuntime {
   public:
    // Throws plan::PlanError if the plan is unusable.
    ViewRuntime(ViewDefinition definition, const engine::Collation& collation);

    const ViewDefinition& definition() const { return definition_; }
    const plan::Plan& plan() const { return plan_; }
    const std::optional<sink::EnvelopeEncoder>& encoder() const { return encoder_; }
    bool reads(uint32_t relid) const;

    // The view's netted change for one source transaction; throws
    // engine::EvaluationError when an expression fails.
    engine::ZSet step(const TableChanges& changes, const Tables& tables);
    // The view's whole content from the tables as they are; called once,
    // on a fresh runtime, whose dataflow then holds that state.
    engine::ZSet fill(const Tables& tables);

   private:
    engine::ZSet narrow(const plan::PlanSource& source, const source::TableState& table,
                        const source::Delta& rows) const;

    ViewDefinition definition_;
    plan::Plan plan_;
    std::unique_ptr<engine::Dataflow> dataflow_;
    std::optional<sink::EnvelopeEncoder> encoder_;  // none for an intermediate view
};

}  // namespace cdc::daemon
