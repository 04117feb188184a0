#include "engine/expr_internal.hpp"

namespace cdc::engine {

Function datetime_function(const FunctionCall&) { return {}; }

}  // namespace cdc::engine
