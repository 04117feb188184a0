#include "core/view_definition.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace cdc {

std::string to_json(const ViewDefinition& view) {
    nlohmann::json json = {{"id", view.id},
                           {"schema", view.schema},
                           {"name", view.name},
                           {"envelope", view.envelope},
                           {"partitions", view.partitions},
                           {"plan", view.plan_json}};
    json["topic"] = view.topic ? nlohmann::json(*view.topic) : nlohmann::json(nullptr);
    return json.dump();
}

ViewDefinition view_from_json(const std::string& text) {
    try {
        nlohmann::json json = nlohmann::json::parse(text);
        ViewDefinition view;
        view.id = json.at("id").get<int64_t>();
        view.schema = json.at("schema").get<std::string>();
        view.name = json.at("name").get<std::string>();
        view.envelope = json.at("envelope").get<std::string>();
        view.partitions = json.at("partitions").get<int32_t>();
        view.plan_json = json.at("plan").get<std::string>();
        if (!json.at("topic").is_null()) view.topic = json.at("topic").get<std::string>();
        return view;
    } catch (const nlohmann::json::exception& error) {
        throw std::invalid_argument(std::string("bad view definition: ") + error.what());
    }
}

}  // namespace cdc
