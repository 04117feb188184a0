#include "state/table_state.hpp"

#include "cdc_stream/wire.h"
#include "core/row_codec.hpp"

#include <algorithm>

namespace cdc::state {
namespace {

std::string table_name(const wire::RelationMessage& relation) { return relation.schema + "." + relation.name; }

std::string encode_count(int64_t count) {
    std::string bytes;
    append_u64_key(bytes, static_cast<uint64_t>(count));
    return bytes;
}

int64_t decode_count(std::string_view bytes) { return static_cast<int64_t>(read_u64_key(bytes)); }

}  // namespace

std::string copy_prefix(uint64_t copy_id) {
    std::string prefix(1, table_rows_prefix);
    append_u64_key(prefix, copy_id);
    return prefix;
}

TableState::TableState(Store& store, const wire::RelationMessage& relation)
    : TableState(store, relation, store.new_copy_id(), 0) {}

TableState::TableState(Store& store, const wire::RelationMessage& relation, uint64_t copy_id, size_t row_count)
    : store_(store), copy_id_(copy_id) {
    relayout(relation);  // with no rows yet: only takes the layout
    row_count_ = row_count;
}

void TableState::relayout(const wire::RelationMessage& relation) {
    std::vector<std::string> names;
    std::vector<size_t> key_columns;
    for (size_t i = 0; i < relation.columns.size(); ++i) {
        names.push_back(relation.columns[i].name);
        if (relation.columns[i].identity && relation.replica_identity != CDC_IDENTITY_FULL) key_columns.push_back(i);
    }
    if (row_count_ > 0 && (names != names_ || key_columns != key_columns_)) {
        // keep each row's values by column name; new columns have no values
        std::vector<size_t> source(names.size());
        for (size_t i = 0; i < names.size(); ++i) {
            auto found = std::find(names_.begin(), names_.end(), names[i]);
            if (found == names_.end()) {
                throw StateError("table " + table_name(relation) + " now sends column \"" + names[i] +
                                 "\", which its rows do not have");
            }
            source[i] = static_cast<size_t>(found - names_.begin());
        }
        // read first: writing to the pending batch would invalidate a scan of it
        Delta rows;
        for_each_row([&](const Row& row, int64_t count) {
            Row values(names.size());
            for (size_t i = 0; i < names.size(); ++i) values[i] = row[source[i]];
            rows.emplace_back(std::move(values), count);
        });
        TableState moved(store_, relation);
        for (const auto& [row, count] : rows) {
            for (int64_t n = 0; n < count; ++n) moved.insert(row);
        }
        copy_id_ = moved.copy_id_;
    }
    relation_ = relation;
    names_ = std::move(names);
    key_columns_ = std::move(key_columns);
}

std::string TableState::key_of(const Row& row) const {
    std::string key = copy_prefix(copy_id_);
    for (size_t column : key_columns_) append_key_value(key, row[column]);
    return key;
}

std::string TableState::multiset_key(const Row& row) const { return copy_prefix(copy_id_) + encode_row(row); }

void TableState::contradiction(const std::string& what) const {
    throw StateError("table " + table_name(relation_) + ": " + what);
}

void TableState::insert(const Row& row) {
    if (keyed()) {
        std::string key = key_of(row);
        if (store_.get(key)) contradiction("a row with the same key is already present");
        store_.put(key, encode_row(row));
    } else {
        std::string key = multiset_key(row);
        std::optional<std::string> count = store_.get(key);
        store_.put(key, encode_count((count ? decode_count(*count) : 0) + 1));
    }
    ++row_count_;
}

void TableState::erase(const Row& row) {
    if (keyed()) {
        store_.erase(key_of(row));  // old_row_of found it
    } else {
        std::string key = multiset_key(row);
        std::optional<std::string> count = store_.get(key);
        if (!count) contradiction("a deleted row was never seen");
        int64_t left = decode_count(*count) - 1;
        if (left == 0) store_.erase(key);
        else store_.put(key, encode_count(left));
    }
    --row_count_;
}

// The tuple's values, with unchanged TOAST values taken from old_row.
Row TableState::complete_row(const wire::Tuple& tuple, const Row* old_row) const {
    Row row = tuple.values;
    for (size_t i = 0; i < row.size(); ++i) {
        if (tuple.status[i] != wire::ColumnStatus::UnchangedToast) continue;
        if (old_row == nullptr) contradiction("an unchanged TOAST value without an old row");
        row[i] = (*old_row)[i];
    }
    return row;
}

// The row an UPDATE or DELETE replaces: the full old tuple, or the stored
// row found by the old key (or, for an UPDATE keeping its key, the new key).
Row TableState::old_row_of(const wire::RowMessage& change) const {
    if (change.old_kind == CDC_OLD_FULL) return change.old_tuple.values;
    if (!keyed()) contradiction("a change came without its old row");
    const wire::Tuple& identified = change.old_kind == CDC_OLD_KEY ? change.old_tuple : change.new_tuple;
    std::optional<std::string> found = store_.get(key_of(identified.values));
    if (!found) contradiction("a changed row was never seen");
    return decode_row(*found);
}

void TableState::apply(const wire::RowMessage& change, Delta& delta) {
    if (change.tag == CDC_MSG_INSERT) {
        Row row = complete_row(change.new_tuple, nullptr);
        insert(row);
        delta.emplace_back(std::move(row), 1);
        return;
    }
    Row old_row = old_row_of(change);
    if (change.tag == CDC_MSG_UPDATE) {
        Row new_row = complete_row(change.new_tuple, &old_row);
        replace(old_row, new_row);
        delta.emplace_back(std::move(old_row), -1);
        delta.emplace_back(std::move(new_row), 1);
    } else {
        erase(old_row);
        delta.emplace_back(std::move(old_row), -1);
    }
}

// An update keeping its key overwrites the row where it is: no other row
// can hold the key, so there is nothing to look up.
void TableState::replace(const Row& old_row, const Row& new_row) {
    if (keyed()) {
        std::string key = key_of(new_row);
        if (key == key_of(old_row)) {
            store_.put(key, encode_row(new_row));
            return;
        }
    }
    erase(old_row);
    insert(new_row);
}

// The rows stay under the old copy id until the next commit drops it.
void TableState::truncate(Delta& delta) {
    for_each_row([&](const Row& row, int64_t count) { delta.emplace_back(row, -count); });
    copy_id_ = store_.new_copy_id();
    row_count_ = 0;
}

// A stored row and its multiplicity: a keyed row is the value, a
// multiset's row is the key after the copy prefix and its count the value.
std::pair<Row, int64_t> TableState::stored_row(std::string_view key, std::string_view value) const {
    if (keyed()) return {decode_row(value), 1};
    return {decode_row(key.substr(copy_prefix_size)), decode_count(value)};
}

void TableState::for_each_row(const std::function<void(const Row&, int64_t)>& visit) const {
    store_.scan(copy_prefix(copy_id_), [&](std::string_view key, std::string_view value) {
        auto [row, count] = stored_row(key, value);
        visit(row, count);
        return true;
    });
}

void TableState::Loader::add(const Row& row) {
    if (table_.keyed()) writes_.put(table_.key_of(row), encode_row(row));
    else ++counts_[table_.multiset_key(row)];
    ++table_.row_count_;
}

void TableState::Loader::finish() {
    for (const auto& [key, count] : counts_) writes_.put(key, encode_count(count));
    counts_.clear();
    writes_.finish();
}

bool TableState::Reader::read(size_t limit, Delta& rows) {
    size_t before = rows.size();
    std::string last;
    table_.store_.scan(
        copy_prefix(table_.copy_id_),
        [&](std::string_view key, std::string_view value) {
            rows.push_back(table_.stored_row(key, value));
            last = key;
            return rows.size() - before < limit;
        },
        next_);
    if (rows.size() == before) return false;
    next_ = last + '\0';  // the first key after the last one read
    return true;
}

}  // namespace cdc::state
