#include "engine/distinct.hpp"

namespace cdc::engine {

ZSet DistinctState::apply(const ZSet& change) {
    ZSet netted = change;
    consolidate(netted);
    ZSet output;
    for (const auto& [row, weight] : netted) {
        Class& entry = classes_[row];
        int64_t before = entry.count;
        entry.count += weight;
        entry.forms.add(row, weight);
        if (before <= 0 && entry.count > 0) {
            entry.emitted = entry.forms.shown(row);
            output.emplace_back(entry.emitted, 1);
        } else if (before > 0 && entry.count <= 0) {
            output.emplace_back(entry.emitted, -1);
        } else if (entry.count > 0 && !RowIdentical()(entry.forms.shown(entry.emitted), entry.emitted)) {
            output.emplace_back(entry.emitted, -1);  // the last row of its form has gone
            entry.emitted = entry.forms.shown(entry.emitted);
            output.emplace_back(entry.emitted, 1);
        }
        if (entry.count == 0) classes_.erase(row);
    }
    return output;
}

}  // namespace cdc::engine
