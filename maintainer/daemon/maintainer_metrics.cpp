// The Maintainer's metrics hooks that are more than one call
// (metrics/metrics.hpp): what a Kafka commit delivered, each view's message
// counter, and what the main loop publishes between transactions.
#include "daemon/maintainer.hpp"

namespace cdc::daemon {

// After a Kafka commit: each view's messages (runs of one topic, as a
// transaction's are), each transaction's commit-to-Kafka latency.
void Maintainer::count_delivered(const sink::Outbox& outbox) {
    const std::string* topic = nullptr;
    size_t run = 0;
    auto count_run = [&] {
        if (run > 0) view_messages(*topic).Increment(static_cast<double>(run));
    };
    for (const sink::OutboxMessage& message : outbox.messages) {
        if (topic == nullptr || message.topic != *topic) {
            count_run();
            topic = &message.topic;
            run = 0;
        }
        ++run;
    }
    count_run();
    int64_t now = metrics::unix_now_us();
    for (int64_t committed_at : waiting_commit_times_)
        metrics_.commit_to_kafka(static_cast<double>(now - committed_at) / 1e6);
    waiting_commit_times_.clear();
    metrics_.set_waiting_since(0);
}

prometheus::Counter& Maintainer::view_messages(const std::string& topic) {
    auto known = topic_messages_.find(topic);
    if (known != topic_messages_.end()) return *known->second;
    std::string name = topic;  // a view dropped meanwhile: its topic names it
    for (const auto& [id, view] : state_.views) {
        if (view->definition().topic == topic) name = view->definition().qualified_name();
    }
    prometheus::Counter& counter = metrics_.view_messages(name);
    topic_messages_[topic] = &counter;
    return counter;
}

// Positions every time (a few relaxed stores), the views' states once a second.
void Maintainer::publish_metrics() {
    metrics_.set_applied(state_.position);
    metrics_.set_delivered(delivered_position());
    metrics_.set_confirmed(checkpoint_position_);
    if (Clock::now() - last_view_metrics_ < std::chrono::seconds(1)) return;
    last_view_metrics_ = Clock::now();
    std::map<int64_t, std::string> running;
    for (const auto& [id, view] : state_.views) running[id] = view->definition().qualified_name();
    for (const auto& [id, name] : running_views_) {
        if (!running.contains(id) && !errored_views_.contains(id)) metrics_.remove_view_state(name);  // dropped
    }
    if (running != running_views_) topic_messages_.clear();  // a topic may belong to another view now
    for (const auto& [id, name] : running) metrics_.set_view_state(name, "running");
    for (const auto& [id, name] : errored_views_) metrics_.set_view_state(name, "error");
    running_views_ = std::move(running);
}

}  // namespace cdc::daemon
