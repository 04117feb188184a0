#include "daemon/view_runtime.hpp"

#include <algorithm>
#include <stdexcept>

namespace cdc::daemon {

ViewRuntime::ViewRuntime(ViewDefinition definition, const engine::Collation& collation)
    : definition_(std::move(definition)), plan_(plan::read_plan(definition_.plan_json)) {
    dataflow_ = std::make_unique<engine::Dataflow>(plan_, collation);
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

engine::ZSet ViewRuntime::step(const TableChanges& changes, const Tables& tables) {
    std::vector<engine::ZSet> narrowed(plan_.sources.size());
    engine::SourceChanges inputs(plan_.sources.size(), nullptr);
    for (size_t i = 0; i < plan_.sources.size(); ++i) {
        auto change = changes.find(plan_.sources[i].relid);
        if (change == changes.end()) continue;
        narrowed[i] = narrow(plan_.sources[i], *tables.at(change->first), change->second);
        inputs[i] = &narrowed[i];
    }
    return dataflow_->step(inputs);
}

engine::ZSet ViewRuntime::fill(const Tables& tables) {
    TableChanges contents;
    for (const plan::PlanSource& source : plan_.sources) {
        auto table = tables.find(source.relid);
        if (table == tables.end()) {
            throw std::runtime_error("view " + definition_.qualified_name() + " reads " + source.schema + "." +
                                     source.table + ", which the maintainer has not loaded");
        }
        source::Delta& rows = contents[source.relid];
        table->second->for_each_row([&rows](const Row& row, int64_t count) { rows.emplace_back(row, count); });
    }
    return step(contents, tables);
}

engine::ZSet ViewRuntime::narrow(const plan::PlanSource& source, const source::TableState& table,
                                 const source::Delta& rows) const {
    const std::vector<std::string>& names = table.column_names();
    std::vector<size_t> positions;
    for (size_t i = 0; i < source.columns.size(); ++i) {
        auto found = std::find(names.begin(), names.end(), source.held_column(i));
        if (found == names.end()) {
            throw std::runtime_error("table " + source.schema + "." + source.table + " arrives without column \"" +
                                     source.columns[i] + "\", which view " + definition_.qualified_name() + " reads");
        }
        positions.push_back(static_cast<size_t>(found - names.begin()));
    }
    engine::ZSet narrowed;
    narrowed.reserve(rows.size());
    for (const auto& [row, weight] : rows) {
        Row values;
        values.reserve(positions.size());
        for (size_t position : positions) values.push_back(row[position]);
        narrowed.emplace_back(std::move(values), weight);
    }
    return narrowed;
}

}  // namespace cdc::daemon
