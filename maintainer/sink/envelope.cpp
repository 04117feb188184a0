#include "sink/envelope.hpp"

#include "sink/json_value.hpp"

#include <unordered_map>

namespace cdc::sink {

std::optional<Envelope> parse_envelope(const std::string& name) {
    if (name == "row") return Envelope::Row;
    if (name == "debezium") return Envelope::Debezium;
    if (name == "upsert") return Envelope::Upsert;
    return std::nullopt;
}

EnvelopeEncoder::EnvelopeEncoder(Envelope envelope, std::vector<OutputColumn> columns,
                                 std::optional<std::vector<size_t>> key, int32_t partitions)
    : envelope_(envelope), columns_(std::move(columns)), key_(std::move(key)), partitions_(partitions) {}

std::string EnvelopeEncoder::row_json(const Row& row) const {
    std::string out = "{";
    for (size_t i = 0; i < columns_.size(); ++i) {
        if (i > 0) out += ',';
        append_json_string(out, columns_[i].name);
        out += ':';
        append_json_value(out, row[i], columns_[i].type);
    }
    return out + "}";
}

std::string EnvelopeEncoder::key_json(const Row& row) const {
    std::string out = "{";
    for (size_t i = 0; i < key_->size(); ++i) {
        size_t column = (*key_)[i];
        if (i > 0) out += ',';
        append_json_string(out, columns_[column].name);
        out += ':';
        append_json_value(out, row[column], columns_[column].type);
    }
    return out + "}";
}

// A stable hash (FNV-1a) so a row goes to the same partition on every run.
int32_t EnvelopeEncoder::partition_of(const std::string& row_json) const {
    if (partitions_ <= 1) return 0;
    uint64_t hash = 14695981039346656037ULL;
    for (char c : row_json) hash = (hash ^ static_cast<uint8_t>(c)) * 1099511628211ULL;
    return static_cast<int32_t>(hash % static_cast<uint64_t>(partitions_));
}

KafkaMessage EnvelopeEncoder::change(const Row* before, const Row* after) const {
    KafkaMessage message;
    const Row& any = before != nullptr ? *before : *after;
    if (key_) {
        message.key = key_json(any);
    } else {
        message.partition = partition_of(row_json(any));
    }
    if (envelope_ == Envelope::Upsert) {
        if (after != nullptr) message.value = row_json(*after);
        return message;
    }
    const char* open = envelope_ == Envelope::Row ? "{\"row\":" : "";
    const char* close = envelope_ == Envelope::Row ? "}" : "";
    std::string value = "{\"before\":";
    value += before != nullptr ? open + row_json(*before) + close : "null";
    value += ",\"after\":";
    value += after != nullptr ? open + row_json(*after) + close : "null";
    message.value = value + "}";
    return message;
}

// Per key, retractions and insertions pair up into updates; the rest are
// deletes and inserts.  Keys keep the order they first appear in.
void EnvelopeEncoder::encode_keyed(const std::vector<std::pair<Row, int64_t>>& delta,
                                   std::vector<KafkaMessage>& out) const {
    struct KeyChanges {
        std::vector<const Row*> retracted, inserted;
    };
    std::unordered_map<std::string, size_t> index;
    std::vector<KeyChanges> changes;
    for (const auto& [row, weight] : delta) {
        auto [position, added] = index.emplace(key_json(row), changes.size());
        if (added) changes.emplace_back();
        auto& rows = weight < 0 ? changes[position->second].retracted : changes[position->second].inserted;
        for (int64_t i = 0; i < (weight < 0 ? -weight : weight); ++i) rows.push_back(&row);
    }
    for (const KeyChanges& key : changes) {
        size_t paired = std::min(key.retracted.size(), key.inserted.size());
        for (size_t i = 0; i < paired; ++i) out.push_back(change(key.retracted[i], key.inserted[i]));
        for (size_t i = paired; i < key.retracted.size(); ++i) out.push_back(change(key.retracted[i], nullptr));
        for (size_t i = paired; i < key.inserted.size(); ++i) out.push_back(change(nullptr, key.inserted[i]));
    }
}

void EnvelopeEncoder::encode(const std::vector<std::pair<Row, int64_t>>& delta, std::vector<KafkaMessage>& out) const {
    if (key_) {
        encode_keyed(delta, out);
        return;
    }
    for (const auto& [row, weight] : delta) {
        for (int64_t i = 0; i < -weight; ++i) out.push_back(change(&row, nullptr));
    }
    for (const auto& [row, weight] : delta) {
        for (int64_t i = 0; i < weight; ++i) out.push_back(change(nullptr, &row));
    }
}

}  // namespace cdc::sink
