#include "kafka_reader.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>

namespace cdc::oracle {
namespace {

void set(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
    std::string error;
    if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) throw std::runtime_error(name + ": " + error);
}

std::string header(RdKafka::Message& message, const char* name) {
    RdKafka::Headers* headers = message.headers();
    if (headers == nullptr) return "";
    RdKafka::Headers::Header found = headers->get_last(name);
    if (found.err() != RdKafka::ERR_NO_ERROR || found.value() == nullptr) return "";
    return std::string(static_cast<const char*>(found.value()), found.value_size());
}

uint64_t lsn_of(const std::string& text) {
    size_t slash = text.find('/');
    if (slash == std::string::npos) throw std::runtime_error("message without a cdc.lsn header: '" + text + "'");
    return (std::stoull(text.substr(0, slash), nullptr, 16) << 32) | std::stoull(text.substr(slash + 1), nullptr, 16);
}

std::optional<std::string> row_of(const nlohmann::json& side) {
    if (side.is_null()) return std::nullopt;
    return side.at("row").dump();
}

}  // namespace

std::string canonical_json(const std::string& text) { return nlohmann::json::parse(text).dump(); }

std::unique_ptr<RdKafka::KafkaConsumer> KafkaReader::make_consumer() const {
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    set(*conf, "bootstrap.servers", bootstrap_servers_);
    set(*conf, "group.id", "cdc-oracle");
    set(*conf, "enable.auto.commit", "false");
    set(*conf, "isolation.level", "read_committed");  // a source transaction whole or not at all
    set(*conf, "enable.partition.eof", "true");
    set(*conf, "fetch.wait.max.ms", "10");
    set(*conf, "socket.nagle.disable", "true");
    set(*conf, "topic.metadata.refresh.fast.interval.ms", "20");
    set(*conf, "reconnect.backoff.ms", "10");
    std::string error;
    std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), error));
    if (!consumer) throw std::runtime_error("Kafka consumer: " + error);
    return consumer;
}

KafkaReader::KafkaReader(const std::string& bootstrap_servers) : bootstrap_servers_(bootstrap_servers) {}

void KafkaReader::add_topic(const std::string& topic) { new_topics_.push_back(topic); }

// A topic may have more partitions than the one the maintainer asks for: a
// consumer asking for a topic that does not exist yet makes Kafka (our
// mock, or a broker with auto.create.topics.enable) create it with its
// default count, and keyed messages then go to every partition.
void KafkaReader::discover_partitions(RdKafka::KafkaConsumer& consumer) {
    for (const std::string& topic : new_topics_) {
        std::string error;
        std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(&consumer, topic, nullptr, error));
        for (int attempt = 0;; ++attempt) {
            RdKafka::Metadata* raw = nullptr;
            RdKafka::ErrorCode code = consumer.metadata(false, handle.get(), &raw, 5000);
            std::unique_ptr<RdKafka::Metadata> metadata(raw);
            size_t count = code == RdKafka::ERR_NO_ERROR && !metadata->topics()->empty()
                               ? metadata->topics()->at(0)->partitions()->size() : 0;
            if (count > 0) {
                for (size_t partition = 0; partition < count; ++partition) {
                    next_offset_.emplace(Partition{topic, static_cast<int32_t>(partition)}, RdKafka::Topic::OFFSET_BEGINNING);
                }
                break;
            }
            if (attempt == 50) throw std::runtime_error("no partitions for Kafka topic " + topic);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    new_topics_.clear();
}

void KafkaReader::assign(RdKafka::KafkaConsumer& consumer, const std::vector<Partition>& wanted) const {
    std::vector<RdKafka::TopicPartition*> partitions;
    for (const Partition& partition : wanted) {
        partitions.push_back(RdKafka::TopicPartition::create(partition.first, partition.second, next_offset_.at(partition)));
    }
    RdKafka::ErrorCode error = consumer.assign(partitions);
    RdKafka::TopicPartition::destroy(partitions);
    if (error != RdKafka::ERR_NO_ERROR) throw std::runtime_error("Kafka assign: " + RdKafka::err2str(error));
}

ViewMessage KafkaReader::decode(RdKafka::Message& message, bool advance) {
    ViewMessage decoded;
    decoded.topic = message.topic_name();
    decoded.partition = message.partition();
    decoded.offset = message.offset();
    if (advance) next_offset_[Partition{decoded.topic, decoded.partition}] = message.offset() + 1;
    decoded.lsn = lsn_of(header(message, "cdc.lsn"));
    decoded.xid = header(message, "cdc.xid");
    nlohmann::json value = nlohmann::json::parse(static_cast<const char*>(message.payload()),
                                                 static_cast<const char*>(message.payload()) + message.len());
    decoded.before = row_of(value.at("before"));
    decoded.after = row_of(value.at("after"));
    return decoded;
}

// Is this the marker's insertion?
bool KafkaReader::is_marker(const ViewMessage& message, int64_t marker) {
    return message.after && nlohmann::json::parse(*message.after).value("n", int64_t{-1}) == marker;
}

// Kafka errors worth waiting out: a topic the maintainer has not created yet.
bool KafkaReader::transient(RdKafka::ErrorCode error) {
    return error == RdKafka::ERR__TIMED_OUT || error == RdKafka::ERR__UNKNOWN_TOPIC ||
           error == RdKafka::ERR__UNKNOWN_PARTITION || error == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART;
}

// Until the marker's transaction is committed: the maintainer has sent
// every source transaction before it.  (Other partitions may still show
// them a moment later: Kafka writes a transaction's commit markers to each
// partition on its own.)
void KafkaReader::wait_marker(const std::string& marker_topic, int64_t marker, int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    if (!marker_consumer_) {
        marker_consumer_ = make_consumer();
        next_offset_.emplace(Partition{marker_topic, 0}, RdKafka::Topic::OFFSET_BEGINNING);
        assign(*marker_consumer_, {Partition{marker_topic, 0}});  // unkeyed: partition 0
    }
    for (bool seen = false; !seen;) {
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("timed out waiting for marker " + std::to_string(marker) + " in Kafka");
        }
        std::unique_ptr<RdKafka::Message> message(marker_consumer_->consume(100));
        if (message->err() == RdKafka::ERR__PARTITION_EOF || transient(message->err())) continue;
        if (message->err() != RdKafka::ERR_NO_ERROR) throw std::runtime_error("Kafka: " + message->errstr());
        seen = is_marker(decode(*message, false), marker);
    }
}

// A fresh consumer reads every topic from where the last one stopped to
// its end (a consumer reports the end of a partition once per assignment).
std::vector<ViewMessage> KafkaReader::read_to_end(int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::unique_ptr<RdKafka::KafkaConsumer> consumer = make_consumer();
    discover_partitions(*consumer);
    std::vector<Partition> partitions;
    for (const auto& [partition, offset] : next_offset_) partitions.push_back(partition);
    assign(*consumer, partitions);
    std::vector<ViewMessage> read;
    std::set<Partition> at_end;
    while (at_end.size() < partitions.size()) {
        if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("timed out reading Kafka topics");
        std::unique_ptr<RdKafka::Message> message(consumer->consume(100));
        if (message->err() == RdKafka::ERR__PARTITION_EOF) {
            at_end.insert(Partition{message->topic_name(), message->partition()});
            continue;
        }
        if (transient(message->err())) continue;
        if (message->err() != RdKafka::ERR_NO_ERROR) throw std::runtime_error("Kafka: " + message->errstr());
        at_end.erase(Partition{message->topic_name(), message->partition()});
        read.push_back(decode(*message, true));
    }
    consumer->close();
    return read;
}

}  // namespace cdc::oracle
