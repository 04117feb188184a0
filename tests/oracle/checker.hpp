// The check at every commit: each view rebuilt from its topic, source
// transaction by source transaction, equals the view's query run in
// Postgres right after that transaction committed, as exact multisets of
// canonical rows.
#pragma once

#include "kafka_reader.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cdc::oracle {

// One committed workload transaction (index 0 is the set-up before the
// maintainer started) and every view's content right after it.
using Rows = std::shared_ptr<const std::vector<std::string>>;  // sorted canonical rows

struct Commit {
    size_t index = 0;
    std::string xid;      // pg_current_xact_id() mod 2^32; empty for the set-up
    uint64_t lsn_before;  // pg_current_wal_lsn() just before COMMIT
    std::map<std::string, Rows> expected;  // view -> its content (shared while it does not change)
};

struct Mismatch {
    size_t transaction;
    std::string view;
    std::vector<std::string> missing;     // expected, not rebuilt (one line per copy)
    std::vector<std::string> unexpected;  // rebuilt, not expected
    std::string note;
};

class Checker {
   public:
    // The batch's commits, before reading their messages.
    void add_commits(const std::vector<Commit>& batch);
    // The commit a message belongs to (unknown xid: nullopt, with why).
    // Commit LSNs of the transactions these messages belong to (cdc.lsn).
    void learn_commit_lsns(const std::vector<ViewMessage>& messages);
    std::optional<size_t> transaction_of(const ViewMessage& message, std::string& problem) const;
    // Takes the messages read since the last call and checks every commit
    // of the batch; returns the first mismatches (empty when all agree).
    std::vector<Mismatch> check(std::vector<Commit>& batch, const std::vector<ViewMessage>& messages);
    // These numeric columns of the view carry values merged by =
    // (merged_columns.hpp): Postgres shows one of their forms (1.5 or 1.50)
    // by scan order, so they compare by value where exact rows differ.
    void merges_numerics(const std::string& view, std::vector<std::string> columns);
    // Comparisons that agreed only by value in such columns.
    uint64_t form_choices() const { return form_choices_; }
    // Rows retracted and inserted that were applied so far.
    uint64_t changes_applied() const { return changes_; }
    uint64_t comparisons() const { return comparisons_; }
    // Rows in all views rebuilt so far (a check that the views are not trivially empty).
    size_t rows() const;

   private:
    void apply(const ViewMessage& message);
    void check_counts(const std::string& topic, size_t index, std::vector<Mismatch>& mismatches) const;
    std::optional<Mismatch> compare(const Commit& commit, const std::string& view,
                                    const std::vector<std::string>& expected);
    bool equal_by_value(const std::string& view, const std::vector<std::string>& rebuilt,
                        const std::vector<std::string>& expected) const;

    std::unordered_map<std::string, size_t> by_xid_;
    std::vector<uint64_t> lsn_before_;  // per transaction index, increasing
    std::map<size_t, uint64_t> commit_lsn_;  // transaction index -> commit LSN, from its messages
    std::map<std::string, std::map<std::string, int64_t>> rebuilt_;  // topic -> row -> count
    std::map<size_t, std::vector<ViewMessage>> pending_;             // messages of later transactions
    size_t checked_ = 0;                                             // transactions checked so far
    uint64_t changes_ = 0;
    uint64_t comparisons_ = 0;
    uint64_t form_choices_ = 0;
    std::map<std::string, std::vector<std::string>> merged_numerics_;  // view -> numeric columns
};

}  // namespace cdc::oracle
