#include "merged_columns.hpp"

#include <algorithm>

namespace cdc::oracle {
namespace {

using Merged = std::vector<bool>;  // per output column of a node

// Does expr read a merged column of its input?
bool reads_merged(const nlohmann::json& expr, const Merged& input) {
    if (expr.is_object() && expr.value("kind", "") == "column") {
        size_t index = expr.at("index").get<size_t>();
        return index < input.size() && input[index];
    }
    if (!expr.is_object() && !expr.is_array()) return false;
    return std::any_of(expr.begin(), expr.end(), [&](const nlohmann::json& part) { return reads_merged(part, input); });
}

Merged merged(const nlohmann::json& node) {
    const std::string op = node.at("op").get<std::string>();
    if (op == "scan") return Merged(node.at("columns").size(), false);
    if (op == "filter") return merged(node.at("input"));
    if (op == "distinct") return Merged(node.at("columns").size(), true);
    if (op == "project") {
        Merged input = merged(node.at("input")), out;
        for (const nlohmann::json& expr : node.at("exprs")) out.push_back(reads_merged(expr, input));
        return out;
    }
    if (op == "join") {
        Merged out = merged(node.at("left")), right = merged(node.at("right"));
        out.insert(out.end(), right.begin(), right.end());
        return out;
    }
    if (op == "semi_join" || op == "anti_join") return merged(node.at("left"));  // left rows as they are
    if (op == "aggregate") {
        Merged input = merged(node.at("input"));
        Merged out(node.at("group_by").size(), true);  // a group shows one of its keys' forms
        for (const nlohmann::json& aggregate : node.at("aggregates")) {
            std::string fn = aggregate.at("fn").get<std::string>();
            bool by_forms = fn == "min" || fn == "max" || aggregate.value("distinct", false);
            bool over_merged = aggregate.contains("arg") && reads_merged(aggregate.at("arg"), input);
            out.push_back(fn != "count" && fn != "count_star" && (by_forms || over_merged));
        }
        return out;
    }
    if (op == "union") {
        bool all = node.at("all").get<bool>();
        Merged out(node.at("columns").size(), !all);
        for (const nlohmann::json& input : node.at("inputs")) {
            Merged in = merged(input);
            for (size_t i = 0; i < out.size() && i < in.size(); ++i) out[i] = out[i] || in[i];
        }
        return out;
    }
    throw std::runtime_error("plan node " + op + " unknown to the oracle's checker");
}

}  // namespace

std::vector<std::string> merged_numeric_columns(const nlohmann::json& plan) {
    Merged columns = merged(plan.at("root"));
    std::vector<std::string> names;
    const nlohmann::json& outputs = plan.at("columns");
    for (size_t i = 0; i < outputs.size() && i < columns.size(); ++i) {
        if (columns[i] && outputs[i].at("type") == "numeric") names.push_back(outputs[i].at("name").get<std::string>());
    }
    return names;
}

}  // namespace cdc::oracle
