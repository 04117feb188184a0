#include "engine/arrangement.hpp"

namespace cdc::engine {

void Arrangement::add(std::string_view key, std::string_view row, int64_t weight) {
    std::string entry;
    entry.reserve(key.size() + row.size());
    entry.append(key).append(row);
    auto found = entries_.try_emplace(std::move(entry), 0).first;
    found->second += weight;
    if (found->second == 0) entries_.erase(found);
}

bool Arrangement::contains(std::string_view key) const {
    auto entry = entries_.lower_bound(key);
    return entry != entries_.end() && std::string_view(entry->first).starts_with(key);
}

}  // namespace cdc::engine
