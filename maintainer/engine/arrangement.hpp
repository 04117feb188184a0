// An input's rows arranged by key: the integral I(X) of its changes,
// indexed for probes by key, held as compact bytes (core/row_codec.hpp).
// One sorted map from key bytes followed by row bytes to the row's weight,
// so a key's rows are one range of it: the shape an on-disk store keeps
// too.  Keys are encode_key bytes of one arity, rows encode_row bytes;
// both are self-delimiting, so no key's range holds another key's rows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace cdc::engine {

class Arrangement {
   public:
    // Adds weight to row under key; a row whose weight reaches 0 goes.
    void add(std::string_view key, std::string_view row, int64_t weight);

    // Calls visit(row bytes, weight) for every row under key; visit returns
    // false to stop.
    template <typename Visit>
    void for_each(std::string_view key, Visit visit) const {
        for (auto entry = entries_.lower_bound(key); entry != entries_.end(); ++entry) {
            std::string_view stored = entry->first;
            if (!stored.starts_with(key)) return;
            if (!visit(stored.substr(key.size()), entry->second)) return;
        }
    }
    bool contains(std::string_view key) const;
    size_t size() const { return entries_.size(); }

   private:
    std::map<std::string, int64_t, std::less<>> entries_;
};

}  // namespace cdc::engine
