// Whether cdc-maintainer is ready, for /healthz and the
// cdc_maintainer_ready gauge: ready while it streams the slot and Kafka
// takes its transactions; not ready while it starts, takes or adopts a
// snapshot, reconnects to Postgres, stops, or while a Kafka transaction
// keeps failing (an outage holds the stream: nothing is read meanwhile).
//
// Written by the main loop, read by the metrics server's thread: each
// part is one atomic, so a reader sees every change at once, never a lock.
#pragma once

#include <atomic>
#include <string>

namespace cdc::metrics {

enum class Phase { starting, snapshot, streaming, reconnecting, stopping };

// "starting", "snapshot", ...: the label values of cdc_maintainer_phase
const char* phase_name(Phase phase);

class Health {
   public:
    void set_phase(Phase phase) { phase_.store(phase, std::memory_order_relaxed); }
    Phase phase() const { return phase_.load(std::memory_order_relaxed); }
    // A Kafka transaction attempt failed (false) or committed (true).
    void set_kafka_available(bool available) { kafka_available_.store(available, std::memory_order_relaxed); }
    bool kafka_available() const { return kafka_available_.load(std::memory_order_relaxed); }

    bool ready() const { return phase() == Phase::streaming && kafka_available(); }
    // One line for /healthz: "streaming", or why not ready ("snapshot",
    // "streaming, but Kafka is unavailable", ...).
    std::string describe() const;

   private:
    std::atomic<Phase> phase_{Phase::starting};
    std::atomic<bool> kafka_available_{true};
};

}  // namespace cdc::metrics
