// The oracle's schema and views: related tables covering the column types
// and replica identities the maintainer handles, views covering every
// construct add_view accepts, and a pool of view shapes added and dropped
// while the workload runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cdc::oracle {

struct ViewDef {
    std::string name;                      // in schema oracle; also its topic unless !has_topic
    std::string query;
    bool has_topic = true;
    std::optional<std::string> key;        // declared key column, if any
    bool allow_cross_join = false;         // add_view option, for joins without an equality
};

// Drops and recreates schema oracle with its tables and a first set of rows.
std::string schema_sql();
// The views defined before the maintainer starts.
const std::vector<ViewDef>& initial_views();
// Shapes for views added mid-run; name is a prefix (a number is appended).
const std::vector<ViewDef>& dynamic_view_shapes();
// SELECT cdc_stream.add_view(...) for view
std::string add_view_sql(const ViewDef& view);

}  // namespace cdc::oracle
