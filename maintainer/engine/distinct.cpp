#include "engine/distinct.hpp"

namespace cdc::engine {

ZSet DistinctState::apply(const ZSet& change) {
    ZSet netted = change;
    consolidate(netted);
    ZSet output;
    for (const auto& [row, weight] : netted) {
        auto found = counts_.find(row);
        int64_t before = found == counts_.end() ? 0 : found->second;
        int64_t after = before + weight;
        if (before <= 0 && after > 0) output.emplace_back(row, 1);
        if (before > 0 && after <= 0) output.emplace_back(row, -1);
        add_weight(counts_, row, weight);
    }
    return output;
}

}  // namespace cdc::engine
