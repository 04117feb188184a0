#include "daemon/view_steps.hpp"

#include "core/row_codec.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <stdexcept>

namespace cdc::daemon {
namespace {

std::set<size_t> slots_of(const std::vector<ViewRuntime*>& views) {
    std::set<size_t> slots;
    for (const ViewRuntime* view : views) slots.insert(view->slots().begin(), view->slots().end());
    return slots;
}

// Where each of the slot's columns is in the table's rows.
std::vector<size_t> positions(const engine::SourceSlot& slot, const state::TableState& table) {
    const std::vector<std::string>& names = table.column_names();
    std::vector<size_t> result;
    for (const std::string& column : slot.columns) {
        auto found = std::find(names.begin(), names.end(), column);
        if (found == names.end()) {
            throw std::runtime_error("table " + table.relation().schema + "." + table.relation().name +
                                     " arrives without column \"" + column + "\", which a view reads");
        }
        result.push_back(static_cast<size_t>(found - names.begin()));
    }
    return result;
}

Row narrow(const Row& row, const std::vector<size_t>& positions) {
    Row values;
    values.reserve(positions.size());
    for (size_t position : positions) values.push_back(row[position]);
    return values;
}

}  // namespace

void ViewContent::add(const engine::ZSet& change) {
    for (const auto& [row, weight] : change) {
        auto [at, added] = weights_.try_emplace(encode_row(row), weight);
        if (added) order_.push_back(&*at);
        else at->second += weight;
    }
}

size_t ViewContent::size() const {
    return static_cast<size_t>(std::count_if(order_.begin(), order_.end(), [](const auto* row) { return row->second != 0; }));
}

void ViewContent::for_each_chunk(size_t chunk_rows, const std::function<void(const engine::ZSet&)>& visit) const {
    engine::ZSet chunk;
    for (const auto* row : order_) {
        if (row->second == 0) continue;
        chunk.emplace_back(decode_row(row->first), row->second);
        if (chunk.size() < chunk_rows) continue;
        visit(chunk);
        chunk.clear();
    }
    if (!chunk.empty()) visit(chunk);
}

engine::ZSet ViewContent::rows() const {
    engine::ZSet rows;
    for (const auto* row : order_) {
        if (row->second != 0) rows.emplace_back(decode_row(row->first), row->second);
    }
    return rows;
}

SlotChanges::SlotChanges(const engine::Graph& graph, const std::vector<ViewRuntime*>& views,
                         const TableChanges& changes, const Tables& tables)
    : rows_(graph.slot_count()), pointers_(graph.slot_count(), nullptr) {
    for (size_t slot : slots_of(views)) {
        const engine::SourceSlot& source = graph.source_slot(slot);
        auto change = changes.find(source.relid);
        if (change == changes.end()) continue;
        std::vector<size_t> at = positions(source, *tables.at(source.relid));
        rows_[slot].reserve(change->second.size());
        for (const auto& [row, weight] : change->second) rows_[slot].emplace_back(narrow(row, at), weight);
        pointers_[slot] = &rows_[slot];
    }
}

std::vector<FillResult> fill_views(engine::Graph& graph, const std::vector<ViewRuntime*>& views,
                                   const Tables& tables, size_t chunk_rows, FillContent content) {
    std::vector<FillResult> results(views.size());
    std::vector<ViewRuntime*> built;
    graph.begin_step();  // before building: nodes pulled earlier have state
    for (size_t i = 0; i < views.size(); ++i) {
        for (const plan::PlanSource& source : views[i]->plan().sources) {
            if (!tables.contains(source.relid)) {
                results[i].error = "view " + views[i]->definition().qualified_name() + " reads " + source.schema +
                                   "." + source.table + ", which the maintainer has not loaded";
            }
        }
        if (!results[i].error.empty()) continue;
        views[i]->build(graph);
        built.push_back(views[i]);
    }
    std::vector<bool> keep(views.size());  // only a view with a topic sends its content
    for (size_t i = 0; i < views.size(); ++i) keep[i] = content == FillContent::keep && views[i]->encoder();
    std::map<uint32_t, state::TableState::Reader> readers;
    for (size_t slot : slots_of(built)) {
        uint32_t relid = graph.source_slot(slot).relid;
        readers.try_emplace(relid, *tables.at(relid));
    }
    for (bool first = true;; first = false) {
        TableChanges chunk;
        bool read = false;
        for (auto& [relid, reader] : readers) read = reader.read(chunk_rows, chunk[relid]) || read;
        if (!read && !first) break;  // a first step even for empty tables: global aggregates have a row
        if (!first) graph.begin_step();
        SlotChanges inputs(graph, built, chunk, tables);
        for (size_t i = 0; i < views.size(); ++i) {
            if (!views[i]->built() || !results[i].error.empty()) continue;
            try {
                engine::ZSet change = views[i]->step(inputs.changes());
                if (keep[i]) results[i].content.add(change);
            } catch (const std::exception& error) {
                results[i].error = error.what();
            }
        }
    }
    // every view, failed or not: a failed view's new nodes may serve another
    for (ViewRuntime* view : built) view->attach();
    return results;
}

std::string added_summary(const ViewRuntime& view, const FillResult& filled) {
    std::string sent = view.encoder() ? std::to_string(filled.content.size()) + " rows" : "no topic";
    return "view " + view.definition().qualified_name() + " added: " + sent + "; " + view.graph_summary();
}

}  // namespace cdc::daemon
