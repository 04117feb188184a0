// KafkaWriter against librdkafka's mock cluster, read back by a real
// read_committed consumer: messages produced ahead of their send are
// committed once, in order, with the progress record, also when the broker
// goes away between producing them and the commit.
#include "daemon/kafka_writer.hpp"

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace cdc::daemon {
namespace {

// Every committed value of partition 0 of topic, in order.
std::vector<std::string> committed_values(const std::string& servers, const std::string& topic) {
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    conf->set("bootstrap.servers", servers, error);
    conf->set("group.id", "kafka-writer-test", error);
    conf->set("isolation.level", "read_committed", error);
    conf->set("enable.partition.eof", "true", error);
    std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), error));
    std::unique_ptr<RdKafka::TopicPartition> partition(RdKafka::TopicPartition::create(topic, 0, 0));
    consumer->assign({partition.get()});
    std::vector<std::string> values;
    for (int polls = 0; polls < 100; ++polls) {
        std::unique_ptr<RdKafka::Message> message(consumer->consume(1000));
        if (message->err() == RdKafka::ERR__PARTITION_EOF) break;
        if (message->err() != RdKafka::ERR_NO_ERROR) continue;
        values.emplace_back(static_cast<const char*>(message->payload()), message->len());
    }
    consumer->close();
    return values;
}

void add(sink::Outbox& outbox, const std::string& value) {
    outbox.messages.push_back({"view", {std::nullopt, value, 0}, {"0/1", "7", "2026-12-02T00:00:00Z"}});
}

class KafkaWriterTest : public ::testing::Test {
   protected:
    KafkaWriterTest() {
        options_.progress_topic = "progress";
        mock_.create_topic("view", 1);
        writer_ = std::make_unique<KafkaWriter>(options_, &mock_, "system/db/slot", metrics_);
        writer_->declare_topic("view", 1);
    }

    bool send(const sink::Outbox& outbox) {
        return writer_->send(outbox, [] {}, stop_);
    }

    Options options_;
    sink::KafkaMock mock_;
    metrics::Metrics metrics_;
    std::unique_ptr<KafkaWriter> writer_;
    std::atomic<bool> stop_ = false;
};

TEST_F(KafkaWriterTest, MessagesProducedAheadAreCommittedOnceInOrderWithTheProgressRecord) {
    sink::Outbox outbox;
    outbox.position = 0x100;
    add(outbox, "a");
    writer_->produce_ahead(outbox);
    add(outbox, "b");
    add(outbox, "c");
    writer_->produce_ahead(outbox);
    writer_->produce_ahead(outbox);  // nothing new: nothing again
    add(outbox, "d");                // left for send()
    ASSERT_TRUE(send(outbox));

    sink::Outbox next;
    next.position = 0x200;
    add(next, "e");
    writer_->produce_ahead(next);
    ASSERT_TRUE(send(next));

    EXPECT_EQ(committed_values(mock_.bootstrap_servers(), "view"), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
    EXPECT_EQ(writer_->read_position(), 0x200u);
    std::string text = metrics_.render();
    EXPECT_NE(text.find("cdc_maintainer_kafka_transactions_committed_total 2\n"), std::string::npos);
    EXPECT_NE(text.find("cdc_maintainer_kafka_transaction_retries_total 0\n"), std::string::npos);
}

TEST_F(KafkaWriterTest, ABrokerAwayAfterMessagesWentAheadLosesAndDuplicatesNothing) {
    sink::Outbox outbox;
    outbox.position = 0x300;
    add(outbox, "a");
    add(outbox, "b");
    writer_->produce_ahead(outbox);
    mock_.set_broker_up(1, false);
    add(outbox, "c");
    writer_->produce_ahead(outbox);  // queued, or left for send(): either way once
    std::thread back([&] {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        mock_.set_broker_up(1, true);
    });
    bool sent = send(outbox);
    back.join();
    ASSERT_TRUE(sent);
    EXPECT_EQ(committed_values(mock_.bootstrap_servers(), "view"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(writer_->read_position(), 0x300u);
}

}  // namespace
}  // namespace cdc::daemon
