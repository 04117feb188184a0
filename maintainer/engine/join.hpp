// join: pairs of a left and a right row whose `on` keys are non-NULL and
// equal and for which the residual is true; left, right and full joins add
// the unmatched rows of their preserved side(s), padded with NULLs.
//
// State: both inputs, arranged by key, I(L) and I(R).
// Matched part (bilinear):   Δ(L ⋈ R) = ΔL ⋈ I(R) + (I(L) + ΔL) ⋈ ΔR
// Unmatched part: whether a row matches depends only on the other side's
// rows of the same key, so for each key that ΔL or ΔR touches the unmatched
// rows are listed before and after the step, and the difference emitted.
// Rows with a NULL key never match: a preserved side emits them padded at
// once, and neither side stores them.  Both sides are arranged as compact
// bytes (arrangement.hpp); a partner row is decoded only when it pairs.
#pragma once

#include "engine/arrangement.hpp"
#include "engine/expr.hpp"
#include "engine/operator.hpp"

#include <string>
#include <unordered_set>
#include <vector>

namespace cdc::engine {

class Join : public Operator {
   public:
    enum class Kind { Inner, Left, Right, Full };

    struct Side {
        OperatorPtr input;
        std::vector<ExprPtr> keys;  // the side's halves of the `on` pairs
        size_t width = 0;           // columns of the side's rows
    };

    Join(Kind kind, Side left, Side right, ExprPtr residual);
    ZSet step(const SourceChanges& changes) override;

   private:
    using KeySet = std::unordered_set<std::string>;  // encode_key bytes

    struct KeyedRow {
        Row row;
        std::string key;    // encode_key of the side's key values
        std::string bytes;  // encode_row of the row
        int64_t weight;
    };
    struct KeyedChange {
        std::vector<KeyedRow> with_key;  // rows whose key has no NULL
        ZSet null_key;                   // rows that can never match
    };

    KeyedChange arrange_change(const Side& side, ZSet change) const;
    bool matches(const Row& left, const Row& right) const;
    void join_change(const KeyedChange& change, bool change_is_left, ZSet& output) const;
    void add_unmatched(const KeySet& keys, int64_t sign, ZSet& output) const;
    void add_unmatched_side(const std::string& key, bool left_side, int64_t sign, ZSet& output) const;
    Row padded(const Row& row, bool row_is_left) const;
    static void apply(Arrangement& arrangement, const KeyedChange& change);

    Kind kind_;
    Side left_;
    Side right_;
    ExprPtr residual_;  // null: none
    Arrangement left_rows_;
    Arrangement right_rows_;
};

}  // namespace cdc::engine
