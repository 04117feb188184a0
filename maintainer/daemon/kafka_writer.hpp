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
//
// An outbox's messages may go ahead of its send (produce_ahead): they are
// queued in the open transaction as they are applied and travel while more
// is, so send() waits only for the rest.  They are committed with the
// progress record as ever; what a failed transaction held is sent again.
//
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
    // Queues the messages of outbox not queued yet in the open transaction
    // (beginning one).  Never waits: a full queue or a failure leaves the
    // rest to send(), which handles failures by the rules above.  outbox
    // must be the one the next send() sends, grown only at its end.
    void produce_ahead(const sink::Outbox& outbox);
    // Sends outbox; returns false only if stop was raised while retrying.
    bool send(const sink::Outbox& outbox, const std::function<void()>& keep_alive, const std::atomic<bool>& stop);

   private:
    void create_topics();
    void open_transaction();
    void produce_pending(const sink::Outbox& outbox, bool wait_for_room);
    void produce_rest(const sink::Outbox& outbox);
    void reset_transaction();
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
    bool open_ = false;      // a transaction is begun
    size_t produced_ = 0;    // how many of the outbox's messages it holds
    bool complete_ = false;  // and the progress record: it holds the outbox
    bool ahead_failed_ = false;  // no more produce_ahead until the next send
};

}  // namespace cdc::daemon
