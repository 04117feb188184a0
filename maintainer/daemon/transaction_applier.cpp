#include "daemon/transaction_applier.hpp"

#include "daemon/view_steps.hpp"

#include "cdc_stream/wire.h"
#include "core/log.hpp"
#include "engine/expr.hpp"
#include "sink/json_value.hpp"
#include "source/catalog.hpp"
#include "source/pg_connection.hpp"

#include <algorithm>

namespace cdc::daemon {

void TransactionApplier::begin(const wire::BeginMessage& begin) { open_ = OpenTransaction{begin, {}}; }

void TransactionApplier::relation(const wire::RelationMessage& relation, bool skipping) {
    relations_[relation.relid] = relation;
    if (skipping) {
        deferred_[relation.relid] = relation;
        return;
    }
    deferred_.erase(relation.relid);
    relayout(relation);
}

void TransactionApplier::relayout(const wire::RelationMessage& relation) {
    auto table = state_.tables.find(relation.relid);
    if (table == state_.tables.end()) return;
    try {
        table->second->relayout(relation);
    } catch (const state::StateError& error) {
        fail_table(relation.relid, error.what());
    }
}

// The stream contradicts a table's copy: the views reading it stop with the
// reason, the copy goes, and every other view goes on.
void TransactionApplier::fail_table(uint32_t relid, const std::string& reason) {
    for (auto view = state_.views.begin(); view != state_.views.end();) {
        if (!view->second->reads(relid)) {
            ++view;
            continue;
        }
        on_state_(view->first, "error", reason);
        view = state_.views.erase(view);
    }
    state_.tables.erase(relid);
}

void TransactionApplier::change(wire::Message message) {
    if (!open_) throw wire::WireError("a row message outside a transaction");
    open_->changes.push_back(std::move(message));
}

bool TransactionApplier::commit(const wire::CommitMessage& commit, bool emit, sink::Outbox& outbox) {
    if (!open_) throw wire::WireError("COMMIT without BEGIN");
    OpenTransaction transaction = std::move(*open_);
    open_.reset();
    for (const auto& [relid, relation] : deferred_) relayout(relation);  // the stream is past the replayed part
    deferred_.clear();
    sink::MessageHeaders headers{source::format_lsn(commit.commit_lsn), std::to_string(transaction.begin.xid),
                                 sink::iso_timestamp(transaction.begin.commit_time, true)};
    TableChanges changes = apply_tables(transaction.changes);
    step_views(changes, headers, emit, outbox);
    bool needs_snapshot = apply_catalog(transaction.changes, headers, emit, outbox);
    state_.position = commit.commit_lsn + 1;
    if (emit) outbox.position = state_.position;
    return needs_snapshot;
}

TableChanges TransactionApplier::apply_tables(const std::vector<wire::Message>& changes) {
    TableChanges deltas;
    auto apply = [&](uint32_t relid, const std::function<void(state::TableState&, state::Delta&)>& change) {
        auto table = state_.tables.find(relid);
        if (table == state_.tables.end()) return;
        try {
            change(*table->second, deltas[relid]);
        } catch (const state::StateError& error) {
            deltas.erase(relid);
            fail_table(relid, error.what());
        }
    };
    for (const wire::Message& message : changes) {
        if (const auto* row = std::get_if<wire::RowMessage>(&message)) {
            apply(row->relid, [row](state::TableState& table, state::Delta& delta) { table.apply(*row, delta); });
        } else if (const auto* truncate = std::get_if<wire::TruncateMessage>(&message)) {
            for (uint32_t relid : truncate->relids) {
                apply(relid, [](state::TableState& table, state::Delta& delta) { table.truncate(delta); });
            }
        }
    }
    return deltas;
}

void TransactionApplier::step_views(const TableChanges& changes, const sink::MessageHeaders& headers, bool emit,
                                    sink::Outbox& outbox) {
    if (changes.empty()) return;
    std::vector<ViewRuntime*> affected;
    for (auto& [id, view] : state_.views) {
        if (std::any_of(changes.begin(), changes.end(), [&](const auto& change) { return view->reads(change.first); })) {
            affected.push_back(view.get());
        }
    }
    if (affected.empty()) return;
    state_.graph->begin_step();
    SlotChanges inputs(*state_.graph, affected, changes, state_.tables);
    std::vector<int64_t> failed;
    for (ViewRuntime* view : affected) {
        try {
            engine::ZSet delta = view->step(inputs.changes());
            if (emit) append_messages(*view, delta, headers, outbox);
        } catch (const engine::EvaluationError& error) {
            failed.push_back(view->definition().id);
            on_state_(view->definition().id, "error", error.what());
        }
    }
    for (int64_t id : failed) state_.views.erase(id);
    if (!failed.empty()) state_.forget_unread_tables();
}

bool TransactionApplier::apply_catalog(const std::vector<wire::Message>& changes, const sink::MessageHeaders& headers,
                                       bool emit, sink::Outbox& outbox) {
    bool needs_snapshot = false;
    bool changed = false;
    for (const wire::Message& message : changes) {
        const auto* row = std::get_if<wire::RowMessage>(&message);
        if (row == nullptr || !relations_.contains(row->relid) || !is_catalog(relations_.at(row->relid))) continue;
        const wire::RelationMessage& relation = relations_.at(row->relid);
        changed = true;
        if (row->tag != CDC_MSG_INSERT) {
            const wire::Tuple& old_row = row->tag == CDC_MSG_DELETE ? row->old_tuple : row->new_tuple;
            int64_t id = source::view_id_of_catalog_row(relation, old_row.values);
            if (row->tag == CDC_MSG_UPDATE && same_view(relation, row->new_tuple, id)) continue;  // state, error
            if (state_.views.erase(id) > 0) log_info("view " + std::to_string(id) + " dropped");
        }
        if (row->tag == CDC_MSG_DELETE) continue;
        int64_t id = source::view_id_of_catalog_row(relation, row->new_tuple.values);
        try {
            ViewDefinition definition = source::view_from_catalog_row(relation, row->new_tuple.values);
            auto view = std::make_unique<ViewRuntime>(definition, collation_);
            if (!state_.can_fill(*view)) {
                needs_snapshot = true;
                continue;
            }
            FillResult filled = std::move(fill_views(*state_.graph, {view.get()}, state_.tables).front());
            if (!filled.error.empty()) {
                on_state_(id, "error", filled.error);
                continue;
            }
            if (emit) append_content(*view, filled.content, headers, outbox);
            log_info(added_summary(*view, filled));
            state_.views[id] = std::move(view);
            on_state_(id, "running", "");
        } catch (const std::exception& error) {  // a plan this maintainer cannot run, or an evaluation error
            on_state_(id, "error", error.what());
        }
    }
    if (changed) state_.forget_unread_tables();
    return needs_snapshot;
}

void TransactionApplier::append_messages(const ViewRuntime& view, const engine::ZSet& change,
                                         const sink::MessageHeaders& headers, sink::Outbox& outbox) {
    if (!view.encoder() || change.empty()) return;
    std::vector<sink::KafkaMessage> messages;
    view.encoder()->encode(change, messages);
    for (sink::KafkaMessage& message : messages) {
        outbox.messages.push_back({*view.definition().topic, std::move(message), headers});
    }
}

void TransactionApplier::append_content(const ViewRuntime& view, const ViewContent& content,
                                        const sink::MessageHeaders& headers, sink::Outbox& outbox) {
    content.for_each_chunk(content_chunk_rows, [&](const engine::ZSet& rows) {
        append_messages(view, rows, headers, outbox);
    });
}

// An update of a running view's row that leaves its definition as it was
// (a plan left out as an unchanged TOAST value counts as unchanged).
bool TransactionApplier::same_view(const wire::RelationMessage& relation, const wire::Tuple& row, int64_t id) const {
    auto running = state_.views.find(id);
    if (running == state_.views.end()) return false;
    for (size_t i = 0; i < relation.columns.size(); ++i) {
        if (relation.columns[i].name == "plan" && row.status[i] == wire::ColumnStatus::UnchangedToast) return true;
    }
    try {
        ViewDefinition now = source::view_from_catalog_row(relation, row.values);
        const ViewDefinition& was = running->second->definition();
        return now.plan_json == was.plan_json && now.topic == was.topic && now.envelope == was.envelope &&
               now.partitions == was.partitions;
    } catch (const std::exception&) {
        return false;  // unreadable: treated as a new definition, which reports it
    }
}

bool TransactionApplier::is_catalog(const wire::RelationMessage& relation) {
    return relation.schema == "cdc_stream" && relation.name == "views";
}

}  // namespace cdc::daemon
