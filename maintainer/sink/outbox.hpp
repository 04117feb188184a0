// Messages waiting for a Kafka transaction: the output of whole source
// transactions, and the source position they bring Kafka to.  Written into
// a checkpoint before it is sent when the checkpoint gets ahead of Kafka
// (a view's initial content), so a crash in between loses nothing.
#pragma once

#include "sink/envelope.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cdc::sink {

struct MessageHeaders {
    std::string lsn;          // the source commit LSN, "0/16B3748"
    std::string xid;
    std::string commit_time;  // ISO 8601, UTC
};

struct OutboxMessage {
    std::string topic;
    KafkaMessage message;
    MessageHeaders headers;
};

struct Outbox {
    // every source transaction committed before position is in these
    // messages or in Kafka already
    uint64_t position = 0;
    std::vector<OutboxMessage> messages;
};

}  // namespace cdc::sink
