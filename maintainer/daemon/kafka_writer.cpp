#include "daemon/kafka_writer.hpp"

#include "core/log.hpp"
#include "source/pg_connection.hpp"

#include <nlohmann/json.hpp>

#include <thread>

namespace cdc::daemon {
namespace {

constexpr std::chrono::milliseconds commit_timeout{10000};

}  // namespace

KafkaWriter::KafkaWriter(const Options& options, sink::KafkaMock* mock, std::string identity,
                         metrics::Metrics& metrics)
    : options_(options), identity_(std::move(identity)), metrics_(metrics) {
    settings_.bootstrap_servers = mock ? mock->bootstrap_servers() : options.kafka_brokers;
    settings_.transactional_id = "cdc-maintainer." + identity_;
    settings_.properties = options.kafka_properties;
    settings_.mock = mock;
    producer_ = std::make_unique<sink::KafkaProducer>(settings_);
}

uint64_t KafkaWriter::read_position() {
    create_topics();  // before reading it: a reader of a missing topic may make a broker create it its own way
    std::optional<std::string> last = producer_->read_last(options_.progress_topic, identity_);
    if (!last) return 0;
    nlohmann::json progress = nlohmann::json::parse(*last, nullptr, false);
    if (progress.is_discarded() || !progress.contains("position") || !progress["position"].is_string()) {
        throw std::runtime_error("the progress record of " + identity_ + " in " + options_.progress_topic +
                                 " is not one cdc-maintainer wrote: " + *last);
    }
    return source::parse_lsn(progress["position"].get<std::string>());
}

void KafkaWriter::declare_topic(const std::string& topic, int partitions) { declared_.emplace(topic, partitions); }

bool KafkaWriter::send(const sink::Outbox& outbox, const std::function<void()>& keep_alive,
                       const std::atomic<bool>& stop) {
    std::chrono::milliseconds backoff{500};
    for (int attempt = 1;; ++attempt) {
        try {
            if (!producer_) {
                // stopping: a new producer would wait for Kafka to come back;
                // the slot still holds what the outbox has
                if (stop) return false;
                producer_ = std::make_unique<sink::KafkaProducer>(settings_);
            }
            if (!complete_) produce_rest(outbox);
            producer_->commit(commit_timeout);
            reset_transaction();
            metrics_.kafka_committed();
            metrics_.health().set_kafka_available(true);
            if (attempt > 1) log_info("Kafka is reachable again; committed after " + std::to_string(attempt) + " attempts");
            return true;
        } catch (const sink::KafkaError& error) {
            log_warning(std::string("Kafka transaction failed (attempt ") + std::to_string(attempt) +
                        "), nothing confirmed to Postgres, retrying: " + error.what());
            metrics_.kafka_retried();
            metrics_.health().set_kafka_available(false);
            recover(error);
        }
        for (auto waited = std::chrono::milliseconds(0); waited < backoff; waited += std::chrono::milliseconds(100)) {
            if (stop) {
                drop();  // an abort would wait for Kafka too; the dropped producer's transaction is purged
                return false;
            }
            keep_alive();
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        backoff = std::min(backoff * 2, std::chrono::milliseconds(10000));
    }
}

void KafkaWriter::create_topics() {
    if (!created_.contains(options_.progress_topic)) {
        // only each maintainer's last record counts: compaction keeps the topic small
        producer_->create_topic(options_.progress_topic, 1, {{"cleanup.policy", "compact"}});
        created_.insert(options_.progress_topic);
    }
    for (const auto& [topic, partitions] : declared_) {
        if (created_.contains(topic)) continue;
        producer_->create_topic(topic, partitions);
        created_.insert(topic);
    }
}

void KafkaWriter::open_transaction() {
    if (open_) return;
    create_topics();
    producer_->begin();
    open_ = true;
}

void KafkaWriter::produce_ahead(const sink::Outbox& outbox) {
    if (!producer_ || complete_ || ahead_failed_ || produced_ >= outbox.messages.size()) return;
    try {
        produce_pending(outbox, false);
    } catch (const sink::KafkaError&) {
        ahead_failed_ = true;  // send() meets the failure again and recovers
    }
}

// The outbox's messages not queued yet, into the open transaction; without
// wait_for_room it stops where librdkafka's queue is full.
void KafkaWriter::produce_pending(const sink::Outbox& outbox, bool wait_for_room) {
    open_transaction();
    for (; produced_ < outbox.messages.size(); ++produced_) {
        const sink::OutboxMessage& message = outbox.messages[produced_];
        if (!producer_->produce(message.topic, message.message, message.headers, wait_for_room)) return;
    }
}

void KafkaWriter::produce_rest(const sink::Outbox& outbox) {
    produce_pending(outbox, true);
    sink::KafkaMessage progress;
    progress.key = identity_;
    progress.value = nlohmann::json{{"position", source::format_lsn(outbox.position)}}.dump();
    progress.partition = 0;
    producer_->produce(options_.progress_topic, progress, {source::format_lsn(outbox.position), "", ""});
    complete_ = true;
}

void KafkaWriter::reset_transaction() {
    open_ = complete_ = ahead_failed_ = false;
    produced_ = 0;
}

void KafkaWriter::recover(const sink::KafkaError& error) {
    if (error.fatal) {
        drop();
        return;
    }
    if (!open_ || (error.retriable && !error.abort_required)) return;  // commit again
    abandon();
}

// Gives up the open transaction: aborted, or purged with the producer.
void KafkaWriter::abandon() {
    if (!open_) return;
    try {
        producer_->abort(commit_timeout);
        reset_transaction();
        metrics_.kafka_aborted();
        return;
    } catch (const sink::KafkaError& failure) {
        log_warning(std::string(failure.what()) + "; dropping the producer, which purges the transaction");
    }
    drop();
}

// The producer goes, and with it its open transaction (purged, never
// delivered); the next attempt starts a new one.
void KafkaWriter::drop() {
    if (open_) metrics_.kafka_aborted();
    reset_transaction();
    producer_.reset();
}

}  // namespace cdc::daemon
