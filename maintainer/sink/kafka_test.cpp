// The transactional producer against librdkafka's mock cluster (the real
// Kafka protocol), read back by a real consumer.
#include "sink/kafka.hpp"

#include <gtest/gtest.h>

namespace cdc::sink {
namespace {

TEST(Kafka, CommittedMessagesAndTheLastProgressRecordReadBack) {
    KafkaMock mock;
    KafkaProducer producer({mock.bootstrap_servers(), "test-transactions", {}, &mock});
    producer.create_topic("progress", 1);
    EXPECT_FALSE(producer.read_last("progress", "slot").has_value());
    for (int i = 1; i <= 3; ++i) {
        producer.begin();
        producer.produce("progress", {std::string("slot"), "lsn " + std::to_string(i), 0}, {"0/1", "7", "now"});
        producer.produce("progress", {std::string("other"), std::string("elsewhere"), 0}, {"0/1", "7", "now"});
        producer.commit(std::chrono::seconds(30));
    }
    EXPECT_EQ(producer.read_last("progress", "slot"), "lsn 3");
    EXPECT_EQ(producer.read_last("progress", "nobody"), std::nullopt);
}

// read_last reads backwards in growing windows (1,000, 4,000, 16,000
// offsets): every key is found with its newest value, also the keys at the
// windows' edges (a gap or an overlap between windows would miss or mix them).
TEST(Kafka, TheLastProgressRecordIsFoundInEveryWindow) {
    KafkaMock mock;
    KafkaProducer producer({mock.bootstrap_servers(), "test-backwards", {}, &mock});
    producer.create_topic("progress", 1);
    auto send = [&](int from, int count, const std::string& value) {
        producer.begin();
        for (int i = from; i < from + count; ++i) {
            producer.produce("progress", {"k" + std::to_string(i), value, 0}, {"0/1", "7", "now"});
        }
        producer.commit(std::chrono::seconds(30));
    };
    constexpr int keys = 6000;
    send(0, 1, "old");  // k0 again below: its newest value counts
    for (int i = 0; i < keys; i += 500) send(i, 500, "new");
    // offsets: one per record, perhaps one per transaction's commit marker
    std::vector<int> probes = {0, 1, keys - 1};
    for (int edge : {keys - 1000, keys - 5000}) {
        for (int i = edge - 15; i <= edge + 15; ++i) probes.push_back(i);
    }
    for (int i : probes) EXPECT_EQ(producer.read_last("progress", "k" + std::to_string(i)), "new") << "k" << i;
    EXPECT_EQ(producer.read_last("progress", "nobody"), std::nullopt);
}

TEST(Kafka, AMessageOverTheSizeLimitNamesItsSizeTopicAndTheFix) {
    KafkaMock mock;
    KafkaProducer producer({mock.bootstrap_servers(), "test-size", {{"message.max.bytes", "1000"}}, &mock});
    producer.create_topic("big", 1);
    producer.begin();
    try {
        producer.produce("big", {std::nullopt, std::string(5000, 'x'), 0}, {"0/1", "7", "now"});
        FAIL() << "an oversized message was accepted";
    } catch (const KafkaError& error) {
        std::string text = error.what();
        EXPECT_NE(text.find("5000 bytes (key and value) for topic big"), std::string::npos) << text;
        EXPECT_NE(text.find("message.max.bytes"), std::string::npos) << text;
        EXPECT_TRUE(error.abort_required);
    }
    producer.abort(std::chrono::seconds(10));
}

TEST(Kafka, BadPropertiesAreRefusedClearly) {
    KafkaMock mock;
    try {
        KafkaProducer producer({mock.bootstrap_servers(), "bad", {{"no.such.property", "1"}}, &mock});
        FAIL() << "a bad property was accepted";
    } catch (const std::invalid_argument& error) {
        EXPECT_NE(std::string(error.what()).find("no.such.property"), std::string::npos);
    }
}

}  // namespace
}  // namespace cdc::sink
