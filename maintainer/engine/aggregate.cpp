#include "engine/aggregate.hpp"

namespace cdc::engine {

Aggregate::Aggregate(OperatorPtr input, std::vector<ExprPtr> group_by, std::vector<Function> functions,
                     const Collation& collation)
    : input_(std::move(input)), group_by_(std::move(group_by)), functions_(std::move(functions)), collation_(collation) {}

ZSet Aggregate::step(const SourceChanges& changes) {
    ZSet input = input_->step(changes);
    consolidate(input);

    ZSet output;
    std::unordered_map<Row, bool, RowHash, RowEqual> touched;   // key -> had an output row
    if (group_by_.empty() && !global_row_emitted_) {
        groups_.try_emplace(Row{}, new_group());
        touched.emplace(Row{}, false);
        global_row_emitted_ = true;
    }
    for (const auto& [row, weight] : input) {
        Row key;
        key.reserve(group_by_.size());
        for (const ExprPtr& expr : group_by_) key.push_back(expr->eval(row));
        auto [found, inserted] = groups_.try_emplace(key);
        if (inserted) found->second = new_group();
        auto [entry, first_touch] = touched.try_emplace(key, false);
        if (first_touch) {
            entry->second = !inserted && has_output(found->second);
            if (entry->second) output.emplace_back(found->second.emitted, -1);
        }
        add_row(found->second, key, row, weight);
    }
    for (const auto& entry : touched) {
        const Row& key = entry.first;
        auto found = groups_.find(key);
        if (has_output(found->second)) {
            found->second.emitted = output_row(key, found->second);
            output.emplace_back(found->second.emitted, +1);
        } else {
            groups_.erase(found);
        }
    }
    return output;
}

Aggregate::Group Aggregate::new_group() const {
    Group group;
    for (const Function& function : functions_) group.accumulators.push_back(make_accumulator(function.spec, collation_));
    return group;
}

void Aggregate::add_row(Group& group, const Row& key, const Row& row, int64_t weight) const {
    group.rows += weight;
    group.keys.add(key, weight);
    for (size_t i = 0; i < functions_.size(); ++i) {
        const Function& function = functions_[i];
        if (function.filter) {
            Value verdict = function.filter->eval(row);
            if (!(std::holds_alternative<bool>(verdict) && std::get<bool>(verdict))) continue;
        }
        group.accumulators[i]->add(function.arg ? function.arg->eval(row) : Value{true}, weight);
    }
}

Row Aggregate::output_row(const Row& key, const Group& group) const {
    Row row = group.keys.shown(key);
    for (const auto& accumulator : group.accumulators) row.push_back(accumulator->result());
    return row;
}

}  // namespace cdc::engine
