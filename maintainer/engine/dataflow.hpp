// A view's dataflow: the operator tree built from its plan's "root", fed
// the changes of its source tables, emitting the view's netted change.
#pragma once

#include "engine/collation.hpp"
#include "engine/operator.hpp"
#include "plan/plan_reader.hpp"

namespace cdc::engine {

class Dataflow {
   public:
    // Throws plan::PlanError naming the bad field.  collation must outlive
    // the dataflow.
    Dataflow(const plan::Plan& plan, const Collation& collation);

    // The view's change for one step (one source transaction, or a table's
    // whole content), consolidated; may throw EvaluationError.
    ZSet step(const SourceChanges& changes);

   private:
    OperatorPtr root_;
};

}  // namespace cdc::engine
