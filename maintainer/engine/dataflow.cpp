#include "engine/dataflow.hpp"

#include "engine/aggregate.hpp"
#include "engine/anti_join.hpp"
#include "engine/distinct.hpp"
#include "engine/filter.hpp"
#include "engine/join.hpp"
#include "engine/project.hpp"
#include "engine/scan.hpp"
#include "engine/semi_join.hpp"
#include "engine/shared.hpp"
#include "engine/union.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace cdc::engine {
namespace {

using plan::child_path;
using plan::index_path;
using plan::Json;
using plan::PlanError;

// Builds operators from plan nodes, depth first, each node in the graph:
// a subtree the graph has is shared (graph.hpp, shared.hpp), a new one is
// added to it.
class Builder {
   public:
    Builder(const plan::Plan& plan, const Collation& collation, Graph& graph, std::vector<SharedInput*>& pending)
        : plan_(plan), collation_(collation), graph_(graph), pending_(pending) {}

    // The shared node of json's subtree, as the consumer's input.
    OperatorPtr node(const Json& json, const std::string& path) {
        if (private_) return build(json, path);
        std::string key = canonical(json, path).dump();
        if (std::shared_ptr<SharedNode> existing = graph_.find(key)) {
            for (size_t slot : existing->slots()) note_slot(slot);
            ++shared_subtrees_;
            if (!existing->has_state()) return std::make_unique<SharedInput>(existing);
            private_ = true;  // filled through a private copy, attached afterwards
            OperatorPtr copy = build(json, path);
            private_ = false;
            auto input = std::make_unique<SharedInput>(existing, std::move(copy));
            pending_.push_back(input.get());
            return input;
        }
        collecting_.emplace_back();
        OperatorPtr op = build(json, path);
        std::set<size_t> slots = std::move(collecting_.back());
        collecting_.pop_back();
        auto shared = std::make_shared<SharedNode>(graph_, std::move(op), std::vector<size_t>(slots.begin(), slots.end()));
        graph_.add(key, shared);
        ++new_nodes_;
        return std::make_unique<SharedInput>(shared);
    }

    size_t new_nodes() const { return new_nodes_; }
    size_t shared_subtrees() const { return shared_subtrees_; }
    // Every slot the view reads.
    std::vector<size_t> slots() const { return std::vector<size_t>(view_slots_.begin(), view_slots_.end()); }

   private:
    OperatorPtr build(const Json& json, const std::string& path) {
        std::string op = plan::string_field(json, "op", path);
        if (op == "scan") return scan(json, path);
        if (op == "filter") {
            return std::make_unique<Filter>(input(json, path), expr(json, "predicate", path));
        }
        if (op == "project") return std::make_unique<Project>(input(json, path), exprs(json, "exprs", path));
        if (op == "join") return join(json, path);
        if (op == "semi_join") return semi_join(json, path);
        if (op == "anti_join") return anti_join(json, path);
        if (op == "aggregate") return aggregate(json, path);
        if (op == "distinct") return std::make_unique<Distinct>(input(json, path));
        if (op == "union") return union_of(json, path);
        throw PlanError(child_path(path, "op"), "unknown operator \"" + op + "\"");
    }

   private:
    OperatorPtr input(const Json& json, const std::string& path) {
        return node(plan::object_field(json, "input", path), child_path(path, "input"));
    }

    ExprPtr expr(const Json& json, const std::string& name, const std::string& path) {
        return compile_expr(plan::field(json, name, path), child_path(path, name), collation_);
    }

    ExprPtr optional_expr(const Json& json, const std::string& name, const std::string& path) {
        if (plan::field(json, name, path).is_null()) return nullptr;
        return expr(json, name, path);
    }

    std::vector<ExprPtr> exprs(const Json& json, const std::string& name, const std::string& path) {
        const Json& list = plan::array_field(json, name, path);
        std::vector<ExprPtr> result;
        for (size_t i = 0; i < list.size(); ++i) {
            result.push_back(compile_expr(list[i], index_path(child_path(path, name), i), collation_));
        }
        return result;
    }

    static size_t width(const Json& json, const std::string& path) {
        return plan::array_field(json, "columns", path).size();
    }

    const plan::PlanSource& source_of(const Json& json, const std::string& path) const {
        int64_t relid = plan::integer_field(json, "relid", path);
        auto source = std::find_if(plan_.sources.begin(), plan_.sources.end(),
                                   [&](const plan::PlanSource& s) { return s.relid == relid; });
        if (source == plan_.sources.end()) throw PlanError(child_path(path, "relid"), "not among the plan's sources");
        return *source;
    }

    // The held names of the scan's columns (PlanSource::held_column).
    std::vector<std::string> held_columns(const Json& json, const std::string& path) const {
        const plan::PlanSource& source = source_of(json, path);
        const Json& columns = plan::array_field(json, "columns", path);
        std::vector<std::string> held;
        for (size_t i = 0; i < columns.size(); ++i) {
            std::string column_path = index_path(child_path(path, "columns"), i);
            std::string name = plan::string_field(columns[i], "name", column_path);
            auto found = std::find(source.columns.begin(), source.columns.end(), name);
            if (found == source.columns.end()) {
                throw PlanError(column_path, "column \"" + name + "\" is not among the source's columns");
            }
            held.push_back(source.held_column(static_cast<size_t>(found - source.columns.begin())));
        }
        return held;
    }

    // The subtree as the graph knows it: a scan by table and held columns,
    // not by the names or the order of the plan's sources.
    Json canonical(const Json& json, const std::string& path) const {
        if (!json.is_object()) throw PlanError(path, "expected an operator object");
        if (plan::string_field(json, "op", path) == "scan") {
            Json columns = plan::array_field(json, "columns", path);
            std::vector<std::string> held = held_columns(json, path);
            for (size_t i = 0; i < columns.size(); ++i) {
                columns[i].erase("name");
                columns[i]["held"] = held[i];
            }
            return {{"op", "scan"}, {"relid", json["relid"]}, {"columns", columns}};
        }
        Json result = json;
        for (const char* child : {"input", "left", "right"}) {
            if (json.contains(child)) result[child] = canonical(json[child], child_path(path, child));
        }
        if (json.contains("inputs") && json["inputs"].is_array()) {
            for (size_t i = 0; i < json["inputs"].size(); ++i) {
                result["inputs"][i] = canonical(json["inputs"][i], index_path(child_path(path, "inputs"), i));
            }
        }
        return result;
    }

    void note_slot(size_t slot) {
        view_slots_.insert(slot);
        for (std::set<size_t>& slots : collecting_) slots.insert(slot);
    }

    OperatorPtr scan(const Json& json, const std::string& path) {
        std::vector<std::string> held = held_columns(json, path);
        size_t slot = graph_.slot(source_of(json, path).relid, held);
        note_slot(slot);
        std::vector<size_t> indexes(held.size());
        for (size_t i = 0; i < indexes.size(); ++i) indexes[i] = i;
        return std::make_unique<Scan>(slot, std::move(indexes));
    }

    OperatorPtr join(const Json& json, const std::string& path) {
        static const std::map<std::string, Join::Kind> kinds = {
            {"inner", Join::Kind::Inner}, {"left", Join::Kind::Left}, {"right", Join::Kind::Right},
            {"full", Join::Kind::Full}};
        std::string kind = plan::string_field(json, "kind", path);
        if (!kinds.contains(kind)) throw PlanError(child_path(path, "kind"), "unknown join kind \"" + kind + "\"");
        Join::Side left{side(json, "left", path), {}, width(json["left"], child_path(path, "left"))};
        Join::Side right{side(json, "right", path), {}, width(json["right"], child_path(path, "right"))};
        key_pairs(plan::array_field(json, "on", path), child_path(path, "on"), left.keys, right.keys);
        return std::make_unique<Join>(kinds.at(kind), std::move(left), std::move(right),
                                      optional_expr(json, "residual", path));
    }

    // The halves of a [left_expr, right_expr] pair, appended to left and right.
    void key_pair(const Json& pair, const std::string& path, std::vector<ExprPtr>& left, std::vector<ExprPtr>& right) {
        if (!pair.is_array() || pair.size() != 2) throw PlanError(path, "expected [left_expr, right_expr]");
        left.push_back(compile_expr(pair[0], index_path(path, 0), collation_));
        right.push_back(compile_expr(pair[1], index_path(path, 1), collation_));
    }

    void key_pairs(const Json& pairs, const std::string& path, std::vector<ExprPtr>& left, std::vector<ExprPtr>& right) {
        for (size_t i = 0; i < pairs.size(); ++i) key_pair(pairs[i], index_path(path, i), left, right);
    }

    OperatorPtr side(const Json& json, const char* name, const std::string& path) {
        return node(plan::object_field(json, name, path), child_path(path, name));
    }

    OperatorPtr semi_join(const Json& json, const std::string& path) {
        SemiJoin::Side outer{side(json, "left", path), {}}, inner{side(json, "right", path), {}};
        key_pairs(plan::array_field(json, "on", path), child_path(path, "on"), outer.keys, inner.keys);
        return std::make_unique<SemiJoin>(std::move(outer), std::move(inner));
    }

    OperatorPtr anti_join(const Json& json, const std::string& path) {
        AntiJoin::Side outer{side(json, "left", path), {}, nullptr}, inner{side(json, "right", path), {}, nullptr};
        key_pairs(plan::array_field(json, "on", path), child_path(path, "on"), outer.keys, inner.keys);
        const Json& not_in = plan::field(json, "not_in", path);
        if (!not_in.is_null()) {
            std::vector<ExprPtr> outer_half, inner_half;
            key_pair(not_in, child_path(path, "not_in"), outer_half, inner_half);
            outer.not_in = std::move(outer_half[0]);
            inner.not_in = std::move(inner_half[0]);
        }
        return std::make_unique<AntiJoin>(std::move(outer), std::move(inner));
    }

    OperatorPtr aggregate(const Json& json, const std::string& path) {
        OperatorPtr source = input(json, path);
        std::vector<ExprPtr> group_by = exprs(json, "group_by", path);
        const Json& list = plan::array_field(json, "aggregates", path);
        std::vector<Aggregate::Function> functions;
        for (size_t i = 0; i < list.size(); ++i) {
            std::string item = index_path(child_path(path, "aggregates"), i);
            Aggregate::Function function;
            function.spec.fn = plan::string_field(list[i], "fn", item);
            static const std::set<std::string> known = {"count_star", "count", "sum", "avg", "min", "max"};
            if (!known.contains(function.spec.fn)) {
                throw PlanError(child_path(item, "fn"), "unknown aggregate \"" + function.spec.fn + "\"");
            }
            function.spec.result_type = plan::read_type(list[i], item);
            function.spec.distinct = plan::bool_field(list[i], "distinct", item);
            if (function.spec.fn != "count_star") {
                function.arg = expr(list[i], "arg", item);
                function.spec.arg_type = function.arg->type();
            }
            function.filter = optional_expr(list[i], "filter", item);
            try {
                make_accumulator(function.spec, collation_);
            } catch (const std::invalid_argument& error) {
                throw PlanError(child_path(item, "fn"), error.what());
            }
            functions.push_back(std::move(function));
        }
        return std::make_unique<Aggregate>(std::move(source), std::move(group_by), std::move(functions), collation_);
    }

    OperatorPtr union_of(const Json& json, const std::string& path) {
        const Json& list = plan::array_field(json, "inputs", path);
        std::vector<OperatorPtr> inputs;
        for (size_t i = 0; i < list.size(); ++i) inputs.push_back(node(list[i], index_path(child_path(path, "inputs"), i)));
        return std::make_unique<Union>(std::move(inputs), plan::bool_field(json, "all", path));
    }

    const plan::Plan& plan_;
    const Collation& collation_;
    Graph& graph_;
    std::vector<SharedInput*>& pending_;
    bool private_ = false;                     // building a private copy: nothing shared
    std::vector<std::set<size_t>> collecting_;  // slots of the new nodes being built
    std::set<size_t> view_slots_;
    size_t new_nodes_ = 0;
    size_t shared_subtrees_ = 0;
};

}  // namespace

Dataflow::Dataflow(const plan::Plan& plan, const Collation& collation, Graph& graph) : graph_(graph) {
    Builder builder(plan, collation, graph, pending_);
    root_ = builder.node(plan.root, "root");
    slots_ = builder.slots();
    new_nodes_ = builder.new_nodes();
    shared_subtrees_ = builder.shared_subtrees();
}

ZSet Dataflow::step(const SourceChanges& changes) {
    if (last_step_ == graph_.current_step()) throw std::logic_error("a dataflow stepped twice in one graph step");
    last_step_ = graph_.current_step();
    ZSet change = root_->step(changes);
    consolidate(change);
    return change;
}

void Dataflow::attach() {
    for (SharedInput* input : pending_) input->attach();
    pending_.clear();
}

}  // namespace cdc::engine
