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
