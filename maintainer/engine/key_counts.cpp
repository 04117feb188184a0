#include "engine/key_counts.hpp"

#include "core/row_codec.hpp"

namespace cdc::engine {

RowKey evaluate_key(const std::vector<ExprPtr>& keys, const Row& row) {
    RowKey key;
    for (const ExprPtr& expr : keys) {
        Value value = expr->eval(row);
        key.has_null = key.has_null || is_null(value);
        append_key_value(key.bytes, value);
    }
    return key;
}

int64_t KeyCounts::count(const std::string& key) const {
    auto found = counts_.find(key);
    return found == counts_.end() ? 0 : found->second;
}

void KeyCounts::add(const std::string& key, int64_t weight) {
    if (weight == 0) return;
    auto found = counts_.try_emplace(key, 0).first;
    found->second += weight;
    if (found->second == 0) counts_.erase(found);
}

void emit_arranged(const Arrangement& rows, const std::string& prefix, int64_t sign, ZSet& output) {
    rows.for_each(prefix, [&](std::string_view bytes, int64_t weight) {
        output.emplace_back(decode_row(bytes), sign * weight);
        return true;
    });
}

}  // namespace cdc::engine
