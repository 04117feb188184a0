// Per-group state of one aggregate function (docs/plan-format.md,
// "Aggregate details"), updated by weighted values so that a retraction
// undoes an insertion exactly:
//   count, count(*)   a running count                   (linear)
//   sum, avg          running exact sum and count        (linear)
//   min, max          the group's ordered multiset       (a retraction may
//                                                          remove the minimum)
//   DISTINCT          the multiset of distinct values, result recomputed
// Results follow Postgres: sum(int2/int4) is int8, sum(int8/numeric) and
// avg are numeric at Postgres' scales, empty groups give NULL (count 0).
#pragma once

#include "core/value.hpp"
#include "engine/collation.hpp"

#include <memory>
#include <string>

namespace cdc::engine {

class Accumulator {
   public:
    virtual ~Accumulator() = default;
    // value may be NULL; weight is the row's multiplicity change
    virtual void add(const Value& value, int64_t weight) = 0;
    virtual Value result() const = 0;
};

struct AggregateSpec {
    std::string fn;  // count_star, count, sum, avg, min, max
    TypeRef arg_type;
    TypeRef result_type;
    bool distinct = false;
};

// A fresh accumulator for spec; throws std::invalid_argument for a function
// or argument type it does not know.
std::unique_ptr<Accumulator> make_accumulator(const AggregateSpec& spec, const Collation& collation);

}  // namespace cdc::engine
