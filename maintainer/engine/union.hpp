// union: UNION ALL adds its inputs' weights, Δ(R ⊎ S) = ΔR ⊎ ΔS (linear,
// stateless); UNION is UNION ALL followed by distinct's rule.
#pragma once

#include "engine/distinct.hpp"
#include "engine/operator.hpp"

#include <optional>
#include <vector>

namespace cdc::engine {

class Union : public Operator {
   public:
    Union(std::vector<OperatorPtr> inputs, bool all);
    ZSet step(const SourceChanges& changes) override;

   private:
    std::vector<OperatorPtr> inputs_;
    std::optional<DistinctState> distinct_;
};

}  // namespace cdc::engine
