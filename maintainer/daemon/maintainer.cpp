#include "daemon/maintainer.hpp"

#include "core/log.hpp"
#include "daemon/snapshot_sync.hpp"
#include "daemon/view_steps.hpp"
#include "engine/expr.hpp"
#include "sink/json_value.hpp"
#include "source/catalog.hpp"

#include <jemalloc/jemalloc.h>

#include <filesystem>
#include <thread>

namespace cdc::daemon {
namespace {

// a string literal for a replication command
std::string quote_literal(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

void sleep_unless_stopped(std::chrono::milliseconds duration, const std::atomic<bool>& stop) {
    for (auto slept = std::chrono::milliseconds(0); slept < duration && !stop; slept += std::chrono::milliseconds(100)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// A fill's transient rows (whole tables, every operator's first change,
// the initial messages) are freed by now, but jemalloc gives their pages
// back only as they age: give them back now, so resident memory is what
// the state needs.
void release_free_memory() {
    std::string purge = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".purge";
    mallctl(purge.c_str(), nullptr, nullptr, nullptr, 0);
}

// A commit when this much waits in the store's batch, or this long after
// the last: the batch stays small, and a commit stays short.
constexpr size_t commit_bytes = 4 << 20;
constexpr auto commit_interval = std::chrono::milliseconds(100);

// Postgres timestamps count microseconds from 2000-01-01
constexpr int64_t postgres_epoch_unix_us = 946684800LL * 1000000;

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<ViewRuntime*> raw_pointers(const std::vector<std::unique_ptr<ViewRuntime>>& views) {
    std::vector<ViewRuntime*> pointers;
    for (const auto& view : views) pointers.push_back(view.get());
    return pointers;
}

}  // namespace

Maintainer::Maintainer(const Options& options, sink::KafkaMock* mock, const std::atomic<bool>& stop,
                       metrics::Metrics& metrics)
    : options_(options), mock_(mock), stop_(stop), metrics_(metrics) {
    set_phase(metrics::Phase::starting);
}

// the store goes with the maintainer: scrapes stop reading it first
Maintainer::~Maintainer() { metrics_.set_store_probe({}); }

void Maintainer::run() {
    bool started = false;
    while (!stop_) {
        try {
            if (!started) start();
            started = true;
            stream();
        } catch (const source::ConnectionError& error) {
            metrics_.postgres_reconnect();
            set_phase(started ? metrics::Phase::reconnecting : metrics::Phase::starting);
            retry_after("Postgres connection lost, reconnecting", error);
        } catch (const sink::KafkaError& error) {  // at start: the producer or the progress record
            set_phase(started ? metrics::Phase::reconnecting : metrics::Phase::starting);
            retry_after("Kafka unreachable, retrying", error);
        } catch (const state::StoreError& error) {
            if (!error.damaged) throw;
            // checksums are checked on every read, before anything read is used
            throw std::runtime_error(std::string(error.what()) + ". The state store is damaged; nothing was sent from "
                                     "what it holds. Restore the state directory from a copy taken while "
                                     "cdc-maintainer was stopped, or " + start_over());
        }
    }
    set_phase(metrics::Phase::stopping);
    if (!started) return;
    log_info("stopping: sending what is pending and committing the state");
    try {
        if (outbox_.messages.empty() || flush()) maybe_checkpoint(true);
        report_status(true);
    } catch (const source::ConnectionError&) {
        // the checkpoint is written; the slot is confirmed on the next start
    }
}

// Logs the cause of every failed attempt, not only the first: a retry that
// fails again says why.
void Maintainer::retry_after(const std::string& what, const std::exception& error) {
    std::chrono::milliseconds wait = backoff_.next();
    log_warning(what + " in " + std::to_string(wait.count()) + " ms: " + options_.mask_secrets(error.what()));
    stream_.reset();
    if (applier_) applier_->abandon();
    sleep_unless_stopped(wait, stop_);
}

void Maintainer::start() {
    open_sql();
    source::DatabaseLocale locale = source::read_database_locale(*sql_);
    collation_ = std::make_unique<engine::Collation>(locale.collate, locale.ctype);
    applier_ = std::make_unique<TransactionApplier>(state_, *collation_, view_state_handler());
    if (!kafka_) {
        // progress records and the transactional id name the database and slot,
        // so maintainers of other clusters or databases never share them
        source::SystemIdentity identity = source::ReplicationStream(options_.dsn).identify_system();
        identity_ = identity.system_id + "/" + identity.database + "/" + options_.slot;
        kafka_ = std::make_unique<KafkaWriter>(options_, mock_, identity_, metrics_);
    }
    kafka_position_ = kafka_->read_position();
    open_store();
    std::optional<state::Checkpoint> checkpoint = checkpointer_->load();
    stop_views_without_privileges(checkpoint);
    if (std::optional<uint64_t> confirmed = slot_confirmed()) {
        if (!checkpoint && kafka_position_ == 0) {  // the first snapshot was cut off: nothing was sent yet
            log_info("slot " + options_.slot + " exists without a committed state or messages: taking the first snapshot");
            take_pending_snapshot();
            activate_snapshot();
            return;
        }
        if (!checkpoint) {
            throw std::runtime_error("slot " + options_.slot + " exists but the state store " + options_.store_path() +
                                     " is empty; restore the state directory, or start over with "
                                     "SELECT pg_drop_replication_slot('" + options_.slot + "')");
        }
        refuse_state_behind_slot(checkpoint->position, *confirmed);
        resume(std::move(*checkpoint));
        return;
    }
    if (checkpoint) {
        log_warning("slot " + options_.slot + " is gone: starting over, without the state in " + options_.store_path());
        checkpointer_->commit(0, {}, {});
        store_->sync();
    }
    source::ReplicationStream(options_.dsn).create_slot(options_.slot, false);
    log_info("created replication slot " + options_.slot);
    take_pending_snapshot();
    activate_snapshot();
}

// Once per process: RocksDB locks the store, and a retried start reads
// what the last commit left (what an abandoned attempt wrote is dropped).
void Maintainer::open_store() {
    if (store_) {
        store_->discard_pending();
        return;
    }
    std::string refusal = state::old_checkpoint_refusal(options_.old_checkpoint_path(), options_.slot);
    if (!refusal.empty()) throw std::runtime_error(refusal);
    std::error_code error;
    std::filesystem::create_directories(options_.state_dir, error);
    if (error) {
        throw std::runtime_error("could not create the state directory " + options_.state_dir +
                                 " (--state-dir): " + error.message());
    }
    store_ = state::Store::open(options_.store_path(), options_.memory_budget);
    metrics_.set_store_probe([store = store_.get()] {
        return metrics::StoreUsage{static_cast<double>(store->property("rocksdb.total-sst-files-size")),
                                   static_cast<double>(store->property("rocksdb.cur-size-all-mem-tables")),
                                   static_cast<double>(store->property("rocksdb.block-cache-usage")),
                                   static_cast<double>(store->property("rocksdb.block-cache-capacity"))};
    });
    checkpointer_ = std::make_unique<state::Checkpointer>(*store_, identity_);
}

// Privileges may have been revoked while the maintainer was away: such
// views go to the error state and leave the checkpoint (a snapshot reads
// only views not in error).
void Maintainer::stop_views_without_privileges(std::optional<state::Checkpoint>& checkpoint) {
    for (const auto& [id, reason] : source::views_without_privileges(*sql_)) {
        set_view_state(id, "error", reason);
        if (checkpoint) std::erase_if(checkpoint->views, [id](const ViewDefinition& view) { return view.id == id; });
    }
}

// The slot's confirmed position, or nullopt when there is no slot.
std::optional<uint64_t> Maintainer::slot_confirmed() {
    source::ResultHandle result = sql_->exec(
        "SELECT plugin, coalesce(confirmed_flush_lsn, '0/0') FROM pg_catalog.pg_replication_slots "
        "WHERE slot_name = $1 AND database = current_database()",
        {options_.slot});
    if (PQntuples(result.get()) == 0) return std::nullopt;
    std::string plugin = PQgetvalue(result.get(), 0, 0);
    if (plugin != "cdc_stream") {
        throw std::runtime_error("slot " + options_.slot + " uses plugin " + plugin + ", not cdc_stream");
    }
    return source::parse_lsn(PQgetvalue(result.get(), 0, 1));
}

// The slot is confirmed only to synced commits, so a state behind it lost
// commits (a damaged write-ahead log, a state directory restored from an
// older copy): the slot no longer has the transactions in between, and a
// state that cannot be brought up to date must not send anything.
void Maintainer::refuse_state_behind_slot(uint64_t position, uint64_t confirmed) const {
    if (position >= confirmed) return;
    throw std::runtime_error(
        "the state store " + options_.store_path() + " is at " + source::format_lsn(position) + " but slot " +
        options_.slot + " is confirmed to " + source::format_lsn(confirmed) +
        ": the source transactions in between are no longer in the slot, so this state cannot be brought up to "
        "date (was the state directory restored from an older copy, or damaged?). Restore the state directory as "
        "it was when cdc-maintainer stopped, or " + start_over());
}

std::string Maintainer::start_over() const {
    return "start over: stop cdc-maintainer, run SELECT pg_drop_replication_slot('" + options_.slot +
           "') and remove " + options_.store_path() +
           "; the next start takes a new snapshot and sends every view's content again";
}

void Maintainer::resume(state::Checkpoint checkpoint) {
    state_.position = checkpoint.position;
    state_.tables = std::move(checkpoint.tables);
    std::vector<std::unique_ptr<ViewRuntime>> views;
    for (ViewDefinition& definition : checkpoint.views) {
        int64_t id = definition.id;
        try {
            views.push_back(std::make_unique<ViewRuntime>(std::move(definition), *collation_));
        } catch (const std::exception& error) {
            set_view_state(id, "error", error.what());
        }
    }
    // rebuilds operator state, all views in one step; Kafka has this content
    std::vector<FillResult> filled =
        fill_views(*state_.graph, raw_pointers(views), state_.tables, fill_chunk_rows, FillContent::discard);
    for (size_t i = 0; i < views.size(); ++i) {
        int64_t id = views[i]->definition().id;
        if (filled[i].error.empty()) state_.views[id] = std::move(views[i]);
        else set_view_state(id, "error", filled[i].error);
    }
    committed_position_ = checkpoint_position_ = checkpoint.position;
    state_.forget_unread_tables();
    // a view added before the checkpoint but still waiting for its snapshot
    for (const ViewDefinition& view : source::read_views(*sql_)) resync_needed_ = resync_needed_ || !state_.views.contains(view.id);
    log_info("resuming from the state store at " + source::format_lsn(checkpoint.position) + " (Kafka has " +
             source::format_lsn(kafka_position_) + "): " + std::to_string(state_.views.size()) + " views, " +
             std::to_string(state_.graph->node_count()) + " operators");
    if (checkpoint.outbox.position > kafka_position_ && !checkpoint.outbox.messages.empty()) {
        set_outbox(std::move(checkpoint.outbox));
        flush();
    }
    release_free_memory();
}

// The stream waits meanwhile: /healthz says so.
void Maintainer::take_pending_snapshot() {
    set_phase(metrics::Phase::snapshot);
    pending_ = take_snapshot(options_, *collation_, *store_, state_, view_state_handler(), metrics_);
    metrics_.snapshot_taken();
    if (stream_) set_phase(metrics::Phase::streaming);
}

// The stream has reached the pending snapshot's position S: every
// transaction before S is applied, none after.  Adopts its tables and views
// and fills the new views.  Their initial content goes into the checkpoint
// before it goes to Kafka, so a crash in between sends it on restart; the
// stream then restarts with the new tables, from S.
void Maintainer::activate_snapshot() {
    set_phase(metrics::Phase::snapshot);
    if (!outbox_.messages.empty() && !flush()) return;  // stopping while Kafka is away
    MaintainerState snapshot = std::move(*pending_);
    pending_.reset();
    activate_ = false;
    resync_needed_ = false;  // every view added before S is in the snapshot
    state_.position = snapshot.position;
    for (auto& [relid, table] : snapshot.tables) state_.tables[relid] = std::move(table);
    sink::Outbox outbox;
    outbox.position = snapshot.position;
    sink::MessageHeaders headers{source::format_lsn(snapshot.position), "", ""};
    std::vector<ViewRuntime*> fresh;
    for (auto& [id, view] : snapshot.views) {
        if (state_.views.contains(id)) continue;  // added from held tables while the stream caught up
        if (!state_.can_fill(*view)) {              // a table it shares was dropped before S: again
            resync_needed_ = true;
            continue;
        }
        fresh.push_back(view.get());
    }
    std::vector<FillResult> filled = fill_views(*state_.graph, fresh, state_.tables);
    size_t messages = 0;  // one per row of a content: a large outbox is not grown step by step
    for (const FillResult& result : filled) messages += result.content.size();
    outbox.messages.reserve(messages);
    for (size_t i = 0; i < fresh.size(); ++i) {
        int64_t id = fresh[i]->definition().id;
        if (!filled[i].error.empty()) {
            set_view_state(id, "error", filled[i].error);
            continue;
        }
        TransactionApplier::append_content(*fresh[i], filled[i].content, headers, outbox);
        log_info(added_summary(*fresh[i], filled[i]));
        state_.views[id] = std::move(snapshot.views.at(id));
        set_view_state(id, "running", "");
    }
    state_.forget_unread_tables();
    commit_state(&outbox);
    auto sync_started = Clock::now();
    store_->sync();  // before the slot is confirmed to S
    metrics_.checkpointed(seconds_since(sync_started));
    checkpoint_position_ = committed_position_;
    last_checkpoint_ = Clock::now();
    set_outbox(std::move(outbox));
    send_feedback();  // confirmed to S: the stream restarts there, not at the older checkpoint
    flush();
    release_free_memory();
}

void Maintainer::stream() {
    stream_.reset();  // the old walsender must let go of the slot first
    stream_ = std::make_unique<source::ReplicationStream>(options_.dsn);
    reader_ = std::make_unique<wire::WireReader>();
    applier_->abandon();
    std::string tables = tables_option(state_.needed_columns());
    stream_->start(options_.slot, 0, "proto_version '2', origin 'none', tables " + quote_literal(tables));
    log_info("streaming slot " + options_.slot + " from " + source::format_lsn(state_.position));
    set_phase(metrics::Phase::streaming);
    last_feedback_ = Clock::now();
    while (!stop_) {
        // With output waiting, only look for what has arrived: when nothing
        // has, the stream is caught up and the output goes at once (group
        // commit: under load, what arrives during one Kafka transaction
        // goes in the next).
        bool output_waiting = !outbox_.messages.empty() && !applier_->in_transaction();
        auto event = stream_->next(std::chrono::milliseconds(output_waiting ? 0 : 100));
        if (event) {
            handle(*event);
            backoff_.reset();  // this connection works: the next loss retries quickly again
        }
        if (activate_) {
            activate_snapshot();
            return;  // run() streams again, with the new tables, from the snapshot
        }
        if (applier_->in_transaction()) continue;
        maybe_flush(!event);
        if (resync_needed_ && !pending_) {
            log_info("a new view needs tables or columns not held: taking a snapshot");
            take_pending_snapshot();
        }
        maybe_checkpoint(false);
        if (Clock::now() - last_feedback_ >= options_.status_interval) send_feedback();
        report_status(false);
        publish_metrics();
    }
}

void Maintainer::handle(const source::StreamEvent& event) {
    if (const auto* data = std::get_if<source::XLogData>(&event)) {
        metrics_.set_received(data->wal_end);
        // a write carries one or more messages, all of one transaction
        for (const wire::Message& message : reader_->read_all(data->payload)) {
            handle_message(message);
            if (activate_) break;  // this transaction is taken again from the restarted stream
        }
        return;
    }
    const auto& keepalive = std::get<source::Keepalive>(event);
    metrics_.set_received(keepalive.wal_end);
    // every transaction committed before wal_end has been sent, or had
    // nothing for us: an idle slot still advances, up to a pending snapshot
    if (!applier_->in_transaction()) {
        uint64_t reached = pending_ ? std::min(keepalive.wal_end, pending_->position) : keepalive.wal_end;
        state_.position = std::max(state_.position, reached);
        activate_ = pending_ && keepalive.wal_end >= pending_->position;
    }
    if (keepalive.reply_requested) send_feedback(true);
}

void Maintainer::handle_message(const wire::Message& message) {
    if (const auto* begin = std::get_if<wire::BeginMessage>(&message)) {
        skipping_ = begin->final_lsn < state_.position;
        // the first transaction after a pending snapshot: adopt it first,
        // and take this transaction again from the restarted stream
        activate_ = pending_ && begin->final_lsn >= pending_->position;
        skipping_ = skipping_ || activate_;
        open_row_changes_ = 0;
        applier_->begin(*begin);
    } else if (const auto* commit = std::get_if<wire::CommitMessage>(&message)) {
        if (skipping_) {
            applier_->abandon();
            return;
        }
        size_t pending = outbox_.messages.size();
        if (pending == 0) delivered_position();  // before this transaction's output, all was out
        resync_needed_ = applier_->commit(*commit, commit->commit_lsn >= kafka_position_, outbox_) || resync_needed_;
        metrics_.transaction_applied(open_row_changes_);
        if (pending == 0 && !outbox_.messages.empty()) outbox_since_ = Clock::now();
        if (outbox_.messages.size() > pending) {  // its output waits for Kafka from its commit on
            int64_t committed_at = commit->commit_time + postgres_epoch_unix_us;
            if (pending == 0) metrics_.set_waiting_since(committed_at);  // else it waits since its set_outbox
            waiting_commit_times_.push_back(committed_at);
        }
        kafka_->produce_ahead(outbox_);  // on its way while the next transactions are applied
    } else if (const auto* relation = std::get_if<wire::RelationMessage>(&message)) {
        applier_->relation(*relation, skipping_);
    } else if (!skipping_) {
        if (std::holds_alternative<wire::RowMessage>(message)) ++open_row_changes_;
        applier_->change(message);
    }
}

void Maintainer::maybe_flush(bool caught_up) {
    if (outbox_.messages.empty()) return;
    if (caught_up || outbox_.messages.size() >= options_.batch_max_messages ||
        Clock::now() - outbox_since_ >= options_.batch_max_delay) {
        flush();
    }
}

bool Maintainer::flush() {
    ensure_topics();
    auto keep_alive = [this] {
        report_status(false);  // how long output has been waiting shows in cdc_stream.status()
        publish_metrics();
        if (!stream_ || Clock::now() - last_feedback_ < std::chrono::seconds(5)) return;
        try {
            send_feedback();
        } catch (const source::ConnectionError& error) {
            log_warning(std::string("while waiting for Kafka: ") + error.what());
            stream_.reset();  // reconnected once Kafka is back
        }
    };
    bool streaming = stream_ != nullptr;
    if (!kafka_->send(outbox_, keep_alive, stop_)) return false;  // stopping: replayed from the checkpoint next time
    kafka_position_ = std::max(kafka_position_, outbox_.position);
    count_delivered(outbox_);
    std::vector<sink::OutboxMessage>().swap(outbox_.messages);  // its capacity too: an initial content is large
    if (reported_waiting_) report_status(true);  // the wait is over: status() says so at once
    if (streaming && !stream_ && !stop_) throw source::ConnectionError("the replication connection was lost while Kafka was down");
    return true;
}

// The state is committed only with an empty outbox (the outbox holds the
// output of every applied transaction not yet in Kafka, so then all of it
// is), and never while a view waits for a snapshot (its tables are being
// loaded into copies nothing refers to yet).  A commit costs what changed
// since the last one, so it comes often, bounding the pending batch; a
// sync, and with it the slot's confirmation, every --checkpoint-interval.
void Maintainer::maybe_checkpoint(bool force) {
    if (!outbox_.messages.empty() || resync_needed_ || pending_) return;
    bool changed = state_.position > committed_position_ || store_->pending_bytes() > 0;
    if (changed && (force || store_->pending_bytes() >= commit_bytes || Clock::now() - last_commit_ >= commit_interval)) {
        commit_state(nullptr);
    }
    if (committed_position_ <= checkpoint_position_) return;
    if (!force && Clock::now() - last_checkpoint_ < options_.checkpoint_interval) return;
    auto sync_started = Clock::now();
    store_->sync();
    metrics_.checkpointed(seconds_since(sync_started));
    checkpoint_position_ = committed_position_;
    last_checkpoint_ = Clock::now();
    if (stream_) send_feedback();
}

// Logs a commit that held the stream up for more than 50 ms, and a
// snapshot's (its batch holds the changed rows, not the rows a snapshot
// loaded beforehand).
void Maintainer::commit_state(const sink::Outbox* initial) {
    auto started = Clock::now();
    size_t bytes = store_->pending_bytes();
    checkpointer_->commit(state_.position, state_.definitions(), state_.tables, initial);
    committed_position_ = state_.position;
    last_commit_ = Clock::now();
    metrics_.state_committed(std::chrono::duration<double>(last_commit_ - started).count());
    if (initial || last_commit_ - started > std::chrono::milliseconds(50)) {
        log_info("state committed in " + std::to_string(std::chrono::duration<double>(last_commit_ - started).count()) +
                 " s: " + std::to_string(bytes) + " bytes in its batch" + (initial ? ", then the initial content" : ""));
    }
}

void Maintainer::send_feedback(bool reply_requested) {
    if (!stream_) return;
    stream_->send_feedback(delivered_position(), checkpoint_position_, reply_requested);
    last_feedback_ = Clock::now();
}

// With an empty outbox every applied transaction's output is in Kafka; so
// it is before a checkpoint's position (written with an empty outbox, or at
// a snapshot's, once all before it was sent).
uint64_t Maintainer::delivered_position() {
    if (outbox_.messages.empty()) delivered_ = std::max(delivered_, state_.position);
    delivered_ = std::max(delivered_, checkpoint_position_);
    return delivered_;
}

ViewStateHandler Maintainer::view_state_handler() {
    return [this](int64_t id, const std::string& state, const std::string& error) { set_view_state(id, state, error); };
}

void Maintainer::set_view_state(int64_t view_id, const std::string& state, const std::string& error) {
    if (state == "error") log_error("view " + std::to_string(view_id) + " stopped: " + error);
    // A view's row added by a transaction just decoded may not be visible
    // yet: decoding sends a transaction once its commit is in the WAL, a
    // moment before other sessions see it.  A row that never shows was
    // dropped meanwhile.
    std::optional<std::string> recorded;  // the view's name
    for (int attempt = 0; attempt < 100 && !recorded; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        SqlOutcome outcome = with_sql("record the state of view " + std::to_string(view_id), [&](source::PgConnection& sql) {
            recorded = source::set_view_state(sql, view_id, state, error);
        });
        if (outcome != SqlOutcome::done) break;
    }
    if (state == "error") {
        errored_views_[view_id] = recorded.value_or("view " + std::to_string(view_id));
        last_view_metrics_ = {};  // published at once
    } else {
        errored_views_.erase(view_id);
    }
}

// Every --status-interval (and at stop): what is in Kafka, and the commit
// time of the oldest output still waiting for it, for cdc_stream.status().
void Maintainer::report_status(bool force) {
    if (!status_reports_ || (!force && Clock::now() - last_status_report_ < options_.status_interval)) return;
    last_status_report_ = Clock::now();
    std::string waiting_since;
    if (!outbox_.messages.empty()) {
        waiting_since = outbox_.messages.front().headers.commit_time;
        if (waiting_since.empty()) {  // initial content has no commit time: since it began to wait
            auto waited = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - outbox_since_);
            waiting_since = sink::iso_timestamp(source::now_since_postgres_epoch_us() - waited.count(), true);
        }
    }
    bool refused = with_sql("record the maintainer's status", [&](source::PgConnection& sql) {
        metrics_.set_server_position(source::report_status(sql, options_.slot, delivered_position(), waiting_since));
    }) == SqlOutcome::refused;
    if (refused) {
        log_warning("no more status reports: cdc_stream.status() will not show this maintainer's lag (it needs INSERT "
                    "and UPDATE on cdc_stream.maintainers)");
        status_reports_ = false;
    }
    reported_waiting_ = !waiting_since.empty();
}

// The maintainer's own SQL connection: its writes (view states, status)
// carry its replication origin, so the plugin never streams them back, and
// never wait for a synchronous standby, which could be its own walsender.
void Maintainer::open_sql() {
    release_sql();
    auto connection = std::make_unique<source::PgConnection>(options_.dsn);
    source::use_replication_origin(*connection, options_.origin_name());
    connection->exec("SET synchronous_commit = local");
    sql_ = std::move(connection);
}

// Only one session can hold the origin: the old connection lets go of it
// before a new one takes it (a backend may outlive PQfinish for a while).
void Maintainer::release_sql() {
    if (!sql_) return;
    if (!sql_->lost()) {
        try {
            sql_->exec("SELECT pg_catalog.pg_replication_origin_session_reset()");
        } catch (const source::ConnectionError&) {
            // gone meanwhile: its backend releases the origin as it exits
        }
    }
    sql_.reset();
}

// SQL on the maintainer's own connection, tried once more on a new one.
// A failure is logged, never fatal: streaming goes on without it.  Only a
// permission error is a refusal; anything else (a connection whose loss
// libpq has not noticed yet, a restarting server) is tried again later.
Maintainer::SqlOutcome Maintainer::with_sql(const std::string& what,
                                            const std::function<void(source::PgConnection&)>& statement) {
    for (int attempt = 1; attempt <= 2; ++attempt) {
        try {
            if (attempt == 2 || !sql_) open_sql();
            statement(*sql_);
            return SqlOutcome::done;
        } catch (const source::ConnectionError& failure) {
            bool refused = failure.insufficient_privilege();
            if (refused || attempt == 2) {
                log_warning("could not " + what + ": " + failure.what());
                return refused ? SqlOutcome::refused : SqlOutcome::lost;
            }
        }
    }
    return SqlOutcome::lost;
}

// An initial content or a resent outbox: no source commit time, it waits from now.
void Maintainer::set_outbox(sink::Outbox outbox) {
    outbox_ = std::move(outbox);
    outbox_since_ = Clock::now();
    waiting_commit_times_.clear();
    metrics_.set_waiting_since(outbox_.messages.empty() ? 0 : metrics::unix_now_us());
}

void Maintainer::ensure_topics() {
    for (const auto& [id, view] : state_.views) {
        if (view->definition().topic) kafka_->declare_topic(*view->definition().topic, view->definition().partitions);
    }
}

}  // namespace cdc::daemon
