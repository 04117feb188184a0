#include "engine/graph.hpp"

#include "engine/shared.hpp"

#include <algorithm>

namespace cdc::engine {

size_t Graph::slot(uint32_t relid, const std::vector<std::string>& columns) {
    auto found = std::find_if(slots_.begin(), slots_.end(), [&](const SourceSlot& slot) {
        return slot.relid == relid && slot.columns == columns;
    });
    if (found != slots_.end()) return static_cast<size_t>(found - slots_.begin());
    slots_.push_back({relid, columns});
    return slots_.size() - 1;
}

std::shared_ptr<SharedNode> Graph::find(const std::string& key) const {
    auto found = nodes_.find(key);
    if (found == nodes_.end()) return nullptr;
    std::shared_ptr<SharedNode> node = found->second.lock();
    return node && !node->failed() ? node : nullptr;
}

void Graph::add(const std::string& key, const std::shared_ptr<SharedNode>& node) {
    std::erase_if(nodes_, [](const auto& entry) { return entry.second.expired(); });
    nodes_[key] = node;
}

size_t Graph::node_count() const {
    return static_cast<size_t>(
        std::count_if(nodes_.begin(), nodes_.end(), [](const auto& entry) { return !entry.second.expired(); }));
}

}  // namespace cdc::engine
