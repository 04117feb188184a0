// A view as cdc_stream.views defines it: what the maintainer needs to build
// its dataflow and write its topic.  Read from the catalog, from the
// replication stream (rows of cdc_stream.views) and from checkpoints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cdc {

struct ViewDefinition {
    int64_t id = 0;
    std::string schema;
    std::string name;
    std::optional<std::string> topic;  // none: an intermediate view
    std::string envelope = "row";
    int32_t partitions = 1;
    std::string plan_json;

    std::string qualified_name() const { return schema + "." + name; }
};

// As JSON text, for checkpoints, and back; from_json throws std::invalid_argument.
std::string to_json(const ViewDefinition& view);
ViewDefinition view_from_json(const std::string& text);

}  // namespace cdc
