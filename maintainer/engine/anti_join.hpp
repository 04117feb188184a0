// anti_join: the outer rows that no inner row matches.
//
// NOT EXISTS (SELECT ... WHERE inner.c = outer.c): no inner row has equal,
// non-NULL correlation keys c.  With rows(c) the count of inner rows of
// key c, p(c) = [rows(c) = 0]; an outer row with a NULL in c matches
// nothing, so it always passes.
//
// x NOT IN (SELECT y ... WHERE inner.c = outer.c), SQL's rule: with S the
// inner rows of key c, x NOT IN S is true when S is empty (even for a NULL
// x), and otherwise only when x is not NULL, no y in S is NULL and none
// equals x (a NULL on either side makes the comparison NULL, and NULL is
// not true).  So per c it keeps rows(c), nulls(c) (rows of S whose y is
// NULL) and members(c, y) (rows of S per non-NULL y):
//   p(c, x) = rows(c) = 0  or  (x not NULL and nulls(c) = 0 and members(c, x) = 0)
//
// State: the outer side arranged by c then (NOT IN) x, I(O), and the
// counts.  Δout = I(O)·(p_new − p_old) + ΔO·p_new.  A step's inner change
// is summed per key first; p can change only for the outer rows of a c whose
// rows(c) or nulls(c) goes 0 <-> non-zero (all of c's rows: for an
// uncorrelated NOT IN, every outer row) or of a (c, x) whose members(c, x)
// does; those rows are emitted with −p_old before the counts change and
// +p_new after.
#pragma once

#include "engine/key_counts.hpp"

#include <set>

namespace cdc::engine {

class AntiJoin : public Operator {
   public:
    struct Side {
        OperatorPtr input;
        std::vector<ExprPtr> keys;  // the side's halves of the correlation (`on`) pairs
        ExprPtr not_in;             // the side's half of the NOT IN pair, or null (NOT EXISTS)
    };

    // Both sides have a NOT IN half, or neither.
    AntiJoin(Side outer, Side inner);
    ZSet step(const SourceChanges& changes) override;

   private:
    // This step's inner change, summed per key.
    struct InnerDeltas {
        KeyDeltas rows, nulls;
        KeyDeltas members;                                  // by c then y
        std::unordered_map<std::string, std::string> of_c;  // members' key -> its c
    };
    // Where p may have changed: whole correlation keys, and (c, x) keys.
    struct Flips {
        std::set<std::string> whole;
        std::vector<std::pair<std::string, std::string>> members;  // (c, c then x)
    };

    InnerDeltas inner_deltas(const ZSet& change) const;
    Flips flips(const InnerDeltas& deltas) const;
    void apply(const InnerDeltas& deltas);
    bool passes(const std::string& c, const std::string& c_then_x, bool x_null) const;
    void emit_flips(const Flips& flips, int64_t sign, ZSet& output) const;
    void emit_whole(const std::string& c, int64_t sign, ZSet& output) const;

    Side outer_;
    Side inner_;
    bool not_in_;
    Arrangement outer_rows_;  // by c, then (NOT IN) x, NULL included
    KeyCounts rows_;          // inner rows per c (c without NULLs)
    KeyCounts nulls_;         // NOT IN: of which y is NULL
    KeyCounts members_;       // NOT IN: inner rows per c then non-NULL y
};

}  // namespace cdc::engine
