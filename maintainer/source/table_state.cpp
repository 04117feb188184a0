#include "source/table_state.hpp"

#include "cdc_stream/wire.h"
#include "core/row_codec.hpp"

#include <algorithm>

namespace cdc::source {
namespace {

std::string table_name(const wire::RelationMessage& relation) { return relation.schema + "." + relation.name; }

}  // namespace

TableState::TableState(const wire::RelationMessage& relation) { relayout(relation); }

void TableState::relayout(const wire::RelationMessage& relation) {
    std::vector<std::string> names;
    std::vector<size_t> key_columns;
    for (size_t i = 0; i < relation.columns.size(); ++i) {
        names.push_back(relation.columns[i].name);
        if (relation.columns[i].identity && relation.replica_identity != CDC_IDENTITY_FULL) key_columns.push_back(i);
    }
    bool had_rows = row_count() > 0;
    if (had_rows && (names != names_ || key_columns != key_columns_)) {
        // keep each row's values by column name; new columns have no values
        std::vector<int> source(names.size(), -1);
        for (size_t i = 0; i < names.size(); ++i) {
            auto found = std::find(names_.begin(), names_.end(), names[i]);
            if (found == names_.end()) {
                throw StateError("table " + table_name(relation) + " now sends column \"" + names[i] +
                                 "\", which its rows do not have");
            }
            source[i] = static_cast<int>(found - names_.begin());
        }
        std::vector<std::pair<Row, int64_t>> rows;
        for_each_row([&](const Row& row, int64_t count) {
            Row moved(names.size());
            for (size_t i = 0; i < names.size(); ++i) moved[i] = row[source[i]];
            rows.emplace_back(std::move(moved), count);
        });
        by_key_.clear();
        multiset_.clear();
        row_count_ = 0;
        names_ = names;
        key_columns_ = key_columns;
        for (auto& [row, count] : rows) {
            for (int64_t i = 0; i < count; ++i) insert(row);
        }
    }
    relation_ = relation;
    names_ = std::move(names);
    key_columns_ = std::move(key_columns);
}

std::string TableState::key_of(const Row& row) const {
    std::string key;
    for (size_t column : key_columns_) append_key_value(key, row[column]);
    return key;
}

void TableState::insert(Row row) {
    if (keyed()) {
        if (!by_key_.emplace(key_of(row), encode_row(row)).second) {
            throw StateError("table " + table_name(relation_) + ": a row with the same key is already present");
        }
    } else {
        ++multiset_[encode_row(row)];
        ++row_count_;
    }
}

void TableState::erase(const Row& row) {
    if (keyed()) {
        by_key_.erase(key_of(row));
        return;
    }
    auto found = multiset_.find(encode_row(row));
    if (found == multiset_.end()) {
        throw StateError("table " + table_name(relation_) + ": a deleted row was never seen");
    }
    if (--found->second == 0) multiset_.erase(found);
    --row_count_;
}

// The tuple's values, with unchanged TOAST values taken from old_row.
Row TableState::complete_row(const wire::Tuple& tuple, const Row* old_row) const {
    Row row = tuple.values;
    for (size_t i = 0; i < row.size(); ++i) {
        if (tuple.status[i] != wire::ColumnStatus::UnchangedToast) continue;
        if (old_row == nullptr) {
            throw StateError("table " + table_name(relation_) + ": an unchanged TOAST value without an old row");
        }
        row[i] = (*old_row)[i];
    }
    return row;
}

// The row an UPDATE or DELETE replaces: the full old tuple, or the stored
// row found by the old key (or, for an UPDATE keeping its key, the new key).
Row TableState::old_row_of(const wire::RowMessage& change) const {
    if (change.old_kind == CDC_OLD_FULL) return change.old_tuple.values;
    if (!keyed()) {
        throw StateError("table " + table_name(relation_) + " sent a change without its old row");
    }
    const wire::Tuple& identified = change.old_kind == CDC_OLD_KEY ? change.old_tuple : change.new_tuple;
    auto found = by_key_.find(key_of(identified.values));
    if (found == by_key_.end()) {
        throw StateError("table " + table_name(relation_) + ": a changed row was never seen");
    }
    return decode_row(found->second);
}

void TableState::apply(const wire::RowMessage& change, Delta& delta) {
    if (change.tag == CDC_MSG_INSERT) {
        Row row = complete_row(change.new_tuple, nullptr);
        insert(row);
        delta.emplace_back(std::move(row), 1);
        return;
    }
    Row old_row = old_row_of(change);
    erase(old_row);
    if (change.tag == CDC_MSG_UPDATE) {
        Row new_row = complete_row(change.new_tuple, &old_row);
        insert(new_row);
        delta.emplace_back(std::move(old_row), -1);
        delta.emplace_back(std::move(new_row), 1);
    } else {
        delta.emplace_back(std::move(old_row), -1);
    }
}

void TableState::truncate(Delta& delta) {
    for_each_row([&](const Row& row, int64_t count) { delta.emplace_back(row, -count); });
    by_key_.clear();
    multiset_.clear();
    row_count_ = 0;
}

void TableState::load(Row row) { insert(std::move(row)); }

void TableState::for_each_row(const std::function<void(const Row&, int64_t)>& visit) const {
    if (keyed()) {
        for (const auto& [key, row] : by_key_) visit(decode_row(row), 1);
    } else {
        for (const auto& [row, count] : multiset_) visit(decode_row(row), count);
    }
}

bool TableState::Reader::read(size_t limit, Delta& rows) {
    size_t before = rows.size();
    if (table_.keyed()) {
        for (; keyed_ != table_.by_key_.end() && rows.size() - before < limit; ++keyed_) {
            rows.emplace_back(decode_row(keyed_->second), 1);
        }
    } else {
        for (; multiset_ != table_.multiset_.end() && rows.size() - before < limit; ++multiset_) {
            rows.emplace_back(decode_row(multiset_->first), multiset_->second);
        }
    }
    return rows.size() > before;
}

}  // namespace cdc::source
