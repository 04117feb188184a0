#include "engine/expr_internal.hpp"

namespace cdc::engine {

Function text_function(const FunctionCall&) { return {}; }

}  // namespace cdc::engine
