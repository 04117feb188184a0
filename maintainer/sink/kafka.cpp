#include "sink/kafka.hpp"

#include "core/log.hpp"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

namespace cdc::sink {
namespace {

void set(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
    std::string error;
    if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) {
        throw std::invalid_argument("Kafka property " + name + "=" + value + ": " + error);
    }
}

KafkaError kafka_error(RdKafka::Error* error, const std::string& what) {
    std::unique_ptr<RdKafka::Error> owned(error);
    return KafkaError(what + ": " + owned->str(), owned->is_retriable(), owned->txn_requires_abort(), owned->is_fatal());
}

constexpr int init_timeout_ms = 30000;
// topics' metadata and creation, called while sending: a stop waits for them
constexpr int topic_timeout_ms = 10000;

}  // namespace

KafkaMock::KafkaMock(int brokers) {
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    set(*conf, "client.id", "cdc-maintainer-mock");
    set(*conf, "log_level", "3");  // the mock's own client connects nowhere: no warning about it
    std::string error;
    owner_.reset(RdKafka::Producer::create(conf.get(), error));
    if (!owner_) throw std::runtime_error("could not start the Kafka mock cluster: " + error);
    cluster_ = rd_kafka_mock_cluster_new(owner_->c_ptr(), brokers);
    if (cluster_ == nullptr) throw std::runtime_error("could not start the Kafka mock cluster");
    bootstrap_servers_ = rd_kafka_mock_cluster_bootstraps(cluster_);
}

KafkaMock::~KafkaMock() {
    if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
}

void KafkaMock::create_topic(const std::string& topic, int partitions) {
    rd_kafka_resp_err_t error = rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        throw KafkaError("could not create topic " + topic + ": " + rd_kafka_err2str(error), false, false, false);
    }
}

void KafkaMock::set_broker_up(int broker, bool up) {
    rd_kafka_resp_err_t error =
        up ? rd_kafka_mock_broker_set_up(cluster_, broker) : rd_kafka_mock_broker_set_down(cluster_, broker);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw std::runtime_error("could not change mock broker " + std::to_string(broker) + ": " + rd_kafka_err2str(error));
    }
}

KafkaProducer::KafkaProducer(KafkaSettings settings) : settings_(std::move(settings)) {
    std::unique_ptr<RdKafka::Conf> conf = configuration(true);
    std::string error;
    producer_.reset(RdKafka::Producer::create(conf.get(), error));
    if (!producer_) throw KafkaError("could not create the Kafka producer: " + error, false, false, true);
    if (RdKafka::Error* failure = producer_->init_transactions(init_timeout_ms)) {
        throw kafka_error(failure, "could not initialise Kafka transactions");
    }
}

KafkaProducer::~KafkaProducer() {
    if (!producer_) return;
    // the messages of an unfinished transaction must never reach Kafka
    if (in_transaction_) {
        producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    } else {
        producer_->flush(5000);
    }
}

std::unique_ptr<RdKafka::Conf> KafkaProducer::configuration(bool for_producer) const {
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    set(*conf, "bootstrap.servers", settings_.bootstrap_servers);
    if (for_producer) {
        set(*conf, "transactional.id", settings_.transactional_id);
        set(*conf, "enable.idempotence", "true");
        // a broker may be away for a while: keep retrying within the transaction
        set(*conf, "transaction.timeout.ms", "120000");
        set(*conf, "message.timeout.ms", "110000");
        set(*conf, "linger.ms", "5");
    } else {
        set(*conf, "group.id", "cdc-maintainer-progress-reader");
        set(*conf, "enable.auto.commit", "false");
        set(*conf, "isolation.level", "read_committed");
        set(*conf, "enable.partition.eof", "true");
        set(*conf, "fetch.wait.max.ms", "10");  // read once at start: no waiting for more
    }
    for (const auto& [name, value] : settings_.properties) set(*conf, name, value);
    return conf;
}

void KafkaProducer::create_topic(const std::string& topic, int partitions, const TopicConfigs& configs) {
    std::optional<int> existing = partition_count(topic);
    if (!existing) {
        if (settings_.mock != nullptr) {
            settings_.mock->create_topic(topic, partitions);  // the mock has no topic configs
        } else {
            create_topic_with_admin_api(topic, partitions, configs);
        }
    } else if (*existing != partitions) {
        log_warning("topic " + topic + " exists with " + std::to_string(*existing) + " partitions, not the " +
                    std::to_string(partitions) + " asked for: messages are spread over the " +
                    std::to_string(*existing) + " (a keyed view's key stays in one)");
    }
}

// Asks for every topic's metadata: asking for just this one could make a
// broker with auto.create.topics.enable create it with its default layout.
std::optional<int> KafkaProducer::partition_count(const std::string& topic) {
    RdKafka::Metadata* raw = nullptr;
    RdKafka::ErrorCode error = producer_->metadata(true, nullptr, &raw, topic_timeout_ms);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    if (error != RdKafka::ERR_NO_ERROR) {
        throw KafkaError("could not read Kafka's topics: " + RdKafka::err2str(error), true, false, false);
    }
    for (const RdKafka::TopicMetadata* existing : *metadata->topics()) {
        if (existing->topic() == topic) return static_cast<int>(existing->partitions()->size());
    }
    return std::nullopt;
}

void KafkaProducer::create_topic_with_admin_api(const std::string& topic, int partitions,
                                                const TopicConfigs& configs) {
    rd_kafka_t* handle = producer_->c_ptr();
    char error_text[512];
    rd_kafka_NewTopic_t* new_topic =
        rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, error_text, sizeof(error_text));
    if (new_topic == nullptr) throw KafkaError("topic " + topic + ": " + error_text, false, false, false);
    for (const auto& [name, value] : configs) {
        if (rd_kafka_NewTopic_set_config(new_topic, name.c_str(), value.c_str()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_NewTopic_destroy(new_topic);
            throw KafkaError("topic " + topic + ": bad config " + name + "=" + value, false, false, false);
        }
    }
    rd_kafka_queue_t* queue = rd_kafka_queue_new(handle);
    rd_kafka_CreateTopics(handle, &new_topic, 1, nullptr, queue);
    rd_kafka_event_t* event = rd_kafka_queue_poll(queue, topic_timeout_ms);
    std::string failure;
    if (event == nullptr) {
        failure = "timed out";
    } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        failure = rd_kafka_event_error_string(event);
    } else {
        size_t count = 0;
        const rd_kafka_topic_result_t** results =
            rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
        rd_kafka_resp_err_t error = count > 0 ? rd_kafka_topic_result_error(results[0]) : RD_KAFKA_RESP_ERR_NO_ERROR;
        if (error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            failure = rd_kafka_err2str(error);
        }
    }
    if (event != nullptr) rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    rd_kafka_NewTopic_destroy(new_topic);
    if (!failure.empty()) throw KafkaError("could not create topic " + topic + ": " + failure, true, false, false);
}

void KafkaProducer::begin() {
    if (RdKafka::Error* failure = producer_->begin_transaction()) {
        throw kafka_error(failure, "could not begin a Kafka transaction");
    }
    in_transaction_ = true;
}

bool KafkaProducer::produce(const std::string& topic, const KafkaMessage& message, const MessageHeaders& headers,
                            bool wait_for_room) {
    for (;;) {
        RdKafka::Headers* kafka_headers = RdKafka::Headers::create();
        kafka_headers->add("cdc.lsn", headers.lsn);
        kafka_headers->add("cdc.xid", headers.xid);
        kafka_headers->add("cdc.commit_time", headers.commit_time);
        RdKafka::ErrorCode error = producer_->produce(
            topic, message.partition < 0 ? RdKafka::Topic::PARTITION_UA : message.partition,
            RdKafka::Producer::RK_MSG_COPY, message.value ? const_cast<char*>(message.value->data()) : nullptr,
            message.value ? message.value->size() : 0, message.key ? message.key->data() : nullptr,
            message.key ? message.key->size() : 0, 0, kafka_headers, nullptr);
        if (error == RdKafka::ERR_NO_ERROR) return true;
        delete kafka_headers;  // only a successful produce takes ownership
        if (error == RdKafka::ERR_MSG_SIZE_TOO_LARGE) {
            size_t bytes = (message.value ? message.value->size() : 0) + (message.key ? message.key->size() : 0);
            throw KafkaError("a message of " + std::to_string(bytes) + " bytes (key and value) for topic " + topic +
                                 " is over the producer's message.max.bytes: raise it (-X message.max.bytes=N) "
                                 "and the topic's max.message.bytes",
                             false, true, false);
        }
        if (error != RdKafka::ERR__QUEUE_FULL) {
            throw KafkaError("could not produce to " + topic + ": " + RdKafka::err2str(error), false, true, false);
        }
        if (!wait_for_room) return false;
        producer_->poll(100);
    }
}

void KafkaProducer::commit(std::chrono::milliseconds timeout) {
    if (RdKafka::Error* failure = producer_->commit_transaction(static_cast<int>(timeout.count()))) {
        throw kafka_error(failure, "could not commit the Kafka transaction");
    }
    in_transaction_ = false;
}

void KafkaProducer::abort(std::chrono::milliseconds timeout) {
    if (RdKafka::Error* failure = producer_->abort_transaction(static_cast<int>(timeout.count()))) {
        throw kafka_error(failure, "could not abort the Kafka transaction");
    }
    in_transaction_ = false;
}

// Reads backwards in growing windows from the end of partition 0: the
// progress topic gets a record per Kafka transaction, and without compaction
// (or before it runs) holds them all; the newest window with the key has
// its last record.
std::optional<std::string> KafkaProducer::read_last(const std::string& topic, const std::string& key) {
    std::unique_ptr<RdKafka::Conf> conf = configuration(false);
    std::string error;
    std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), error));
    if (!consumer) throw KafkaError("could not create a Kafka consumer: " + error, false, false, true);
    int64_t low = 0, high = 0;
    RdKafka::ErrorCode status = consumer->query_watermark_offsets(topic, 0, &low, &high, init_timeout_ms);
    std::optional<std::string> last;
    try {
        if (status == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART) {
            high = low;
        } else if (status != RdKafka::ERR_NO_ERROR) {
            throw KafkaError("could not read " + topic + ": " + RdKafka::err2str(status), true, false, false);
        }
        for (int64_t end = high, window = 1000; end > low && !last; end = std::max(low, end - window), window *= 4) {
            last = last_in_range(*consumer, topic, key, std::max(low, end - window), end);
        }
    } catch (...) {
        consumer->close();
        throw;
    }
    consumer->close();
    return last;
}

// The value of the last message with key at offsets [from, to) of
// partition 0 (offsets of transaction markers and aborted messages are
// never delivered to a read_committed consumer).
std::optional<std::string> KafkaProducer::last_in_range(RdKafka::KafkaConsumer& consumer, const std::string& topic,
                                                        const std::string& key, int64_t from, int64_t to) {
    std::unique_ptr<RdKafka::TopicPartition> partition(RdKafka::TopicPartition::create(topic, 0, from));
    consumer.assign({partition.get()});
    std::optional<std::string> last;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(init_timeout_ms);
    for (bool done = false; !done;) {
        if (std::chrono::steady_clock::now() > deadline) throw KafkaError("timed out reading " + topic, true, false, false);
        std::unique_ptr<RdKafka::Message> message(consumer.consume(1000));
        if (message->err() == RdKafka::ERR_NO_ERROR) {
            if (message->offset() < to && message->key() != nullptr && *message->key() == key) {
                last = std::string(static_cast<const char*>(message->payload()), message->len());
            }
            done = message->offset() >= to - 1;
        } else if (message->err() == RdKafka::ERR__PARTITION_EOF) {
            done = true;
        } else if (message->err() != RdKafka::ERR__TIMED_OUT) {
            throw KafkaError("could not read " + topic + ": " + message->errstr(), true, false, false);
        }
    }
    consumer.unassign();
    return last;
}

}  // namespace cdc::sink
