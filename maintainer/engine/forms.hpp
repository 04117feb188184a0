// Values equal under Postgres' = may print differently: numeric 1.5 and
// 1.50, float8 0 and -0.  Where rows or values are merged by = (GROUP BY
// keys, DISTINCT and UNION, min/max, f(DISTINCT x)), Postgres shows one of
// the merged forms, and which one depends on scan order.  The engine shows
// the earliest form still present, so a form is never shown after its last
// row has gone (the oracle found max(DISTINCT amount) showing 35.80 after
// the only 35.80 was deleted, at transaction 80,461 of seed 797155).
#pragma once

#include "engine/zset.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace cdc::engine {

template <typename T, typename Identical>
class Forms {
   public:
    // weight more (or, negative, fewer) occurrences of exactly this form
    void add(const T& form, int64_t weight) {
        auto found = std::find_if(forms_.begin(), forms_.end(),
                                  [&](const auto& entry) { return Identical()(entry.first, form); });
        if (found == forms_.end()) {
            if (weight != 0) forms_.emplace_back(form, weight);
        } else if ((found->second += weight) == 0) {
            forms_.erase(found);
        }
    }
    bool empty() const { return forms_.empty(); }
    // the earliest form with occurrences, or fallback when none has any
    const T& shown(const T& fallback) const {
        for (const auto& [form, count] : forms_) {
            if (count > 0) return form;
        }
        return fallback;
    }

   private:
    std::vector<std::pair<T, int64_t>> forms_;  // few: forms of one value
};

struct ValueIdentical {
    bool operator()(const Value& a, const Value& b) const { return values_identical(a, b); }
};

using ValueForms = Forms<Value, ValueIdentical>;
using RowForms = Forms<Row, RowIdentical>;

}  // namespace cdc::engine
