// filter: the input rows for which the predicate is true (not false, not
// NULL).  Linear and stateless: Δσ(R) = σ(ΔR).
#pragma once

#include "engine/expr.hpp"
#include "engine/operator.hpp"

namespace cdc::engine {

class Filter : public Operator {
   public:
    Filter(OperatorPtr input, ExprPtr predicate) : input_(std::move(input)), predicate_(std::move(predicate)) {}
    ZSet step(const SourceChanges& changes) override;

   private:
    OperatorPtr input_;
    ExprPtr predicate_;
};

}  // namespace cdc::engine
