// project: one output value per expression, computed from each input row.
// Linear and stateless: Δπ(R) = π(ΔR).  Rows that become equal after
// projection keep separate weights until the next consolidate.
#pragma once

#include "engine/expr.hpp"
#include "engine/operator.hpp"

#include <vector>

namespace cdc::engine {

class Project : public Operator {
   public:
    Project(OperatorPtr input, std::vector<ExprPtr> exprs) : input_(std::move(input)), exprs_(std::move(exprs)) {}
    ZSet step(const SourceChanges& changes) override;

   private:
    OperatorPtr input_;
    std::vector<ExprPtr> exprs_;
};

}  // namespace cdc::engine
