// scan: the rows of one source table, narrowed to the columns this scan
// reads.  Linear and stateless: Δscan(T) = scan(ΔT).
#pragma once

#include "engine/operator.hpp"

#include <cstddef>
#include <vector>

namespace cdc::engine {

class Scan : public Operator {
   public:
    // columns: for each output column, its index in the source's columns
    Scan(size_t source, std::vector<size_t> columns) : source_(source), columns_(std::move(columns)) {}
    ZSet step(const SourceChanges& changes) override;

   private:
    size_t source_;
    std::vector<size_t> columns_;
};

}  // namespace cdc::engine
