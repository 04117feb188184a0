#include "daemon/transaction_applier.hpp"

#include "cdc_stream/wire.h"
#include "core/log.hpp"
#include "engine/expr.hpp"
#include "sink/json_value.hpp"
#include "source/catalog.hpp"
#include "source/pg_connection.hpp"

namespace cdc::daemon {

void TransactionApplier::begin(const wire::BeginMessage& begin) { open_ = OpenTransaction{begin, {}}; }

void TransactionApplier::relation(const wire::RelationMessage& relation) {
    relations_[relation.relid] = relation;
    auto table = state_.tables.find(relation.relid);
    if (table != state_.tables.end()) table->second->relayout(relation);
}

void TransactionApplier::change(wire::Message message) {
    if (!open_) throw wire::WireError("a row message outside a transaction");
    open_->changes.push_back(std::move(message));
}

bool TransactionApplier::commit(const wire::CommitMessage& commit, bool emit, sink::Outbox& outbox) {
    if (!open_) throw wire::WireError("COMMIT without BEGIN");
    OpenTransaction transaction = std::move(*open_);
    open_.reset();
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
    for (const wire::Message& message : changes) {
        if (const auto* row = std::get_if<wire::RowMessage>(&message)) {
            auto table = state_.tables.find(row->relid);
            if (table != state_.tables.end()) table->second->apply(*row, deltas[row->relid]);
        } else if (const auto* truncate = std::get_if<wire::TruncateMessage>(&message)) {
            for (uint32_t relid : truncate->relids) {
                auto table = state_.tables.find(relid);
                if (table != state_.tables.end()) table->second->truncate(deltas[relid]);
            }
        }
    }
    return deltas;
}

void TransactionApplier::step_views(const TableChanges& changes, const sink::MessageHeaders& headers, bool emit,
                                    sink::Outbox& outbox) {
    if (changes.empty()) return;
    std::vector<int64_t> failed;
    for (auto& [id, view] : state_.views) {
        bool affected = false;
        for (const auto& change : changes) affected = affected || view->reads(change.first);
        if (!affected) continue;
        try {
            engine::ZSet delta = view->step(changes, state_.tables);
            if (emit) append_messages(*view, delta, headers, outbox);
        } catch (const engine::EvaluationError& error) {
            failed.push_back(id);
            on_state_(id, "error", error.what());
        }
    }
    for (int64_t id : failed) state_.views.erase(id);
    if (!failed.empty()) forget_unread_tables();
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
            if (state_.views.erase(id) > 0) log_info("view " + std::to_string(id) + " dropped");
        }
        if (row->tag == CDC_MSG_DELETE) continue;
        ViewDefinition definition = source::view_from_catalog_row(relation, row->new_tuple.values);
        try {
            auto view = std::make_unique<ViewRuntime>(definition, collation_);
            if (!state_.can_fill(*view)) {
                needs_snapshot = true;
                continue;
            }
            engine::ZSet content = view->fill(state_.tables);
            if (emit) append_messages(*view, content, headers, outbox);
            log_info("view " + definition.qualified_name() + " added: " + std::to_string(content.size()) + " rows");
            state_.views[definition.id] = std::move(view);
            on_state_(definition.id, "running", "");
        } catch (const std::exception& error) {  // a plan this maintainer cannot run, or an evaluation error
            on_state_(definition.id, "error", error.what());
        }
    }
    if (changed) forget_unread_tables();
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

// Tables no view reads any more are not streamed after the next restart
// of the stream; holding them would let a later view be filled from a
// stale copy.
void TransactionApplier::forget_unread_tables() {
    auto needed = state_.needed_columns();
    std::erase_if(state_.tables, [&](const auto& table) { return !needed.contains(table.first); });
}

bool TransactionApplier::is_catalog(const wire::RelationMessage& relation) {
    return relation.schema == "cdc_stream" && relation.name == "views";
}

}  // namespace cdc::daemon
