#include "plan/plan_reader.hpp"

namespace cdc::plan {
namespace {

std::vector<PlanColumn> read_columns(const Json& plan) {
    std::vector<PlanColumn> columns;
    const Json& list = array_field(plan, "columns", "");
    for (size_t i = 0; i < list.size(); ++i) {
        std::string path = index_path("columns", i);
        columns.push_back({string_field(list[i], "name", path), read_type(list[i], path)});
    }
    return columns;
}

std::optional<std::vector<size_t>> read_key(const Json& plan, size_t column_count) {
    const Json& key = field(plan, "key", "");
    if (key.is_null()) return std::nullopt;
    if (!key.is_array()) throw PlanError("key", "expected an array or null");
    std::vector<size_t> indexes;
    for (size_t i = 0; i < key.size(); ++i) {
        if (!key[i].is_number_unsigned() || key[i].get<size_t>() >= column_count) {
            throw PlanError(index_path("key", i), "expected the index of an output column");
        }
        indexes.push_back(key[i].get<size_t>());
    }
    return indexes;
}

PlanSource read_source(const Json& source, const std::string& path) {
    PlanSource result;
    int64_t relid = integer_field(source, "relid", path);
    if (relid <= 0 || relid > UINT32_MAX) throw PlanError(child_path(path, "relid"), "expected an OID");
    result.relid = static_cast<uint32_t>(relid);
    result.schema = string_field(source, "schema", path);
    result.table = string_field(source, "table", path);
    result.identity = string_field(source, "identity", path);
    const Json& columns = array_field(source, "columns", path);
    for (size_t i = 0; i < columns.size(); ++i) {
        if (!columns[i].is_string()) throw PlanError(index_path(child_path(path, "columns"), i), "expected a name");
        result.columns.push_back(columns[i].get<std::string>());
    }
    auto attnums = source.find("attnums");
    if (attnums == source.end()) return result;
    std::string attnums_path = child_path(path, "attnums");
    if (!attnums->is_array() || attnums->size() != columns.size()) {
        throw PlanError(attnums_path, "expected an array of attribute numbers, one per column");
    }
    for (size_t i = 0; i < attnums->size(); ++i) {
        const Json& attnum = (*attnums)[i];
        if (!attnum.is_number_integer() || attnum.get<int64_t>() <= 0 || attnum.get<int64_t>() > INT16_MAX) {
            throw PlanError(index_path(attnums_path, i), "expected an attribute number");
        }
        result.attnums.push_back(attnum.get<int32_t>());
    }
    return result;
}

}  // namespace

std::string PlanSource::held_column(size_t i) const {
    return attnums.empty() ? columns.at(i) : "#" + std::to_string(attnums.at(i));
}

TypeRef read_type(const Json& object, const std::string& path) {
    TypeRef type;
    type.name = string_field(object, "type", path);
    type.type = type_from_name(type.name);
    auto typmod = object.find("typmod");
    if (typmod != object.end() && !typmod->is_null()) {
        if (!typmod->is_number_integer()) throw PlanError(child_path(path, "typmod"), "expected an integer");
        type.typmod = typmod->get<int32_t>();
    }
    return type;
}

Plan read_plan(const std::string& text) {
    Json plan = Json::parse(text, nullptr, false);
    if (plan.is_discarded()) throw PlanError("plan", "not valid JSON");
    int64_t version = integer_field(plan, "version", "");
    if (version != plan_version) {
        throw PlanError("version", "plan version " + std::to_string(version) + " is not supported (this maintainer reads " +
                                       std::to_string(plan_version) + "); upgrade cdc-maintainer");
    }
    Plan result;
    result.columns = read_columns(plan);
    result.key = read_key(plan, result.columns.size());
    const Json& sources = array_field(plan, "sources", "");
    for (size_t i = 0; i < sources.size(); ++i) result.sources.push_back(read_source(sources[i], index_path("sources", i)));
    result.root = object_field(plan, "root", "");
    return result;
}

}  // namespace cdc::plan
