#include "engine/filter.hpp"

namespace cdc::engine {

ZSet Filter::step(const SourceChanges& changes) {
    ZSet output = input_->step(changes);
    std::erase_if(output, [this](const auto& entry) {
        Value verdict = predicate_->eval(entry.first);
        return !(std::holds_alternative<bool>(verdict) && std::get<bool>(verdict));
    });
    return output;
}

}  // namespace cdc::engine
