// Sends outboxes to Kafka, each in one transaction together with a
// progress record (topic --progress-topic, key = the slot, value
// {"position": "0/16B3749"}) saying which source position Kafka now holds.
// Because both are committed atomically, a restarted maintainer reads the
// progress record back and knows exactly which source transactions Kafka
// already has: nothing is lost and nothing is sent twice.
//
// Failures are retried until they succeed, as librdkafka's transactional
// API prescribes: a retriable commit failure (a broker away) commits again,
// the messages still queued; a failure that requires an abort aborts and
// sends the outbox again; a fatal one (a fenced producer) or a failed abort
// purges the producer's queue and starts a new producer.  While it waits it
// calls keep_alive, so the replication connection is not timed out.
// Commits, aborts and failed attempts are counted in metrics, and a failed
// attempt marks Kafka unavailable (not ready) until a commit succeeds.
#pragma once

#include "daemon/options.hpp"
#include "metrics/metrics.hpp"
#include "sink/kafka.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <map>
#include <set>
#include <string>

namespace cdc::daemon {

class KafkaWriter {
   public:
    // identity: "system id/database/slot", the progress record's key and
    // part of the transactional id
    KafkaWriter(const Options& options, sink::KafkaMock* mock, std::string identity, metrics::Metrics& metrics);

    // The source position of the last committed outbox (0: none).
    uint64_t read_position();
    // The topic is created (unless it exists) before the next send.
    void declare_topic(const std::string& topic, int partitions);
    // Sends outbox; returns false only if stop was raised while retrying.
    bool send(const sink::Outbox& outbox, const std::function<void()>& keep_alive, const std::atomic<bool>& stop);

   private:
    void create_topics();
    void produce_all(const sink::Outbox& outbox);
    void recover(const sink::KafkaError& error);
    void abandon();
    void drop();

    const Options& options_;
    std::string identity_;
    metrics::Metrics& metrics_;
    sink::KafkaSettings settings_;
    std::unique_ptr<sink::KafkaProducer> producer_;
    std::map<std::string, int> declared_;  // topic -> partitions
    std::set<std::string> created_;
    bool produced_ = false;  // the open transaction holds the outbox
};

}  // namespace cdc::daemon
