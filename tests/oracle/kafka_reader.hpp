// Reads the views' topics as a read_committed consumer: every message with
// its source position (cdc.lsn, cdc.xid headers) and its row envelope
// turned into the canonical rows retracted and inserted.
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cdc::oracle {

struct ViewMessage {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = 0;
    uint64_t lsn = 0;
    std::string xid;                    // empty for initial content read from a snapshot
    std::optional<std::string> before;  // canonical JSON of before.row
    std::optional<std::string> after;   // canonical JSON of after.row
};

// The canonical text of a JSON row: parsed and printed again, keys sorted,
// so Postgres' and the maintainer's spellings of one value compare equal.
std::string canonical_json(const std::string& text);

class KafkaReader {
   public:
    explicit KafkaReader(const std::string& bootstrap_servers);
    // Starts reading topic from its beginning at the next catch_up.
    void add_topic(const std::string& topic);
    // Until the marker topic has a message whose after.row.n is marker.
    void wait_marker(const std::string& marker_topic, int64_t marker, int timeout_ms);
    // What every topic holds after what was read before, to its end, in
    // offset order per topic.
    std::vector<ViewMessage> read_to_end(int timeout_ms);

   private:
    std::unique_ptr<RdKafka::KafkaConsumer> make_consumer() const;
    using Partition = std::pair<std::string, int32_t>;
    void assign(RdKafka::KafkaConsumer& consumer, const std::vector<Partition>& partitions) const;
    void discover_partitions(RdKafka::KafkaConsumer& consumer);
    ViewMessage decode(RdKafka::Message& message, bool advance);
    static bool is_marker(const ViewMessage& message, int64_t marker);
    static bool transient(RdKafka::ErrorCode error);

    std::string bootstrap_servers_;
    std::unique_ptr<RdKafka::KafkaConsumer> marker_consumer_;
    std::vector<std::string> new_topics_;         // partitions not known yet
    std::map<Partition, int64_t> next_offset_;    // per topic and partition
};

}  // namespace cdc::oracle
