#include "engine/scan.hpp"

namespace cdc::engine {

ZSet Scan::step(const SourceChanges& changes) {
    ZSet output;
    const ZSet* input = changes.at(source_);
    if (input == nullptr) return output;
    output.reserve(input->size());
    for (const auto& [row, weight] : *input) {
        Row narrowed;
        narrowed.reserve(columns_.size());
        for (size_t column : columns_) narrowed.push_back(row.at(column));
        output.emplace_back(std::move(narrowed), weight);
    }
    return output;
}

}  // namespace cdc::engine
