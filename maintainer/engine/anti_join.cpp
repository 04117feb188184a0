#include "engine/anti_join.hpp"

#include "core/row_codec.hpp"

#include <stdexcept>

namespace cdc::engine {

AntiJoin::AntiJoin(Side outer, Side inner)
    : outer_(std::move(outer)), inner_(std::move(inner)), not_in_(outer_.not_in != nullptr) {
    if ((inner_.not_in != nullptr) != not_in_) throw std::invalid_argument("NOT IN needs both halves of its pair");
}

ZSet AntiJoin::step(const SourceChanges& changes) {
    ZSet outer_change = outer_.input->step(changes);
    ZSet inner_change = inner_.input->step(changes);
    consolidate(outer_change);
    consolidate(inner_change);

    // I(O)·(p_new − p_old), on the outer rows before this step's change
    ZSet output;
    InnerDeltas deltas = inner_deltas(inner_change);
    Flips flipped = flips(deltas);
    emit_flips(flipped, -1, output);
    apply(deltas);
    emit_flips(flipped, +1, output);

    // ΔO·p_new
    for (auto& [row, weight] : outer_change) {
        RowKey c = evaluate_key(outer_.keys, row);
        if (c.has_null) {  // correlated with no inner row: S is empty
            output.emplace_back(std::move(row), weight);
            continue;
        }
        std::string key = c.bytes;
        bool x_null = false;
        if (not_in_) {
            Value x = outer_.not_in->eval(row);
            x_null = is_null(x);
            append_key_value(key, x);
        }
        outer_rows_.add(key, encode_row(row), weight);
        if (passes(c.bytes, key, x_null)) output.emplace_back(std::move(row), weight);
    }
    return output;
}

AntiJoin::InnerDeltas AntiJoin::inner_deltas(const ZSet& change) const {
    InnerDeltas deltas;
    for (const auto& [row, weight] : change) {
        RowKey c = evaluate_key(inner_.keys, row);
        if (c.has_null) continue;  // equal to no outer row's c
        deltas.rows[c.bytes] += weight;
        if (!not_in_) continue;
        Value y = inner_.not_in->eval(row);
        if (is_null(y)) {
            deltas.nulls[c.bytes] += weight;
            continue;
        }
        std::string member = c.bytes;
        append_key_value(member, y);
        deltas.members[member] += weight;
        deltas.of_c.emplace(member, c.bytes);
    }
    return deltas;
}

AntiJoin::Flips AntiJoin::flips(const InnerDeltas& deltas) const {
    auto flips_zero = [](const KeyCounts& counts, const KeyDeltas& changes, const std::string& key) {
        auto change = changes.find(key);
        int64_t before = counts.count(key);
        return change != changes.end() && (before == 0) != (before + change->second == 0);
    };
    Flips flipped;
    for (const auto& entry : deltas.rows) {  // every c of deltas.nulls is among them
        const std::string& c = entry.first;
        if (flips_zero(rows_, deltas.rows, c) || flips_zero(nulls_, deltas.nulls, c)) flipped.whole.insert(c);
    }
    for (const auto& entry : deltas.members) {
        const std::string& c = deltas.of_c.at(entry.first);
        if (!flipped.whole.contains(c) && flips_zero(members_, deltas.members, entry.first)) {
            flipped.members.emplace_back(c, entry.first);
        }
    }
    return flipped;
}

void AntiJoin::apply(const InnerDeltas& deltas) {
    for (const auto& [c, delta] : deltas.rows) rows_.add(c, delta);
    for (const auto& [c, delta] : deltas.nulls) nulls_.add(c, delta);
    for (const auto& [member, delta] : deltas.members) members_.add(member, delta);
}

bool AntiJoin::passes(const std::string& c, const std::string& c_then_x, bool x_null) const {
    if (rows_.count(c) == 0) return true;
    return not_in_ && !x_null && nulls_.count(c) == 0 && members_.count(c_then_x) == 0;
}

void AntiJoin::emit_flips(const Flips& flipped, int64_t sign, ZSet& output) const {
    for (const std::string& c : flipped.whole) emit_whole(c, sign, output);
    for (const auto& [c, member] : flipped.members) {
        if (passes(c, member, false)) emit_arranged(outer_rows_, member, sign, output);
    }
}

// Every outer row of correlation key c that passes, with sign.
void AntiJoin::emit_whole(const std::string& c, int64_t sign, ZSet& output) const {
    outer_rows_.for_each(c, [&](std::string_view rest, int64_t weight) {
        size_t row_at = 0;
        bool x_null = false;
        if (not_in_) x_null = is_null(decode_value(rest, row_at));  // rest: x's key bytes, then the row
        std::string key = c;
        key.append(rest.substr(0, row_at));
        if (passes(c, key, x_null)) output.emplace_back(decode_row(rest.substr(row_at)), sign * weight);
        return true;
    });
}

}  // namespace cdc::engine
