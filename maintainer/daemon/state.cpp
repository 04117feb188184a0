#include "daemon/state.hpp"

#include "source/catalog.hpp"

#include <algorithm>

namespace cdc::daemon {
namespace {

std::string quote_identifier(const std::string& name) {
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

std::vector<ViewDefinition> MaintainerState::definitions() const {
    std::vector<ViewDefinition> definitions;
    for (const auto& [id, view] : views) definitions.push_back(view->definition());
    return definitions;
}

std::map<uint32_t, std::vector<std::string>> MaintainerState::needed_columns() const {
    std::map<uint32_t, std::vector<std::string>> needed;
    for (const auto& [id, view] : views) {
        for (const plan::PlanSource& source : view->plan().sources) {
            std::vector<std::string>& columns = needed[source.relid];
            for (const std::string& column : source.columns) {
                if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
            }
        }
    }
    return needed;
}

bool MaintainerState::can_fill(const ViewRuntime& view) const {
    for (const plan::PlanSource& source : view.plan().sources) {
        auto table = tables.find(source.relid);
        if (table == tables.end()) return false;
        const std::vector<std::string>& held = table->second->column_names();
        for (const std::string& column : source.columns) {
            if (std::find(held.begin(), held.end(), column) == held.end()) return false;
        }
    }
    return true;
}

void MaintainerState::forget_unread_tables() {
    auto needed = needed_columns();
    std::erase_if(tables, [&](const auto& table) { return !needed.contains(table.first); });
}

std::string tables_option(const std::map<uint32_t, std::vector<std::string>>& needed) {
    std::string option;
    for (const auto& [relid, columns] : needed) {
        option += std::to_string(relid) + "(";
        for (size_t i = 0; i < columns.size(); ++i) option += (i > 0 ? ", " : "") + quote_identifier(columns[i]);
        option += "), ";
    }
    return option + source::catalog_tables_option_entry();
}

}  // namespace cdc::daemon
