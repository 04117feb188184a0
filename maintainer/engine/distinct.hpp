// distinct: each row of the input once.  Keeps the input's weights I(R):
//   Δdistinct(R) = +row where I(R)[row] goes from <= 0 to > 0,
//                  -row where it goes from > 0 to <= 0.
// Only rows of ΔR are examined, so a step costs O(|ΔR|).  Rows are one
// class under Postgres' = (1.5 and 1.50); a class shows as the first of its
// rows' forms in a fixed order (forms.hpp), is retracted as exactly the row
// sent, and is sent anew when the form to show changes.
#pragma once

#include "engine/forms.hpp"
#include "engine/operator.hpp"

namespace cdc::engine {

// The rule above as a reusable piece: union (not ALL) applies it too.
class DistinctState {
   public:
    ZSet apply(const ZSet& change);

   private:
    struct Class {
        int64_t count = 0;
        RowForms forms;
        Row emitted;  // the row sent for the class while count > 0
    };
    std::unordered_map<Row, Class, RowHash, RowEqual> classes_;  // DISTINCT is by Postgres' =
};

class Distinct : public Operator {
   public:
    explicit Distinct(OperatorPtr input) : input_(std::move(input)) {}
    ZSet step(const SourceChanges& changes) override { return state_.apply(input_->step(changes)); }

   private:
    OperatorPtr input_;
    DistinctState state_;
};

}  // namespace cdc::engine
