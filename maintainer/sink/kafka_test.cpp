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
// offsets): a key whose last record is 6,000 records back is found in the
// third, with its newest value.
TEST(Kafka, TheLastProgressRecordIsFoundFarBehindOtherRecords) {
    KafkaMock mock;
    KafkaProducer producer({mock.bootstrap_servers(), "test-backwards", {}, &mock});
    producer.create_topic("progress", 1);
    auto send = [&](const std::string& key, int from, int count) {
        producer.begin();
        for (int i = from; i < from + count; ++i) {
            producer.produce("progress", {key, key + " " + std::to_string(i), 0}, {"0/1", "7", "now"});
        }
        producer.commit(std::chrono::seconds(30));
    };
    send("slot", 1, 1);
    send("slot", 2, 1);
    for (int i = 0; i < 6000; i += 500) send("other", i, 500);
    EXPECT_EQ(producer.read_last("progress", "slot"), "slot 2");
    EXPECT_EQ(producer.read_last("progress", "other"), "other 5999");
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
        EXPECT_NE(text.find("5000 bytes for topic big"), std::string::npos) << text;
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
