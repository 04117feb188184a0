#include "engine/semi_join.hpp"

#include "core/row_codec.hpp"

namespace cdc::engine {

SemiJoin::SemiJoin(Side outer, Side inner) : outer_(std::move(outer)), inner_(std::move(inner)) {}

ZSet SemiJoin::step(const SourceChanges& changes) {
    ZSet outer_change = outer_.input->step(changes);
    ZSet inner_change = inner_.input->step(changes);
    consolidate(outer_change);
    consolidate(inner_change);

    KeyDeltas deltas;
    for (const auto& [row, weight] : inner_change) {
        RowKey key = evaluate_key(inner_.keys, row);
        if (!key.has_null) deltas[key.bytes] += weight;
    }

    ZSet output;
    // I(O)·(p_new − p_old), on the outer rows before this step's change
    for (const auto& [key, delta] : deltas) {
        int64_t before = inner_counts_.count(key);
        inner_counts_.add(key, delta);
        bool matched_before = before > 0, matched_after = before + delta > 0;
        if (matched_before != matched_after) emit_arranged(outer_rows_, key, matched_after ? 1 : -1, output);
    }
    // ΔO·p_new
    for (auto& [row, weight] : outer_change) {
        RowKey key = evaluate_key(outer_.keys, row);
        if (key.has_null) continue;
        outer_rows_.add(key.bytes, encode_row(row), weight);
        if (inner_counts_.count(key.bytes) > 0) output.emplace_back(std::move(row), weight);
    }
    return output;
}

}  // namespace cdc::engine
