#include "harness.hpp"

#include "merged_columns.hpp"

#include <algorithm>
#include <chrono>
#include <regex>
#include <iostream>
#include <set>
#include <thread>

namespace cdc::oracle {
namespace {

constexpr const char* marker_view = "o_marker";
constexpr int kafka_timeout_ms = 120000;

std::string xid32(const std::string& xid8) { return std::to_string(std::stoull(xid8) % (uint64_t{1} << 32)); }

double since(std::chrono::steady_clock::time_point started) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string joined;
    for (const std::string& part : parts) joined += (joined.empty() ? "" : separator) + part;
    return joined;
}

}  // namespace

Harness::Harness(HarnessOptions options)
    : options_(std::move(options)), pg_(options_.conninfo), workload_(options_.seed) {
    // asynchronous commit: logical decoding sends only flushed WAL anyway
    // IntervalStyle iso_8601: intervals in JSON as the maintainer writes them
    pg_.run("SET search_path = oracle, public; SET TimeZone = 'UTC'; SET IntervalStyle = iso_8601; "
            "SET client_min_messages = warning; SET synchronous_commit = off");
}

Harness::~Harness() {
    reader_.reset();
    if (maintainer_) maintainer_->stop();
    try {
        drop_slot();
    } catch (const std::exception& error) {
        std::cerr << "could not drop slot " << options_.slot << ": " << error.what() << "\n";
    }
}

void Harness::drop_slot() {
    pg_.run("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = " +
            pg_.literal(options_.slot) + " AND NOT active");
}

// One JSON object per row, spelled as the maintainer spells values where
// Postgres' own JSON differs: numeric as a string with its exact digits,
// timestamptz in UTC with Z.  Everything else compares after parsing.
std::string Harness::json_select(const std::string& view) {
    std::vector<PgRows> columns = pg_.run(
        "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE a.attrelid = " + pg_.literal("oracle." + pg_.identifier(view)) +
        "::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
    std::vector<std::string> pairs;
    for (const std::vector<std::string>& column : columns.at(0).values) {
        std::string value = "v." + pg_.identifier(column[0]);
        if (column[1] == "numeric") value += "::text";
        if (column[1] == "timestamptz") value = "regexp_replace(to_json(" + value + ")#>>'{}', '\\+00:00$', 'Z')";
        pairs.push_back(pg_.literal(column[0]) + ", " + value);
    }
    return "SELECT " + pg_.literal(view) + ", json_build_object(" + join(pairs, ", ") + ")::text FROM oracle." +
           pg_.identifier(view) + " v";
}

void Harness::add_live(const std::string& view) {
    LiveView& live = live_[view];
    live.select = json_select(view);
    std::vector<PgRows> rows = pg_.run("SELECT plan::text FROM cdc_stream.views "
                                       "WHERE view_schema = 'oracle' AND view_name = " + pg_.literal(view));
    nlohmann::json plan = nlohmann::json::parse(rows.at(0).values.at(0).at(0));
    std::set<std::string> tables;
    for (const nlohmann::json& source : plan.at("sources")) tables.insert(source.at("table").get<std::string>());
    live.tables.assign(tables.begin(), tables.end());
    checker_.merges_numerics(view, merged_numeric_columns(plan));
    live.content = nullptr;  // queried at the next commit
}

// The views whose content the statements may change (they name one of its
// tables; views are deterministic) or that are new: the others keep theirs.
std::vector<std::string> Harness::touched_views(const std::string& statements) const {
    static const std::vector<std::string> table_names = {"customers", "orders", "items", "notes", "extra", "marker"};
    std::set<std::string> named;
    for (const std::string& table : table_names) {
        if (std::regex_search(statements, std::regex("\\b" + table + "\\b"))) named.insert(table);
    }
    std::vector<std::string> touched;
    for (const auto& [view, live] : live_) {
        bool changed = !live.content;
        for (const std::string& table : live.tables) changed = changed || named.contains(table);
        if (changed) touched.push_back(view);
    }
    return touched;
}

std::string Harness::select_sql(const std::vector<std::string>& views) const {
    std::vector<std::string> selects;
    for (const std::string& view : views) selects.push_back(live_.at(view).select);
    return join(selects, " UNION ALL ");
}

void Harness::read_expected(const PgRows* rows, const std::vector<std::string>& queried, Commit& commit) {
    std::map<std::string, std::vector<std::string>> fresh;
    for (const std::string& view : queried) fresh[view];
    if (canonical_cache_.size() > 1000000) canonical_cache_.clear();
    for (size_t i = 0; rows && i < rows->values.size(); ++i) {
        const std::vector<std::string>& row = rows->values[i];
        auto found = canonical_cache_.find(row[1]);
        if (found == canonical_cache_.end()) found = canonical_cache_.emplace(row[1], canonical_json(row[1])).first;
        fresh[row[0]].push_back(found->second);
    }
    for (auto& [view, rows_of_view] : fresh) {
        std::sort(rows_of_view.begin(), rows_of_view.end());
        live_.at(view).content = std::make_shared<const std::vector<std::string>>(std::move(rows_of_view));
    }
    for (const auto& [view, live] : live_) commit.expected[view] = live.content;
}

void Harness::set_up() {
    drop_slot();
    pg_.run(schema_sql());
    pg_.run("BEGIN; " + join(workload_.initial_rows(), "; ") + "; COMMIT");
    for (const ViewDef& view : initial_views()) {
        // the marker, and o_base that views added later read, are always there
        bool wanted = options_.only.empty() || std::regex_search(view.name, std::regex(options_.only)) ||
                      view.name == marker_view || view.name == "o_base";
        if (!wanted) continue;
        pg_.run(add_view_sql(view));
        if (view.has_topic) add_live(view.name);
    }
    Commit setup;
    setup.lsn_before = 0;
    std::vector<std::string> views = touched_views("");
    read_expected(&pg_.run(select_sql(views)).at(0), views, setup);
    batch_.push_back(std::move(setup));
    commits_ = 1;
}

void Harness::start_maintainer() {
    std::string dbname = pg_.value("SELECT current_database()");
    maintainer_ = std::make_unique<MaintainerProcess>(
        options_.maintainer,
        std::vector<std::string>{"--dsn", options_.conninfo, "--kafka-mock", "--slot", options_.slot, "--state-dir",
                                 options_.workdir + "/state", "--checkpoint-interval", "1", "--status-interval", "1",
                                 "--batch-max-delay-ms", std::to_string(options_.batch_delay_ms)},
        options_.workdir + "/maintainer.log");
    reader_ = std::make_unique<KafkaReader>(maintainer_->bootstrap_servers());
    for (const auto& [view, live] : live_) reader_->add_topic(view);
    for (const auto& [view, live] : live_) wait_running(view);
}

// Until the maintainer has the view's initial content: a view added while
// it runs may need a snapshot, whose position must fall before the next
// workload transaction for the initial content to belong to this one.
void Harness::wait_running(const std::string& view) {
    for (int tries = 0; tries < 600; ++tries) {
        std::vector<PgRows> state = pg_.run("SELECT state, coalesce(error, '') FROM cdc_stream.views WHERE view_name = " +
                                            pg_.literal(view));
        if (state.at(0).values.empty()) throw std::runtime_error("view " + view + " is not in cdc_stream.views");
        const std::vector<std::string>& row = state.at(0).values[0];
        if (row[0] == "running") return;
        if (row[0] == "error") throw std::runtime_error("BUG: cdc-maintainer stopped view " + view + ": " + row[1]);
        if (!maintainer_->running()) throw std::runtime_error("cdc-maintainer exited; see " + options_.workdir + "/maintainer.log");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("view " + view + " not running after 60 s");
}

void Harness::execute(const Transaction& transaction, RunFigures& figures) {
    std::string body = join(transaction.statements, "; ");
    std::string sql = "BEGIN; " + body + "; SELECT 'txinfo', pg_current_xact_id()::text, pg_current_wal_lsn()::text; ";
    if (transaction.abort) {
        pg_.run(sql + "ROLLBACK");
        ++figures.aborted;
        return;
    }
    if (transaction.dropped) live_.erase(*transaction.dropped);
    std::vector<std::string> views = transaction.added ? std::vector<std::string>{} : touched_views(body);
    std::string select = views.empty() ? "" : "; " + select_sql(views);
    auto started = std::chrono::steady_clock::now();
    std::vector<PgRows> results = pg_.run(sql + "COMMIT" + select);
    figures.postgres_seconds += since(started);
    const PgRows* rows = views.empty() ? nullptr : &results.back();
    if (transaction.added) {
        ++figures.views_added;
        if (transaction.wait) wait_running(transaction.added->name);
        if (transaction.added->has_topic) {
            add_live(transaction.added->name);
            reader_->add_topic(transaction.added->name);
        }
        views = touched_views(body);
        results.push_back(pg_.run(select_sql(views)).at(0));
        rows = &results.back();
    }
    figures.views_dropped += transaction.dropped ? 1 : 0;
    Commit commit;
    commit.index = commits_++;
    for (const PgRows& result : results) {
        if (!result.values.empty() && result.values[0][0] == "txinfo") {
            commit.xid = xid32(result.values[0][1]);
            commit.lsn_before = parse_lsn(result.values[0][2]);
        }
    }
    read_expected(rows, views, commit);
    if (transaction.added && transaction.added->has_topic) adds_.emplace_back(commit.index, transaction.added->name);
    batch_.push_back(std::move(commit));
    recent_sql_.emplace_back(batch_.back().index, body);
    ++figures.commits;
}

bool Harness::check_batch(int64_t marker, RunFigures& figures) {
    Transaction mark;
    mark.statements.push_back("UPDATE marker SET n = " + std::to_string(marker));
    execute(mark, figures);
    --figures.commits;  // the marker is checked, but is not a workload transaction
    auto started = std::chrono::steady_clock::now();
    reader_->wait_marker(marker_view, marker, kafka_timeout_ms);
    checker_.add_commits(batch_);
    std::vector<ViewMessage> messages = read_batch();
    figures.kafka_seconds += since(started);
    checker_.learn_commit_lsns(messages);
    skip_until_initial_content(messages, figures);
    started = std::chrono::steady_clock::now();
    std::vector<Mismatch> mismatches = checker_.check(batch_, messages);
    figures.check_seconds += since(started);
    std::vector<PgRows> failed = pg_.run("SELECT view_name, error FROM cdc_stream.views WHERE state = 'error'");
    for (const std::vector<std::string>& row : failed.at(0).values) {
        mismatches.push_back({batch_.back().index, row[0], {}, {}, "BUG: cdc-maintainer stopped the view: " + row[1]});
    }
    batch_.clear();
    if (!mismatches.empty()) {
        report(mismatches);
        return false;
    }
    while (recent_sql_.size() > 2 * options_.batch) recent_sql_.pop_front();
    return true;
}

// A view added while the workload goes on may need tables the maintainer
// does not hold: it then takes a snapshot at a position S and, once the
// stream has caught up to S, sends the view's initial content with S and
// no xid.  The view's content in Kafka starts at the last commit before S
// (j), not at the commit that added it (c): it is compared from j on.  A
// view dropped before that snapshot is taken never has content in Kafka.
void Harness::skip_until_initial_content(const std::vector<ViewMessage>& messages, RunFigures& figures) {
    for (const auto& [added_at, view] : adds_) {
        std::optional<size_t> start = first_transaction(messages, view, true);
        // dropped before the maintainer's snapshot saw it: it never had content in Kafka
        bool never_sent = !live_.contains(view) && std::none_of(messages.begin(), messages.end(),
                                                                [&](const ViewMessage& m) { return m.topic == view; });
        if (never_sent) start = batch_.back().index + 1;
        // empty at its snapshot: no initial-content message says where S is;
        // compared from its first change on (or from the next batch)
        if (!start) start = first_transaction(messages, view, false).value_or(batch_.back().index + 1);
        for (Commit& commit : batch_) {
            if (commit.index >= added_at && commit.index < *start && commit.expected.erase(view) > 0) ++figures.skipped;
        }
    }
    adds_.clear();
}

// The earliest transaction of the view's messages of one kind: its initial
// content (no xid) or its changes.
std::optional<size_t> Harness::first_transaction(const std::vector<ViewMessage>& messages, const std::string& view,
                                                 bool initial_content) {
    std::optional<size_t> first;
    for (const ViewMessage& message : messages) {
        if (message.topic != view || message.xid.empty() != initial_content) continue;
        std::string problem;
        std::optional<size_t> index = checker_.transaction_of(message, problem);
        if (index && (!first || *index < *first)) first = index;
    }
    return first;
}

// Each view's last change in the batch: its topic must show that commit's
// messages (a Kafka transaction shows whole in a partition, and after the
// earlier ones) before the batch can be checked.  A change that never
// comes is reported by the check.
std::map<std::string, size_t> Harness::last_changes() {
    std::map<std::string, size_t> last;
    for (const Commit& commit : batch_) {
        for (const auto& [view, rows] : commit.expected) {
            auto before = checked_content_.find(view);
            bool changed = before == checked_content_.end() ? !rows->empty()
                                                            : before->second != rows && *before->second != *rows;
            if (changed) last[view] = commit.index;
            checked_content_[view] = rows;
        }
    }
    std::erase_if(checked_content_, [this](const auto& entry) { return !live_.contains(entry.first); });
    return last;
}

std::vector<ViewMessage> Harness::read_batch() {
    std::map<std::string, size_t> needed = last_changes();
    // dropped before the maintainer's snapshot reached it: no message will come
    std::erase_if(needed, [this](const auto& need) { return !live_.contains(need.first) && !in_kafka_.contains(need.first); });
    std::vector<ViewMessage> messages;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (true) {
        for (ViewMessage& message : reader_->read_to_end(kafka_timeout_ms)) {
            std::string problem;
            std::optional<size_t> index = checker_.transaction_of(message, problem);
            auto need = needed.find(message.topic);
            if (index && need != needed.end() && *index >= need->second) needed.erase(need);
            in_kafka_.insert(message.topic);
            messages.push_back(std::move(message));
        }
        if (needed.empty()) return messages;
        if (std::chrono::steady_clock::now() > deadline) {
            for (const auto& [view, index] : needed) {
                std::cerr << "no message in topic " << view << " for its change at transaction " << index << "\n";
            }
            return messages;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void Harness::report(const std::vector<Mismatch>& mismatches) const {
    std::set<size_t> shown;
    for (const Mismatch& mismatch : mismatches) {
        std::cerr << "MISMATCH seed " << options_.seed << ", transaction " << mismatch.transaction << ", view "
                  << mismatch.view << (mismatch.note.empty() ? "" : ": " + mismatch.note) << "\n";
        for (const std::string& row : mismatch.missing) std::cerr << "  in Postgres, not in Kafka: " << row << "\n";
        for (const std::string& row : mismatch.unexpected) std::cerr << "  in Kafka, not in Postgres: " << row << "\n";
        shown.insert(mismatch.transaction);
    }
    for (const auto& [index, sql] : recent_sql_) {
        if (shown.contains(index)) std::cerr << "transaction " << index << ": " << sql << "\n";
    }
    std::cerr << "replay: tests/oracle/run.sh --seed " << options_.seed << " --transactions " << options_.transactions
              << "\n";
}

bool Harness::run(RunFigures& figures) {
    auto started = std::chrono::steady_clock::now();
    set_up();
    start_maintainer();
    std::set<std::string> checked;
    bool ok = true;
    int64_t marker = 0;
    for (size_t done = 0; done < options_.transactions && ok;) {
        Transaction transaction = workload_.next();
        execute(transaction, figures);
        ++done;
        for (const auto& [view, live] : live_) checked.insert(view);
        if (done % options_.batch == 0 || done == options_.transactions) {
            ok = check_batch(++marker, figures);
            std::cerr << "\r" << done << " transactions checked" << std::flush;
        }
    }
    std::cerr << "\n";
    figures.transactions = figures.commits + figures.aborted;
    figures.views_checked = checked.size();
    figures.changes = checker_.changes_applied();
    figures.comparisons = checker_.comparisons();
    figures.form_choices = checker_.form_choices();
    figures.seconds = since(started);
    figures.rows_at_end = checker_.rows();
    return ok;
}

}  // namespace cdc::oracle

