// The maintainer's copy of one source table: the columns the views need
// plus the replica identity, as the output plugin sends them.
//
// It turns row messages into complete Z-set deltas: an UPDATE or DELETE of a
// table with a primary key (REPLICA IDENTITY DEFAULT) carries only the key
// of the old row, and an UPDATE may leave unchanged TOAST values out of the
// new row; both are filled in from here.  TRUNCATE retracts every row.  It
// is also what checkpoints save and what new views are first filled from.
#pragma once

#include "core/value.hpp"
#include "source/wire_reader.hpp"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cdc::source {

// Rows with weights: +1 inserted, -1 deleted.
using Delta = std::vector<std::pair<Row, int64_t>>;

// The stream contradicts the state (an update of a row never seen): the
// table's copy can no longer be trusted.
class StateError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

class TableState {
   public:
    // An empty table with the layout a RELATION message describes.
    explicit TableState(const wire::RelationMessage& relation);

    const wire::RelationMessage& relation() const { return relation_; }
    const std::vector<std::string>& column_names() const { return names_; }
    size_t row_count() const { return keyed() ? by_key_.size() : row_count_; }

    // Adopts a new RELATION (the table was altered): rows keep the columns
    // that are still sent; a column that newly appears is an error.
    void relayout(const wire::RelationMessage& relation);

    // Applies one change, appending its retraction and insertion to delta.
    void apply(const wire::RowMessage& change, Delta& delta);
    // Retracts every row.
    void truncate(Delta& delta);
    // Adds a row of the initial content or a checkpoint.
    void load(Row row);

    void for_each_row(const std::function<void(const Row&, int64_t)>& visit) const;

    // The rows in chunks, for a fill: read() appends up to limit rows, each
    // with its multiplicity, from where the last call stopped, and returns
    // false when none were left.  The table must not change meanwhile.
    class Reader {
       public:
        explicit Reader(const TableState& table)
            : table_(table), keyed_(table.by_key_.begin()), multiset_(table.multiset_.begin()) {}
        bool read(size_t limit, Delta& rows);

       private:
        const TableState& table_;
        std::unordered_map<std::string, std::string>::const_iterator keyed_;
        std::unordered_map<std::string, int64_t>::const_iterator multiset_;
    };

   private:
    bool keyed() const { return !key_columns_.empty(); }
    std::string key_of(const Row& row) const;  // encode_key of the identity columns
    Row complete_row(const wire::Tuple& tuple, const Row* old_row) const;
    Row old_row_of(const wire::RowMessage& change) const;
    void insert(Row row);
    void erase(const Row& row);

    wire::RelationMessage relation_;
    std::vector<std::string> names_;
    // identity columns when they identify one row (DEFAULT, INDEX); empty
    // for REPLICA IDENTITY FULL, whose rows are kept as a multiset
    std::vector<size_t> key_columns_;
    // rows as compact bytes (core/row_codec.hpp): by encode_key of the
    // identity, or encode_row of each row as sent (1.5 and 1.50 apart)
    std::unordered_map<std::string, std::string> by_key_;
    std::unordered_map<std::string, int64_t> multiset_;
    size_t row_count_ = 0;
};

}  // namespace cdc::source
