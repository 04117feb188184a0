// Arithmetic on exact numerics with Postgres' result scales (numeric.c):
// add and subtract keep the larger scale, multiply adds scales, divide
// picks its scale as select_div_scale does and rounds half away from zero.
// Aggregates (sum, avg) and the expression evaluator both use these.
#pragma once

#include "core/value.hpp"

#include <cstdint>

namespace cdc::engine {

Numeric numeric_from_int(int64_t value);
Numeric numeric_add(const Numeric& a, const Numeric& b);
Numeric numeric_sub(const Numeric& a, const Numeric& b);
Numeric numeric_mul(const Numeric& a, const Numeric& b);
Numeric numeric_neg(const Numeric& value);
// Both throw EvaluationError("division by zero").
Numeric numeric_div(const Numeric& a, const Numeric& b);
// Remainder with the dividend's sign and the larger scale, as numeric_mod.
Numeric numeric_mod(const Numeric& a, const Numeric& b);
// Rounds half away from zero to scale digits after the point.
Numeric numeric_round(const Numeric& value, int32_t scale);

}  // namespace cdc::engine
