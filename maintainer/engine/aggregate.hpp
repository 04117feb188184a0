// aggregate: GROUP BY with count(*), count, sum, avg, min, max, their
// DISTINCT forms and FILTER (WHERE ...).
//
// State per group: its row count and one accumulator per aggregate
// (accumulator.hpp says which are linear and which keep a multiset).
//   Δγ(R) = for each group g touched by ΔR:  -γ_g(I(R)) + γ_g(I(R) + ΔR)
// where a group with no rows has no output row, except without GROUP BY:
// then the one output row exists even for an empty input, as in Postgres.
// A group's key shows in one of its rows' forms (forms.hpp).
#pragma once

#include "engine/accumulator.hpp"
#include "engine/expr.hpp"
#include "engine/forms.hpp"
#include "engine/operator.hpp"

#include <unordered_map>
#include <vector>

namespace cdc::engine {

class Aggregate : public Operator {
   public:
    struct Function {
        AggregateSpec spec;
        ExprPtr arg;     // null for count(*)
        ExprPtr filter;  // null: no FILTER
    };

    Aggregate(OperatorPtr input, std::vector<ExprPtr> group_by, std::vector<Function> functions,
              const Collation& collation);
    ZSet step(const SourceChanges& changes) override;

   private:
    struct Group {
        int64_t rows = 0;
        RowForms keys;  // the forms of the key among the group's rows
        std::vector<std::unique_ptr<Accumulator>> accumulators;
        Row emitted;  // the output row sent last, retracted exactly as sent
    };
    using Groups = std::unordered_map<Row, Group, RowHash, RowEqual>;

    Group new_group() const;
    void add_row(Group& group, const Row& key, const Row& row, int64_t weight) const;
    Row output_row(const Row& key, const Group& group) const;
    bool has_output(const Group& group) const { return group_by_.empty() || group.rows > 0; }

    OperatorPtr input_;
    std::vector<ExprPtr> group_by_;
    std::vector<Function> functions_;
    const Collation& collation_;
    Groups groups_;
    bool global_row_emitted_ = false;
};

}  // namespace cdc::engine
