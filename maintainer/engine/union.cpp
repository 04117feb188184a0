#include "engine/union.hpp"

namespace cdc::engine {

Union::Union(std::vector<OperatorPtr> inputs, bool all) : inputs_(std::move(inputs)) {
    if (!all) distinct_.emplace();
}

ZSet Union::step(const SourceChanges& changes) {
    ZSet output;
    for (OperatorPtr& input : inputs_) {
        ZSet change = input->step(changes);
        output.insert(output.end(), std::make_move_iterator(change.begin()), std::make_move_iterator(change.end()));
    }
    return distinct_ ? distinct_->apply(output) : output;
}

}  // namespace cdc::engine
