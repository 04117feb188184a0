// What semi_join and anti_join share: a row's key as encode_key bytes, the
// inner side kept only as a count of rows per key, and emitting the outer
// rows arranged under a key when the predicate of that key flips.
#pragma once

#include "engine/arrangement.hpp"
#include "engine/expr.hpp"
#include "engine/operator.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace cdc::engine {

// The key of a row: its key expressions' values as encode_key bytes
// (core/row_codec.hpp), and whether one of them is NULL.
struct RowKey {
    std::string bytes;
    bool has_null = false;
};
RowKey evaluate_key(const std::vector<ExprPtr>& keys, const Row& row);

// Weights summed per key: the integral of a side's rows by key, without
// the rows.  Counts of a multiset, so never negative between steps.
class KeyCounts {
   public:
    int64_t count(const std::string& key) const;
    void add(const std::string& key, int64_t weight);

   private:
    std::unordered_map<std::string, int64_t> counts_;
};

// A step's change of key counts, summed per key before it is applied, so
// an operator can compare each touched key's count before and after.
using KeyDeltas = std::unordered_map<std::string, int64_t>;

// Adds sign * weight of every outer row arranged under prefix to output.
void emit_arranged(const Arrangement& rows, const std::string& prefix, int64_t sign, ZSet& output);

}  // namespace cdc::engine
