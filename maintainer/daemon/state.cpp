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

// A held column by attribute number ("#3"), sent under that name whatever
// the column is called now; or, from a plan without attnums, by name.
std::string column_request(const std::string& held) {
    if (held.starts_with('#')) return held + " AS " + quote_identifier(held);
    return quote_identifier(held);
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
            for (size_t i = 0; i < source.columns.size(); ++i) {
                std::string column = source.held_column(i);
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
        for (size_t i = 0; i < source.columns.size(); ++i) {
            if (std::find(held.begin(), held.end(), source.held_column(i)) == held.end()) return false;
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
        for (size_t i = 0; i < columns.size(); ++i) option += (i > 0 ? ", " : "") + column_request(columns[i]);
        option += "), ";
    }
    return option + source::catalog_tables_option_entry();
}

}  // namespace cdc::daemon
