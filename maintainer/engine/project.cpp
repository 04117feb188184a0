#include "engine/project.hpp"

namespace cdc::engine {

ZSet Project::step(const SourceChanges& changes) {
    ZSet input = input_->step(changes);
    ZSet output;
    output.reserve(input.size());
    for (const auto& [row, weight] : input) {
        Row projected;
        projected.reserve(exprs_.size());
        for (const ExprPtr& expr : exprs_) projected.push_back(expr->eval(row));
        output.emplace_back(std::move(projected), weight);
    }
    return output;
}

}  // namespace cdc::engine
