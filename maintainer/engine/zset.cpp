#include "engine/zset.hpp"

namespace cdc::engine {
namespace {

template <typename Counts>
void add_weight_to(Counts& counts, const Row& row, int64_t weight) {
    if (weight == 0) return;
    auto [found, inserted] = counts.try_emplace(row, weight);
    if (!inserted && (found->second += weight) == 0) counts.erase(found);
}

}  // namespace

void consolidate(ZSet& zset) {
    std::unordered_map<Row, size_t, RowHash, RowIdentical> position;
    ZSet result;
    result.reserve(zset.size());
    for (auto& [row, weight] : zset) {
        auto [found, inserted] = position.try_emplace(row, result.size());
        if (inserted) {
            result.emplace_back(std::move(row), weight);
        } else {
            result[found->second].second += weight;
        }
    }
    std::erase_if(result, [](const auto& entry) { return entry.second == 0; });
    zset = std::move(result);
}

void add_weight(RowCounts& counts, const Row& row, int64_t weight) { add_weight_to(counts, row, weight); }

void add_weight(EqualRowCounts& counts, const Row& row, int64_t weight) { add_weight_to(counts, row, weight); }

Row concat_rows(const Row& left, const Row& right) {
    Row row;
    row.reserve(left.size() + right.size());
    row.insert(row.end(), left.begin(), left.end());
    row.insert(row.end(), right.begin(), right.end());
    return row;
}

}  // namespace cdc::engine
