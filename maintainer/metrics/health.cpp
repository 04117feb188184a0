#include "metrics/health.hpp"

namespace cdc::metrics {

const char* phase_name(Phase phase) {
    switch (phase) {
        case Phase::starting: return "starting";
        case Phase::snapshot: return "snapshot";
        case Phase::streaming: return "streaming";
        case Phase::reconnecting: return "reconnecting";
        case Phase::stopping: return "stopping";
    }
    return "unknown";
}

std::string Health::describe() const {
    std::string text = phase_name(phase());
    if (!kafka_available()) text += ", Kafka unavailable (its transaction is being retried)";
    return text;
}

}  // namespace cdc::metrics
