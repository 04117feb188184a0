// The oracle run: schema, views, maintainer, workload, and the check after
// every batch of transactions.
#pragma once

#include "checker.hpp"
#include "kafka_reader.hpp"
#include "maintainer_process.hpp"
#include "pg.hpp"
#include "workload.hpp"

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace cdc::oracle {

struct HarnessOptions {
    uint64_t seed = 1;
    size_t transactions = 2000;
    size_t batch = 100;  // transactions between two checks
    std::string conninfo;
    std::string maintainer;
    std::string workdir;
    std::string slot = "cdc_oracle";
    int batch_delay_ms = 5;  // cdc-maintainer's --batch-max-delay-ms
    std::string only;        // a regular expression: only the initial views it matches (to narrow a replay)
};

struct RunFigures {
    size_t transactions = 0, commits = 0, aborted = 0, views_checked = 0, views_added = 0, views_dropped = 0;
    uint64_t changes = 0, comparisons = 0, skipped = 0, form_choices = 0;
    double seconds = 0, postgres_seconds = 0, kafka_seconds = 0, check_seconds = 0;
    size_t rows_at_end = 0;
};

class Harness {
   public:
    explicit Harness(HarnessOptions options);
    ~Harness();
    // Runs the seed's workload; false (after printing them) on mismatches.
    bool run(RunFigures& figures);

   private:
    void set_up();
    void start_maintainer();
    void wait_running(const std::string& view);
    std::string json_select(const std::string& view);
    void add_live(const std::string& view);
    std::vector<std::string> touched_views(const std::string& statements) const;
    std::string select_sql(const std::vector<std::string>& views) const;
    void read_expected(const PgRows* rows, const std::vector<std::string>& queried, Commit& commit);
    void execute(const Transaction& transaction, RunFigures& figures);
    bool check_batch(int64_t marker, RunFigures& figures);
    void report(const std::vector<Mismatch>& mismatches) const;
    void drop_slot();
    std::optional<size_t> first_transaction(const std::vector<ViewMessage>& messages, const std::string& view,
                                            bool initial_content);
    void skip_until_initial_content(const std::vector<ViewMessage>& messages, RunFigures& figures);
    std::map<std::string, size_t> last_changes();
    std::vector<ViewMessage> read_batch();

    HarnessOptions options_;
    Pg pg_;
    Workload workload_;
    std::unique_ptr<MaintainerProcess> maintainer_;
    std::unique_ptr<KafkaReader> reader_;
    Checker checker_;
    struct LiveView {
        std::string select;               // its json_select
        std::vector<std::string> tables;  // the base tables its plan reads
        Rows content;                     // after the last commit
    };
    std::map<std::string, LiveView> live_;  // views with a topic
    std::vector<Commit> batch_;
    std::deque<std::pair<size_t, std::string>> recent_sql_;  // commit index -> its SQL, for reports
    std::unordered_map<std::string, std::string> canonical_cache_;
    size_t commits_ = 0;
    std::vector<std::pair<size_t, std::string>> adds_;   // this batch's commits adding a view with a topic
    std::map<std::string, Rows> checked_content_;        // each view's content at the last checked commit
    std::set<std::string> in_kafka_;                     // views with a message in Kafka so far
};

}  // namespace cdc::oracle
