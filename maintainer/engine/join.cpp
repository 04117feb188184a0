#include "engine/join.hpp"

#include "core/row_codec.hpp"
#include "engine/key_counts.hpp"

namespace cdc::engine {

Join::Join(Kind kind, Side left, Side right, ExprPtr residual)
    : kind_(kind), left_(std::move(left)), right_(std::move(right)), residual_(std::move(residual)) {}

ZSet Join::step(const SourceChanges& changes) {
    KeyedChange left_change = arrange_change(left_, left_.input->step(changes));
    KeyedChange right_change = arrange_change(right_, right_.input->step(changes));
    bool left_preserved = kind_ == Kind::Left || kind_ == Kind::Full;
    bool right_preserved = kind_ == Kind::Right || kind_ == Kind::Full;

    KeySet touched;
    if (left_preserved || right_preserved) {
        for (const KeyedRow& row : left_change.with_key) touched.insert(row.key);
        for (const KeyedRow& row : right_change.with_key) touched.insert(row.key);
    }

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
    keyed.with_key.reserve(change.size());
    for (auto& [row, weight] : change) {
        RowKey key = evaluate_key(side.keys, row);
        if (key.has_null) {
            keyed.null_key.emplace_back(std::move(row), weight);
        } else {
            std::string bytes = encode_row(row);
            keyed.with_key.push_back({std::move(row), std::move(key.bytes), std::move(bytes), weight});
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
    for (const KeyedRow& keyed : change.with_key) {
        other.for_each(keyed.key, [&](std::string_view partner_bytes, int64_t partner_weight) {
            Row partner = decode_row(partner_bytes);
            const Row& left = change_is_left ? keyed.row : partner;
            const Row& right = change_is_left ? partner : keyed.row;
            if (matches(left, right)) output.emplace_back(concat_rows(left, right), keyed.weight * partner_weight);
            return true;
        });
    }
}

void Join::add_unmatched(const KeySet& keys, int64_t sign, ZSet& output) const {
    for (const std::string& key : keys) {
        if (kind_ == Kind::Left || kind_ == Kind::Full) add_unmatched_side(key, true, sign, output);
        if (kind_ == Kind::Right || kind_ == Kind::Full) add_unmatched_side(key, false, sign, output);
    }
}

// the rows of one side with this key that match no row of the other side
void Join::add_unmatched_side(const std::string& key, bool left_side, int64_t sign, ZSet& output) const {
    const Arrangement& partners = left_side ? right_rows_ : left_rows_;
    bool any_partner = partners.contains(key);
    (left_side ? left_rows_ : right_rows_).for_each(key, [&](std::string_view bytes, int64_t weight) {
        Row row = decode_row(bytes);
        bool matched = false;
        if (any_partner) {
            partners.for_each(key, [&](std::string_view partner_bytes, int64_t) {
                if (!residual_) {
                    matched = true;
                } else {
                    Row partner = decode_row(partner_bytes);
                    matched = left_side ? matches(row, partner) : matches(partner, row);
                }
                return !matched;
            });
        }
        if (!matched) output.emplace_back(padded(row, left_side), sign * weight);
        return true;
    });
}

Row Join::padded(const Row& row, bool row_is_left) const {
    Row nulls(row_is_left ? right_.width : left_.width);
    return row_is_left ? concat_rows(row, nulls) : concat_rows(nulls, row);
}

void Join::apply(Arrangement& arrangement, const KeyedChange& change) {
    for (const KeyedRow& keyed : change.with_key) arrangement.add(keyed.key, keyed.bytes, keyed.weight);
}

}  // namespace cdc::engine
