#include "engine/zset.hpp"

#include <cmath>

namespace cdc::engine {

bool values_identical(const Value& a, const Value& b) {
    if (a.index() != b.index()) return false;
    if (const auto* x = std::get_if<double>(&a)) {
        double y = std::get<double>(b);
        return std::isnan(*x) ? std::isnan(y) : *x == y && std::signbit(*x) == std::signbit(y);
    }
    if (const auto* x = std::get_if<Numeric>(&a)) {
        const Numeric& y = std::get<Numeric>(b);
        return x->kind == y.kind && x->scale == y.scale && x->unscaled == y.unscaled;
    }
    return a == b;
}

namespace {

template <typename Counts>
void add_weight_to(Counts& counts, const Row& row, int64_t weight) {
    if (weight == 0) return;
    auto [found, inserted] = counts.try_emplace(row, weight);
    if (!inserted && (found->second += weight) == 0) counts.erase(found);
}

}  // namespace

bool RowIdentical::operator()(const Row& a, const Row& b) const {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (!values_identical(a[i], b[i])) return false;
    }
    return true;
}

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
