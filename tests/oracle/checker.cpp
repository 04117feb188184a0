#include "checker.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace cdc::oracle {

// A message belongs to the transaction with its xid; initial content read
// from a snapshot (no xid) to the last transaction committed before the
// snapshot's position.  The LSN taken inside a transaction, before its
// COMMIT, only bounds its commit from below: a transaction whose commit LSN
// (as its messages carry it) is at or after the snapshot's comes after it.
std::optional<size_t> Checker::transaction_of(const ViewMessage& message, std::string& problem) const {
    if (!message.xid.empty()) {
        auto found = by_xid_.find(message.xid);
        if (found != by_xid_.end()) return found->second;
        problem = "message of unknown or aborted transaction xid " + message.xid;
        return std::nullopt;
    }
    auto after = std::lower_bound(lsn_before_.begin(), lsn_before_.end(), message.lsn);
    size_t index = static_cast<size_t>(after - lsn_before_.begin()) - 1;
    for (auto commit = commit_lsn_.find(index); commit != commit_lsn_.end() && commit->second >= message.lsn && index > 0;
         commit = commit_lsn_.find(index)) {
        --index;
    }
    return index;
}

void Checker::learn_commit_lsns(const std::vector<ViewMessage>& messages) {
    for (const ViewMessage& message : messages) {
        if (message.xid.empty()) continue;
        auto found = by_xid_.find(message.xid);
        if (found != by_xid_.end()) commit_lsn_[found->second] = message.lsn;
    }
}

// Messages of one transaction may come from several partitions in any
// order: counts are checked once all of them are applied.
void Checker::apply(const ViewMessage& message) {
    std::map<std::string, int64_t>& rows = rebuilt_[message.topic];
    if (message.before) {
        ++changes_;
        if (--rows[*message.before] == 0) rows.erase(*message.before);
    }
    if (message.after) {
        ++changes_;
        if (++rows[*message.after] == 0) rows.erase(*message.after);
    }
}

void Checker::check_counts(const std::string& topic, size_t index, std::vector<Mismatch>& mismatches) const {
    for (const auto& [row, count] : rebuilt_.at(topic)) {
        if (count < 0) {
            mismatches.push_back({index, topic, {}, {row}, "retracted " + std::to_string(-count) +
                                                           " more times than inserted"});
        }
    }
}

void Checker::merges_numerics(const std::string& view, std::vector<std::string> columns) {
    if (!columns.empty()) merged_numerics_[view] = std::move(columns);
}

namespace {

// numeric_out's text by value: 35.80 and 35.8 both 35.8
std::string numeric_value(std::string text) {
    if (text.find('.') == std::string::npos) return text;
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text == "-0" ? "0" : text;
}

std::vector<std::string> by_value(const std::vector<std::string>& rows, const std::vector<std::string>& columns) {
    std::vector<std::string> normalised;
    for (const std::string& row : rows) {
        nlohmann::json object = nlohmann::json::parse(row);
        for (const std::string& column : columns) {
            if (object.contains(column) && object[column].is_string()) {
                object[column] = numeric_value(object[column].get<std::string>());
            }
        }
        normalised.push_back(object.dump());
    }
    std::sort(normalised.begin(), normalised.end());
    return normalised;
}

}  // namespace

bool Checker::equal_by_value(const std::string& view, const std::vector<std::string>& rebuilt,
                             const std::vector<std::string>& expected) const {
    auto merged = merged_numerics_.find(view);
    return merged != merged_numerics_.end() && by_value(rebuilt, merged->second) == by_value(expected, merged->second);
}

std::optional<Mismatch> Checker::compare(const Commit& commit, const std::string& view,
                                         const std::vector<std::string>& expected) {
    std::vector<std::string> rebuilt;
    auto found = rebuilt_.find(view);
    if (found != rebuilt_.end()) {
        for (const auto& [row, count] : found->second) rebuilt.insert(rebuilt.end(), std::max<int64_t>(count, 0), row);
    }
    if (rebuilt == expected) return std::nullopt;
    if (equal_by_value(view, rebuilt, expected)) {
        ++form_choices_;
        return std::nullopt;
    }
    Mismatch mismatch{commit.index, view, {}, {}, ""};
    std::set_difference(expected.begin(), expected.end(), rebuilt.begin(), rebuilt.end(),
                        std::back_inserter(mismatch.missing));
    std::set_difference(rebuilt.begin(), rebuilt.end(), expected.begin(), expected.end(),
                        std::back_inserter(mismatch.unexpected));
    return mismatch;
}

size_t Checker::rows() const {
    size_t total = 0;
    for (const auto& [topic, rows] : rebuilt_) {
        for (const auto& [row, count] : rows) total += static_cast<size_t>(std::max<int64_t>(count, 0));
    }
    return total;
}

void Checker::add_commits(const std::vector<Commit>& batch) {
    for (const Commit& commit : batch) {
        if (!commit.xid.empty()) by_xid_[commit.xid] = commit.index;
        lsn_before_.push_back(commit.lsn_before);
    }
}

std::vector<Mismatch> Checker::check(std::vector<Commit>& batch, const std::vector<ViewMessage>& messages) {
    std::vector<Mismatch> mismatches;
    for (const ViewMessage& message : messages) {
        std::string problem;
        std::optional<size_t> index = transaction_of(message, problem);
        if (!index) {
            mismatches.push_back({checked_, message.topic, {}, {}, problem});
            continue;
        }
        if (*index < checked_) {
            mismatches.push_back({*index, message.topic, {}, {}, "message arrived after a later transaction was checked"});
            continue;
        }
        pending_[*index].push_back(message);
    }
    for (Commit& commit : batch) {
        auto messages_of = pending_.find(commit.index);
        if (messages_of != pending_.end()) {
            std::set<std::string> topics;
            for (const ViewMessage& message : messages_of->second) {
                apply(message);
                topics.insert(message.topic);
            }
            for (const std::string& topic : topics) check_counts(topic, commit.index, mismatches);
            pending_.erase(messages_of);
        }
        for (const auto& [view, expected] : commit.expected) {
            ++comparisons_;
            if (auto mismatch = compare(commit, view, *expected)) mismatches.push_back(std::move(*mismatch));
        }
        checked_ = commit.index + 1;
        commit.expected.clear();  // memory: a long run keeps no history
        if (!mismatches.empty()) break;
    }
    return mismatches;
}

}  // namespace cdc::oracle
