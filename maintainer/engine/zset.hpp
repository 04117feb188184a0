// Z-sets: rows with integer weights (DESIGN.md section 3).  A table's or a
// view's change is a Z-set: +1 an inserted row, -1 a deleted one; an update
// is both.  consolidate() is the one normalising step, called at operator
// boundaries that need it and before a view's change is emitted.
#pragma once

#include "core/value.hpp"

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cdc::engine {

using ZSet = std::vector<std::pair<Row, int64_t>>;

// RowEqual is Postgres' = (numeric 1.5 = 1.50, float8 0 = -0), which keys,
// groups and DISTINCT need; but a view's rows go out as text, so a row
// changing from 1.5 to 1.50 has changed, and multisets of whole rows
// (Z-sets, arrangements) keep them apart with RowIdentical (core/value.hpp).

// A Z-set indexed by row, for operators that keep their input.
using RowCounts = std::unordered_map<Row, int64_t, RowHash, RowIdentical>;
// Rows counted by Postgres' equality, for DISTINCT.
using EqualRowCounts = std::unordered_map<Row, int64_t, RowHash, RowEqual>;

// Sums the weights of identical rows and drops rows whose weight is 0; keeps
// the first-seen order of rows, so output follows input order.
void consolidate(ZSet& zset);

// Adds weight to row in counts, erasing it when it reaches 0.
void add_weight(RowCounts& counts, const Row& row, int64_t weight);
void add_weight(EqualRowCounts& counts, const Row& row, int64_t weight);

// left ++ right, the row a join emits.
Row concat_rows(const Row& left, const Row& right);

}  // namespace cdc::engine
