// The operators of a view's dataflow.  Each turns the change of its inputs
// in one step (one source transaction, or the initial content) into the
// change of its output, keeping whatever state its incremental rule needs.
// One operator per file; each file's header comment states its rule.
#pragma once

#include "engine/zset.hpp"

#include <memory>
#include <vector>

namespace cdc::engine {

// The changes of one step, per source of the plan (plan.sources order), in
// the source's column order; nullptr where a source did not change.
using SourceChanges = std::vector<const ZSet*>;

class Operator {
   public:
    virtual ~Operator() = default;
    // The output's change; may throw EvaluationError.
    virtual ZSet step(const SourceChanges& changes) = 0;
};

using OperatorPtr = std::unique_ptr<Operator>;

}  // namespace cdc::engine
