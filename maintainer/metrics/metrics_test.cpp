// The metrics the daemon cannot get wrong without a test seeing it: bytes
// behind from positions published at different times, the lag, one series
// per view and its state, what a scrape renders, and readiness.
#include "metrics/metrics.hpp"

#include <gtest/gtest.h>

namespace cdc::metrics {
namespace {

// The value of the first sample line starting with prefix (name and labels).
std::string sample(const std::string& text, const std::string& prefix) {
    for (size_t at = 0; at < text.size();) {
        size_t end = text.find('\n', at);
        std::string line = text.substr(at, end - at);
        if (line.starts_with(prefix + " ")) return line.substr(prefix.size() + 1);
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return "absent";
}

TEST(WalPositions, BytesBehindTheServer) {
    WalPositions positions{1000, 900, 800, 700, 600};
    EXPECT_EQ(server_position(positions), 1000u);
    EXPECT_EQ(bytes_behind(positions, positions.received), 100u);
    EXPECT_EQ(bytes_behind(positions, positions.delivered), 300u);
    EXPECT_EQ(bytes_behind(positions, positions.confirmed), 400u);
}

// The server's position is reported now and then; what was received since
// is further, and nothing is ever behind by a negative amount.
TEST(WalPositions, AStaleServerPositionIsOvertakenByWhatWasReceived) {
    WalPositions positions{1000, 1500, 1400, 1200, 0};
    EXPECT_EQ(server_position(positions), 1500u);
    EXPECT_EQ(bytes_behind(positions, positions.received), 0u);
    EXPECT_EQ(bytes_behind(positions, positions.applied), 100u);
    EXPECT_EQ(bytes_behind(positions, 2000), 0u);
    EXPECT_EQ(bytes_behind(positions, positions.confirmed), 1500u);  // nothing confirmed yet
}

TEST(Metrics, LagIsTheWaitOfTheOldestOutputNotInKafka) {
    Metrics metrics;
    EXPECT_EQ(metrics.lag_seconds(5'000'000), 0);
    metrics.set_waiting_since(2'000'000);
    EXPECT_DOUBLE_EQ(metrics.lag_seconds(5'500'000), 3.5);
    EXPECT_EQ(metrics.lag_seconds(1'000'000), 0);  // a commit time ahead of this clock: no negative lag
    metrics.set_waiting_since(0);
    EXPECT_EQ(metrics.lag_seconds(5'500'000), 0);
}

TEST(Metrics, PositionsOnlyMoveForwardWhereTheyCannotGoBack) {
    Metrics metrics;
    metrics.set_received(500);
    metrics.set_received(400);  // an older keepalive
    metrics.set_server_position(450);
    EXPECT_EQ(metrics.positions().received, 500u);
    EXPECT_EQ(metrics.positions().server, 450u);
}

TEST(Metrics, RendersCountersGaugesAndDerivedValues) {
    Metrics metrics;
    metrics.transaction_applied(3);
    metrics.transaction_applied(0);
    metrics.view_messages("public.v").Increment(7);
    metrics.view_messages("public.v").Increment(1);  // the same series
    metrics.kafka_committed();
    metrics.set_server_position(5000);
    metrics.set_received(4000);
    metrics.set_applied(4000);
    metrics.set_delivered(3000);
    metrics.set_confirmed(1000);
    metrics.health().set_phase(Phase::streaming);
    std::string text = metrics.render();
    EXPECT_EQ(sample(text, "cdc_maintainer_source_transactions_applied_total"), "2");
    EXPECT_EQ(sample(text, "cdc_maintainer_source_row_changes_applied_total"), "3");
    EXPECT_EQ(sample(text, "cdc_maintainer_view_messages_total{view=\"public.v\"}"), "8");
    EXPECT_EQ(sample(text, "cdc_maintainer_kafka_transactions_committed_total"), "1");
    EXPECT_EQ(sample(text, "cdc_maintainer_wal_behind_bytes{position=\"delivered\"}"), "2000");
    EXPECT_EQ(sample(text, "cdc_maintainer_wal_behind_bytes{position=\"confirmed\"}"), "4000");
    EXPECT_EQ(sample(text, "cdc_maintainer_wal_position_bytes{position=\"server\"}"), "5000");
    EXPECT_EQ(sample(text, "cdc_maintainer_ready"), "1");
    EXPECT_EQ(sample(text, "cdc_maintainer_phase{phase=\"streaming\"}"), "1");
    EXPECT_EQ(sample(text, "cdc_maintainer_phase{phase=\"snapshot\"}"), "0");
    EXPECT_NE(text.find("# TYPE cdc_maintainer_commit_to_kafka_seconds histogram"), std::string::npos);
    EXPECT_NE(text.find("cdc_maintainer_build_info{"), std::string::npos);
}

TEST(Metrics, ViewStatesAreOneHotAndGoWithTheView) {
    Metrics metrics;
    metrics.set_view_state("public.a", "running");
    metrics.set_view_state("public.b", "running");
    metrics.set_view_state("public.b", "error");
    metrics.remove_view_state("public.a");
    std::string text = metrics.render();
    EXPECT_EQ(sample(text, "cdc_maintainer_view_state{state=\"error\",view=\"public.b\"}"), "1");
    EXPECT_EQ(sample(text, "cdc_maintainer_view_state{state=\"running\",view=\"public.b\"}"), "0");
    EXPECT_EQ(sample(text, "cdc_maintainer_view_state{state=\"running\",view=\"public.a\"}"), "absent");
}

TEST(Metrics, SnapshotProgressAndTheStoreProbe) {
    Metrics metrics;
    Metrics::TableProgress progress = metrics.snapshot_table("public.t", 1200);
    progress.set_rows(300);
    metrics.set_store_probe([] { return StoreUsage{1 << 20, 2048, 4096, 1 << 28}; });
    std::string text = metrics.render();
    EXPECT_EQ(sample(text, "cdc_maintainer_snapshot_rows{table=\"public.t\"}"), "300");
    EXPECT_EQ(sample(text, "cdc_maintainer_snapshot_rows_estimated{table=\"public.t\"}"), "1200");
    EXPECT_EQ(sample(text, "cdc_maintainer_state_store_size_bytes"), "1048576");
    EXPECT_EQ(sample(text, "cdc_maintainer_state_store_memtable_bytes"), "2048");
    metrics.set_store_probe({});  // the store is gone: the last values stay, nothing calls it
    EXPECT_EQ(sample(metrics.render(), "cdc_maintainer_state_store_block_cache_bytes"), "4096");
}

TEST(Health, ReadyOnlyWhileStreamingWithKafka) {
    Health health;
    EXPECT_FALSE(health.ready());
    EXPECT_EQ(health.describe(), "starting");
    health.set_phase(Phase::snapshot);
    EXPECT_FALSE(health.ready());
    health.set_phase(Phase::streaming);
    EXPECT_TRUE(health.ready());
    EXPECT_EQ(health.describe(), "streaming");
    health.set_kafka_available(false);  // an outage holds the stream
    EXPECT_FALSE(health.ready());
    EXPECT_EQ(health.describe(), "streaming, Kafka unavailable (its transaction is being retried)");
    health.set_kafka_available(true);
    EXPECT_TRUE(health.ready());
    health.set_phase(Phase::reconnecting);
    EXPECT_FALSE(health.ready());
    health.set_phase(Phase::stopping);
    EXPECT_FALSE(health.ready());
}

}  // namespace
}  // namespace cdc::metrics
