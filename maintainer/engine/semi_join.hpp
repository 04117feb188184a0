// semi_join: the outer rows for which at least one inner row has equal,
// non-NULL keys: EXISTS (SELECT ... WHERE inner.k = outer.k) and
// x IN (SELECT y ...), decorrelated by the planner.  An outer row comes out
// with its own weight however many inner rows match it.
//
// State: the outer side arranged by key, I(O), and per key the count of
// inner rows, n(k) = Σ I(I) over rows of key k.  With p(k) = [n(k) > 0]:
//   Δout = I(O)·(p_new − p_old) + ΔO·p_new
// so an inner change emits only for the keys whose count goes 0 <-> non-zero
// (their outer rows, + when it becomes non-zero, − when it becomes zero),
// and an outer change passes where its key's new count is non-zero.  Rows
// with a NULL key never match (SQL's =): outer ones are never emitted nor
// kept, inner ones are not counted.
#pragma once

#include "engine/key_counts.hpp"

namespace cdc::engine {

class SemiJoin : public Operator {
   public:
    struct Side {
        OperatorPtr input;
        std::vector<ExprPtr> keys;  // the side's halves of the `on` pairs
    };

    SemiJoin(Side outer, Side inner);
    ZSet step(const SourceChanges& changes) override;

   private:
    Side outer_;
    Side inner_;
    Arrangement outer_rows_;
    KeyCounts inner_counts_;
};

}  // namespace cdc::engine
