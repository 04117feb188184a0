// Kafka for cdc-maintainer: a transactional producer (all messages of a
// batch of source transactions, and the progress record that says which
// source LSN they cover, are committed atomically), topic creation, reading
// the last progress record back, and librdkafka's in-process mock cluster
// for demos and tests.
#pragma once

#include "sink/outbox.hpp"

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct rd_kafka_mock_cluster_s;

namespace cdc::sink {

class KafkaError : public std::runtime_error {
   public:
    KafkaError(const std::string& message, bool retriable, bool abort_required, bool fatal)
        : std::runtime_error(message), retriable(retriable), abort_required(abort_required), fatal(fatal) {}
    bool retriable;
    bool abort_required;
    bool fatal;
};

// librdkafka's mock cluster (real Kafka protocol on 127.0.0.1, random port).
class KafkaMock {
   public:
    explicit KafkaMock(int brokers = 1);
    ~KafkaMock();
    KafkaMock(const KafkaMock&) = delete;
    KafkaMock& operator=(const KafkaMock&) = delete;

    const std::string& bootstrap_servers() const { return bootstrap_servers_; }
    void create_topic(const std::string& topic, int partitions);
    void set_broker_up(int broker, bool up);

   private:
    std::unique_ptr<RdKafka::Producer> owner_;  // the mock lives in this client
    rd_kafka_mock_cluster_s* cluster_ = nullptr;
    std::string bootstrap_servers_;
};

using TopicConfigs = std::vector<std::pair<std::string, std::string>>;  // cleanup.policy=compact, ...

struct KafkaSettings {
    std::string bootstrap_servers;
    std::string transactional_id;
    std::vector<std::pair<std::string, std::string>> properties;  // librdkafka properties, passed through
    KafkaMock* mock = nullptr;                                     // create topics on it directly
};

class KafkaProducer {
   public:
    explicit KafkaProducer(KafkaSettings settings);
    ~KafkaProducer();

    // Creates topic with partitions and topic configs unless it exists.
    void create_topic(const std::string& topic, int partitions, const TopicConfigs& configs = {});

    // A transaction's messages are purged, never delivered, if the producer
    // is destroyed before it is committed or aborted.
    void begin();
    // Queues a message.  When librdkafka's queue is full it waits for room,
    // or with wait_for_room false returns false (nothing queued).
    bool produce(const std::string& topic, const KafkaMessage& message, const MessageHeaders& headers,
                 bool wait_for_room = true);
    // Waits for every message; throws KafkaError (see its flags) on failure.
    // After a retriable failure the transaction is still open: commit again.
    void commit(std::chrono::milliseconds timeout);
    void abort(std::chrono::milliseconds timeout);

    // The value of the last message with key in partition 0 of topic, if any.
    std::optional<std::string> read_last(const std::string& topic, const std::string& key);

   private:
    std::unique_ptr<RdKafka::Conf> configuration(bool for_producer) const;
    std::optional<int> partition_count(const std::string& topic);  // nullopt: no such topic
    std::optional<std::string> last_in_range(RdKafka::KafkaConsumer& consumer, const std::string& topic,
                                             const std::string& key, int64_t from, int64_t to);
    void create_topic_with_admin_api(const std::string& topic, int partitions, const TopicConfigs& configs);

    KafkaSettings settings_;
    std::unique_ptr<RdKafka::Producer> producer_;
    bool in_transaction_ = false;
};

}  // namespace cdc::sink
