// Where a view's plan (docs/plan-format.md) merges values equal under =:
// a GROUP BY key, min/max, an aggregate over DISTINCT values or over merged
// ones, a DISTINCT or UNION row, and expressions over those.  Postgres
// shows one of the merged forms (1.5 or 1.50) by scan order, so the
// checker compares those columns by value when the exact rows differ
// (docs/testing.md); every other column, such as sum(x) over a table's own
// column, must match exactly.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cdc::oracle {

// The names of the plan's numeric output columns that carry merged values.
std::vector<std::string> merged_numeric_columns(const nlohmann::json& plan);

}  // namespace cdc::oracle
