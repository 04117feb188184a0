// The maintainer's copy of one source table: the columns the views need
// plus the replica identity, as the output plugin sends them, held in the
// state store (store.hpp) as the table's arrangement by its identity.
//
// It turns row messages into complete Z-set deltas: an UPDATE or DELETE of a
// table with a primary key (REPLICA IDENTITY DEFAULT) carries only the key
// of the old row, and an UPDATE may leave unchanged TOAST values out of the
// new row; both are filled in from here.  TRUNCATE retracts every row.  It
// is also what new views are first filled from.
//
// Keys: 't', the copy's id (8 bytes, big-endian), then encode_key of the
// identity columns -> encode_row of the row (core/row_codec.hpp); for
// REPLICA IDENTITY FULL, whose rows are a multiset, encode_row of the row
// as sent (1.5 and 1.50 apart) -> its count (8 bytes).  A table that
// changes layout or is truncated moves to a new copy id, so the old rows
// go with one range deletion once the new copy is committed
// (checkpoint.hpp removes the copies no table refers to).
#pragma once

#include "core/value.hpp"
#include "source/wire_reader.hpp"
#include "state/store.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cdc::state {

// Rows with weights: +1 inserted, -1 deleted.
using Delta = std::vector<std::pair<Row, int64_t>>;

// The stream contradicts the state (an update of a row never seen): the
// table's copy can no longer be trusted.
class StateError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

// The key range of a copy's rows: table_rows_prefix, then the id.
std::string copy_prefix(uint64_t copy_id);
constexpr size_t copy_prefix_size = 1 + 8;

class TableState {
   public:
    // An empty table with the layout a RELATION message describes, under a
    // new copy id.
    TableState(Store& store, const wire::RelationMessage& relation);
    // A committed copy (checkpoint.hpp).
    TableState(Store& store, const wire::RelationMessage& relation, uint64_t copy_id, size_t row_count);

    const wire::RelationMessage& relation() const { return relation_; }
    const std::vector<std::string>& column_names() const { return names_; }
    size_t row_count() const { return row_count_; }
    uint64_t copy_id() const { return copy_id_; }

    // Adopts a new RELATION (the table was altered): rows keep the columns
    // that are still sent; a column that newly appears is an error.
    void relayout(const wire::RelationMessage& relation);

    // Applies one change, appending its retraction and insertion to delta.
    void apply(const wire::RowMessage& change, Delta& delta);
    // Retracts every row.
    void truncate(Delta& delta);

    void for_each_row(const std::function<void(const Row&, int64_t)>& visit) const;

    // The initial rows of a snapshot, written straight to the store: the
    // table must be new (nothing refers to its copy yet) and unchanged
    // until finish().  Rows of a keyed table are written as they come (its
    // identity is a unique index: no key comes twice); a multiset's are
    // counted in memory first and written at finish().
    class Loader {
       public:
        explicit Loader(TableState& table) : table_(table), writes_(table.store_) {}
        void add(const Row& row);
        void finish();

       private:
        TableState& table_;
        Store::Loader writes_;
        std::unordered_map<std::string, int64_t> counts_;  // multiset key -> count
    };

    // The rows in chunks, for a fill: read() appends up to limit rows, each
    // with its multiplicity, from where the last call stopped, and returns
    // false when none were left.  The table must not change meanwhile.
    class Reader {
       public:
        explicit Reader(const TableState& table) : table_(table), next_(copy_prefix(table.copy_id_)) {}
        bool read(size_t limit, Delta& rows);

       private:
        const TableState& table_;
        std::string next_;  // the first key not read yet (or a key before it)
    };

   private:
    bool keyed() const { return !key_columns_.empty(); }
    std::string key_of(const Row& row) const;  // the store key of the row's identity
    std::string multiset_key(const Row& row) const;
    std::pair<Row, int64_t> stored_row(std::string_view key, std::string_view value) const;
    Row complete_row(const wire::Tuple& tuple, const Row* old_row) const;
    Row old_row_of(const wire::RowMessage& change) const;
    void insert(const Row& row);
    void erase(const Row& row);
    void replace(const Row& old_row, const Row& new_row);
    void move_to_new_copy();
    [[noreturn]] void contradiction(const std::string& what) const;

    Store& store_;
    wire::RelationMessage relation_;
    std::vector<std::string> names_;
    // identity columns when they identify one row (DEFAULT, INDEX); empty
    // for REPLICA IDENTITY FULL, whose rows are kept as a multiset
    std::vector<size_t> key_columns_;
    uint64_t copy_id_;
    size_t row_count_ = 0;
};

using Tables = std::map<uint32_t, std::unique_ptr<TableState>>;

}  // namespace cdc::state
