// cdc-maintainer's main loop: start (fresh, or from its store), stream
// the slot, apply transactions, send their messages to Kafka, commit the
// state to the store, and confirm to Postgres only what is both in Kafka
// and synced in the store.
//
// Positions ("every source transaction committed before P"):
//   state.position      applied to the tables and views
//   kafka_position_     in Kafka (the progress record says so after a crash)
//   delivered_          everything before it in Kafka or without output; reported
//                       to Postgres as the write position (pg_stat_replication's
//                       write_lag, cdc_stream.status())
//   committed_position_ in the store's last commit (state/checkpoint.hpp)
//   checkpoint_position_ in the store's last synced commit; what the slot is
//                       confirmed to
// A restart reads the store, replays the slot from its position, and
// sends nothing for transactions before kafka_position_.  New views that
// need tables not held wait for a snapshot (snapshot_sync.hpp).
#pragma once

#include "daemon/backoff.hpp"
#include "daemon/kafka_writer.hpp"
#include "daemon/options.hpp"
#include "daemon/state.hpp"
#include "daemon/transaction_applier.hpp"
#include "engine/collation.hpp"
#include "metrics/metrics.hpp"
#include "source/pg_connection.hpp"
#include "source/replication_stream.hpp"
#include "source/wire_reader.hpp"
#include "state/checkpoint.hpp"
#include "state/store.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace cdc::daemon {

class Maintainer {
   public:
    Maintainer(const Options& options, sink::KafkaMock* mock, const std::atomic<bool>& stop, metrics::Metrics& metrics);
    ~Maintainer();
    // Runs until stop is raised; throws for what a restart cannot fix.
    void run();

   private:
    using Clock = std::chrono::steady_clock;

    void retry_after(const std::string& what, const std::exception& error);
    void start();
    void open_store();
    void stop_views_without_privileges(std::optional<state::Checkpoint>& checkpoint);
    std::optional<uint64_t> slot_confirmed();
    void refuse_state_behind_slot(uint64_t position, uint64_t confirmed) const;
    std::string start_over() const;  // what to do when the state cannot be used
    void resume(state::Checkpoint checkpoint);
    void take_pending_snapshot();
    void activate_snapshot();
    void stream();
    void handle(const source::StreamEvent& event);
    void handle_message(const wire::Message& message);
    // Sends the outbox when the stream is caught up, or its batch is full or old.
    void maybe_flush(bool caught_up);
    bool flush();  // false: stopped while Kafka was away
    void maybe_checkpoint(bool force);
    void commit_state(const sink::Outbox* initial);
    void send_feedback(bool reply_requested = false);
    uint64_t delivered_position();
    void set_view_state(int64_t view_id, const std::string& state, const std::string& error);
    void report_status(bool force);
    void open_sql();
    void release_sql();
    enum class SqlOutcome { done, refused, lost };
    SqlOutcome with_sql(const std::string& what, const std::function<void(source::PgConnection&)>& statement);
    void set_outbox(sink::Outbox outbox);
    ViewStateHandler view_state_handler();
    void ensure_topics();
    // metrics (metrics/metrics.hpp): per transaction and per Kafka commit, never per row
    void set_phase(metrics::Phase phase) { metrics_.health().set_phase(phase); }
    void count_delivered(const sink::Outbox& outbox);
    prometheus::Counter& view_messages(const std::string& topic);
    void publish_metrics();

    const Options& options_;
    sink::KafkaMock* mock_;
    const std::atomic<bool>& stop_;
    metrics::Metrics& metrics_;
    Backoff backoff_{std::chrono::milliseconds(1000), std::chrono::milliseconds(30000)};
    std::unique_ptr<source::PgConnection> sql_;
    std::unique_ptr<engine::Collation> collation_;
    std::unique_ptr<KafkaWriter> kafka_;
    std::string identity_;  // system id/database/slot: progress records and the store carry it
    std::unique_ptr<state::Store> store_;  // before state_, whose tables live in it
    std::unique_ptr<state::Checkpointer> checkpointer_;
    MaintainerState state_;
    std::unique_ptr<TransactionApplier> applier_;
    std::unique_ptr<source::ReplicationStream> stream_;
    std::unique_ptr<wire::WireReader> reader_;
    sink::Outbox outbox_;
    uint64_t kafka_position_ = 0;
    uint64_t committed_position_ = 0;
    uint64_t checkpoint_position_ = 0;
    uint64_t delivered_ = 0;
    bool skipping_ = false;  // the open transaction was applied before
    bool resync_needed_ = false;
    std::optional<MaintainerState> pending_;  // a snapshot the stream has not reached yet
    bool activate_ = false;                   // the stream has reached it
    Clock::time_point outbox_since_;
    Clock::time_point last_commit_;
    Clock::time_point last_checkpoint_;
    Clock::time_point last_feedback_;
    Clock::time_point last_status_report_;
    bool reported_waiting_ = false;  // the last status report said output waits for Kafka
    bool status_reports_ = true;     // off once Postgres refused one for lack of privilege
    uint64_t open_row_changes_ = 0;  // of the open transaction
    // the source commit times (Unix us) of the transactions whose output waits in the outbox
    std::vector<int64_t> waiting_commit_times_;
    std::map<std::string, prometheus::Counter*> topic_messages_;  // topic -> its view's counter
    std::map<int64_t, std::string> errored_views_;                 // id -> name, for cdc_maintainer_view_state
    std::map<int64_t, std::string> running_views_;                 // as last published
    Clock::time_point last_view_metrics_;
};

}  // namespace cdc::daemon
