#include "daemon/view_runtime.hpp"

#include <algorithm>
#include <stdexcept>

namespace cdc::daemon {

ViewRuntime::ViewRuntime(ViewDefinition definition, const engine::Collation& collation)
    : definition_(std::move(definition)), collation_(collation), plan_(plan::read_plan(definition_.plan_json)) {
    engine::Graph scratch;
    engine::Dataflow check(plan_, collation_, scratch);  // plan errors now, not at the fill
    if (!definition_.topic) return;
    auto envelope = sink::parse_envelope(definition_.envelope);
    if (!envelope) throw plan::PlanError("envelope", "unknown envelope \"" + definition_.envelope + "\"");
    std::vector<sink::OutputColumn> columns;
    for (const plan::PlanColumn& column : plan_.columns) columns.push_back({column.name, column.type});
    encoder_.emplace(*envelope, std::move(columns), plan_.key, definition_.partitions);
}

bool ViewRuntime::reads(uint32_t relid) const {
    return std::any_of(plan_.sources.begin(), plan_.sources.end(),
                       [relid](const plan::PlanSource& source) { return source.relid == relid; });
}

void ViewRuntime::build(engine::Graph& graph) {
    if (dataflow_) throw std::logic_error("view " + definition_.qualified_name() + " built twice");
    dataflow_ = std::make_unique<engine::Dataflow>(plan_, collation_, graph);
}

std::string ViewRuntime::graph_summary() const {
    return std::to_string(dataflow_->new_nodes()) + " new operators, " + std::to_string(dataflow_->shared_subtrees()) +
           " shared subtrees";
}

}  // namespace cdc::daemon
