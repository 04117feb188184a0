#include "engine/join.hpp"

namespace cdc::engine {
namespace {

const RowCounts* bucket(const std::unordered_map<Row, RowCounts, RowHash, RowEqual>& arrangement, const Row& key) {
    auto found = arrangement.find(key);
    return found == arrangement.end() ? nullptr : &found->second;
}

}  // namespace

Join::Join(Kind kind, Side left, Side right, ExprPtr residual)
    : kind_(kind), left_(std::move(left)), right_(std::move(right)), residual_(std::move(residual)) {}

ZSet Join::step(const SourceChanges& changes) {
    KeyedChange left_change = arrange_change(left_, left_.input->step(changes));
    KeyedChange right_change = arrange_change(right_, right_.input->step(changes));
    bool left_preserved = kind_ == Kind::Left || kind_ == Kind::Full;
    bool right_preserved = kind_ == Kind::Right || kind_ == Kind::Full;

    KeySet touched(left_change.keys.begin(), left_change.keys.end());
    touched.insert(right_change.keys.begin(), right_change.keys.end());

    ZSet output;
    add_unmatched(touched, -1, output);
    join_change(left_change, true, output);
    apply(left_rows_, left_change);
    join_change(right_change, false, output);
    apply(right_rows_, right_change);
    add_unmatched(touched, +1, output);

    if (left_preserved) {
        for (const auto& [row, weight] : left_change.null_key) output.emplace_back(padded(row, true), weight);
    }
    if (right_preserved) {
        for (const auto& [row, weight] : right_change.null_key) output.emplace_back(padded(row, false), weight);
    }
    return output;
}

Join::KeyedChange Join::arrange_change(const Side& side, ZSet change) const {
    consolidate(change);
    KeyedChange keyed;
    for (auto& [row, weight] : change) {
        Row key;
        bool has_null = false;
        for (const ExprPtr& expr : side.keys) {
            key.push_back(expr->eval(row));
            has_null = has_null || is_null(key.back());
        }
        if (has_null) {
            keyed.null_key.emplace_back(std::move(row), weight);
        } else {
            keyed.keys.push_back(std::move(key));
            keyed.with_key.emplace_back(std::move(row), weight);
        }
    }
    return keyed;
}

bool Join::matches(const Row& left, const Row& right) const {
    if (!residual_) return true;
    Value verdict = residual_->eval(concat_rows(left, right));
    return std::holds_alternative<bool>(verdict) && std::get<bool>(verdict);
}

// change ⋈ the other side's current rows
void Join::join_change(const KeyedChange& change, bool change_is_left, ZSet& output) const {
    const Arrangement& other = change_is_left ? right_rows_ : left_rows_;
    for (size_t i = 0; i < change.with_key.size(); ++i) {
        const RowCounts* partners = bucket(other, change.keys[i]);
        if (partners == nullptr) continue;
        const auto& [row, weight] = change.with_key[i];
        for (const auto& [partner, partner_weight] : *partners) {
            const Row& left = change_is_left ? row : partner;
            const Row& right = change_is_left ? partner : row;
            if (matches(left, right)) output.emplace_back(concat_rows(left, right), weight * partner_weight);
        }
    }
}

void Join::add_unmatched(const KeySet& keys, int64_t sign, ZSet& output) const {
    for (const Row& key : keys) {
        if (kind_ == Kind::Left || kind_ == Kind::Full) add_unmatched_side(key, true, sign, output);
        if (kind_ == Kind::Right || kind_ == Kind::Full) add_unmatched_side(key, false, sign, output);
    }
}

// the rows of one side with this key that match no row of the other side
void Join::add_unmatched_side(const Row& key, bool left_side, int64_t sign, ZSet& output) const {
    const RowCounts* rows = bucket(left_side ? left_rows_ : right_rows_, key);
    if (rows == nullptr) return;
    const RowCounts* partners = bucket(left_side ? right_rows_ : left_rows_, key);
    for (const auto& [row, weight] : *rows) {
        bool matched = false;
        if (partners != nullptr) {
            for (const auto& [partner, partner_weight] : *partners) {
                if (left_side ? matches(row, partner) : matches(partner, row)) {
                    matched = true;
                    break;
                }
            }
        }
        if (!matched) output.emplace_back(padded(row, left_side), sign * weight);
    }
}

Row Join::padded(const Row& row, bool row_is_left) const {
    Row nulls(row_is_left ? right_.width : left_.width);
    return row_is_left ? concat_rows(row, nulls) : concat_rows(nulls, row);
}

void Join::apply(Arrangement& arrangement, const KeyedChange& change) {
    for (size_t i = 0; i < change.with_key.size(); ++i) {
        const auto& [row, weight] = change.with_key[i];
        auto found = arrangement.try_emplace(change.keys[i]).first;
        add_weight(found->second, row, weight);
        if (found->second.empty()) arrangement.erase(found);
    }
}

}  // namespace cdc::engine
