// Values equal under Postgres' = may print differently: numeric 1.5 and
// 1.50, float8 0 and -0, interval '1 month' and '30 days'.  Where rows or values are merged by = (GROUP BY
// keys, DISTINCT and UNION, min/max, f(DISTINCT x)), Postgres shows one of
// the merged forms, and which one depends on scan order.  The engine shows
// the first of the forms present in a fixed order (form_before in
// core/value.hpp: 1.5 before 1.50), so
//   - a form is never shown after its last row has gone (the oracle found
//     max(DISTINCT amount) showing 35.80 after the only 35.80 was deleted,
//     at transaction 80,461 of seed 797155), and
//   - what is shown depends only on the forms present, so state rebuilt
//     from the tables after a restart shows what was sent before it.
#pragma once

#include "core/value.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace cdc::engine {

// Only numeric, float and interval values have forms that differ; values
// of other types are counted, not kept, and show as the class's own value.
inline bool may_differ(const Value& value) {
    return std::holds_alternative<Numeric>(value) || std::holds_alternative<double>(value) ||
           std::holds_alternative<Interval>(value);
}
inline bool may_differ(const Row& row) {
    return std::any_of(row.begin(), row.end(), [](const Value& value) { return may_differ(value); });
}

template <typename T, typename Identical, typename Before>
class Forms {
   public:
    // weight more (or, negative, fewer) occurrences of exactly this form
    void add(const T& form, int64_t weight) {
        total_ += weight;
        if (!may_differ(form)) return;
        auto found = std::find_if(forms_.begin(), forms_.end(),
                                  [&](const auto& entry) { return Identical()(entry.first, form); });
        if (found == forms_.end()) {
            if (weight != 0) forms_.emplace_back(form, weight);
        } else if ((found->second += weight) == 0) {
            forms_.erase(found);
        }
    }
    // no occurrences left (their weights sum to 0)
    bool empty() const { return total_ == 0; }
    // the first present form in the fixed order, or fallback (the class's
    // own value) when none is kept
    const T& shown(const T& fallback) const {
        const T* first = nullptr;
        for (const auto& [form, count] : forms_) {
            if (count > 0 && (first == nullptr || Before()(form, *first))) first = &form;
        }
        return first != nullptr ? *first : fallback;
    }

   private:
    int64_t total_ = 0;
    std::vector<std::pair<T, int64_t>> forms_;  // few: the forms of one value
};

struct ValueIdentical {
    bool operator()(const Value& a, const Value& b) const { return values_identical(a, b); }
};
struct ValueFormBefore {
    bool operator()(const Value& a, const Value& b) const { return form_before(a, b); }
};

using ValueForms = Forms<Value, ValueIdentical, ValueFormBefore>;
using RowForms = Forms<Row, RowIdentical, RowFormBefore>;

}  // namespace cdc::engine
