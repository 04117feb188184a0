// What the maintainer holds: its copy of the source tables, its running
// views with the graph their dataflows share, and the source position they
// reflect.  Checkpoints save the position, the tables and the views'
// definitions; operator state is rebuilt from the tables.
#pragma once

#include "daemon/view_runtime.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cdc::daemon {

struct MaintainerState {
    // every source transaction committed before position is applied
    uint64_t position = 0;
    Tables tables;
    std::map<int64_t, std::unique_ptr<ViewRuntime>> views;
    std::unique_ptr<engine::Graph> graph = std::make_unique<engine::Graph>();  // a stable address

    std::vector<ViewDefinition> definitions() const;
    // relid -> the columns some view reads from it (PlanSource::held_column),
    // in first-seen order
    std::map<uint32_t, std::vector<std::string>> needed_columns() const;
    // whether every table and column the view reads is held
    bool can_fill(const ViewRuntime& view) const;
    // Drops the tables no view reads: they are not streamed after the next
    // restart of the stream, and a stale copy must not fill a later view.
    void forget_unread_tables();
};

// The output plugin's tables option for these needs plus the catalog.
std::string tables_option(const std::map<uint32_t, std::vector<std::string>>& needed);

}  // namespace cdc::daemon
