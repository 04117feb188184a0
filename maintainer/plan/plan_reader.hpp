// The top level of a view's plan (docs/plan-format.md, "Top level"): its
// output columns, key and source tables.  The operator tree under "root" is
// read by the engine's dataflow builder, one operator at a time.
#pragma once

#include "core/value.hpp"
#include "plan/json_fields.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cdc::plan {

constexpr int64_t plan_version = 1;

struct PlanColumn {
    std::string name;
    TypeRef type;
};

struct PlanSource {
    uint32_t relid = 0;
    std::string schema;
    std::string table;
    std::string identity;  // full, default, index
    std::vector<std::string> columns;
    // the columns' attribute numbers; empty in plans written before they
    // were recorded
    std::vector<int32_t> attnums;

    // The name the maintainer's copy of the table gives columns[i]: "#attnum",
    // so that renaming the column changes nothing, or in plans without
    // attnums its name.
    std::string held_column(size_t i) const;
};

struct Plan {
    std::vector<PlanColumn> columns;
    std::optional<std::vector<size_t>> key;
    std::vector<PlanSource> sources;
    Json root;
};

// Throws PlanError naming the bad field for malformed JSON or a plan of
// another version.
Plan read_plan(const std::string& text);

// The "type" and "typmod" fields of a column or expression object.
TypeRef read_type(const Json& object, const std::string& path);

}  // namespace cdc::plan
