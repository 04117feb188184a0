// Kafka messages for the changes of a view, in the envelopes DESIGN.md
// section 2 defines:
//   row       {"before": {"row": {...}} | null, "after": {"row": {...}} | null}
//             the JSON of the seed's Materialize sinks
//   debezium  {"before": {...} | null, "after": {...} | null}
//   upsert    key -> row, a tombstone (null value) on delete
// With a key, a retraction and an insertion of the same key in one source
// transaction are one message with before and after, and the message key is
// the key columns as JSON; without one, retractions come first, then
// insertions, one message per row.
#pragma once

#include "core/value.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdc::sink {

enum class Envelope { Row, Debezium, Upsert };

// "row", "debezium", "upsert"; nullopt for anything else.
std::optional<Envelope> parse_envelope(const std::string& name);

struct OutputColumn {
    std::string name;
    TypeRef type;
};

struct KafkaMessage {
    std::optional<std::string> key;
    std::optional<std::string> value;  // nullopt: a tombstone
    int32_t partition = -1;            // -1: chosen by librdkafka from the key
};

class EnvelopeEncoder {
   public:
    // key: indexes of the key columns (empty for a one-row view), or nullopt.
    EnvelopeEncoder(Envelope envelope, std::vector<OutputColumn> columns, std::optional<std::vector<size_t>> key,
                    int32_t partitions);

    // Appends the messages of one view's netted change (rows with weights).
    void encode(const std::vector<std::pair<Row, int64_t>>& delta, std::vector<KafkaMessage>& out) const;

    std::string row_json(const Row& row) const;
    std::string key_json(const Row& row) const;

   private:
    KafkaMessage change(const Row* before, const Row* after) const;
    void encode_keyed(const std::vector<std::pair<Row, int64_t>>& delta, std::vector<KafkaMessage>& out) const;
    int32_t partition_of(const std::string& row_json) const;

    Envelope envelope_;
    std::vector<OutputColumn> columns_;
    std::optional<std::vector<size_t>> key_;
    int32_t partitions_;
};

}  // namespace cdc::sink
