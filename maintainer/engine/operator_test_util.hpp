// Helpers for the operators' oracle tests (as differential dataflow's
// reduce_reference tests): random changes are fed step by step, and the
// sum of everything an operator emitted must equal a from-scratch
// reference computation on its whole input after every step.
#pragma once

#include "engine/operator.hpp"
#include "engine/scan.hpp"

#include <random>
#include <string>
#include <vector>

namespace cdc::engine::test {

// A source of two-column int rows (key, value); the whole input is kept.
struct RandomSource {
    size_t index;            // its position in SourceChanges
    int64_t keys;            // keys drawn from [0, keys), plus NULL now and then
    RowCounts content;

    // A random change: insertions, and deletions of rows present.
    ZSet change(std::mt19937& random) {
        ZSet delta;
        std::uniform_int_distribution<int> size(0, 4), coin(0, 9);
        std::uniform_int_distribution<int64_t> key(0, keys - 1), value(0, 3);
        for (int i = size(random); i > 0; --i) {
            if (coin(random) < 4 && !content.empty()) {
                auto victim = content.begin();
                std::advance(victim, std::uniform_int_distribution<size_t>(0, content.size() - 1)(random));
                delta.emplace_back(victim->first, -1);
                add_weight(content, victim->first, -1);
            } else {
                Value k = coin(random) == 0 ? Value() : Value(key(random));
                Row row{k, value(random)};
                delta.emplace_back(row, 1);
                add_weight(content, row, 1);
            }
        }
        return delta;
    }
};

inline OperatorPtr scan_of(size_t source) { return std::make_unique<Scan>(source, std::vector<size_t>{0, 1}); }

// Adds an operator's output to its integral.
inline void integrate(RowCounts& integral, const ZSet& output) {
    for (const auto& [row, weight] : output) add_weight(integral, row, weight);
}

// Equal multisets (RowCounts never holds a zero weight).
inline bool same_rows(const RowCounts& a, const RowCounts& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [row, weight] : a) {
        auto found = b.find(row);
        if (found == b.end() || found->second != weight) return false;
    }
    return true;
}

inline std::string show_rows(const RowCounts& rows) {
    std::string text;
    for (const auto& [row, weight] : rows) {
        text += "(";
        for (const Value& value : row) {
            if (is_null(value)) text += "NULL,";
            else if (auto* i = std::get_if<int64_t>(&value)) text += std::to_string(*i) + ",";
            else if (auto* n = std::get_if<Numeric>(&value)) text += numeric_to_string(*n) + ",";
            else text += "?,";
        }
        text += ")x" + std::to_string(weight) + " ";
    }
    return text;
}

}  // namespace cdc::engine::test
