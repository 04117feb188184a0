// The oracle harness (issue 5): Postgres, running each view's query, is the
// oracle; each view rebuilt from its Kafka topic must equal it after every
// committed transaction of a seeded random workload.
//
//   oracle --seed N [--transactions M] [--batch B] [--batch-delay-ms MS] --dsn DSN --maintainer PATH --workdir DIR
#include "harness.hpp"

#include <chrono>
#include <cstring>
#include <iostream>

namespace {

void usage() {
    std::cerr << "usage: oracle --dsn DSN --maintainer PATH --workdir DIR [--seed N] [--transactions M] "
                 "[--batch B] [--batch-delay-ms MS] [--only VIEW_REGEX] [--slot NAME]\n";
}

bool parse(int argc, char** argv, cdc::oracle::HarnessOptions& options) {
    options.seed = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) % 1000000;
    for (int i = 1; i < argc; ++i) {
        std::string name = argv[i];
        if (i + 1 >= argc) return false;
        std::string value = argv[++i];
        if (name == "--seed") options.seed = std::stoull(value);
        else if (name == "--transactions") options.transactions = std::stoull(value);
        else if (name == "--batch") options.batch = std::stoull(value);
        else if (name == "--dsn") options.conninfo = value;
        else if (name == "--maintainer") options.maintainer = value;
        else if (name == "--workdir") options.workdir = value;
        else if (name == "--slot") options.slot = value;
        else if (name == "--batch-delay-ms") options.batch_delay_ms = std::stoi(value);
        else if (name == "--only") options.only = value;
        else return false;
    }
    return !options.conninfo.empty() && !options.maintainer.empty() && !options.workdir.empty() && options.batch > 0;
}

}  // namespace

int main(int argc, char** argv) {
    cdc::oracle::HarnessOptions options;
    if (!parse(argc, argv, options)) {
        usage();
        return 2;
    }
    std::cerr << "oracle: seed " << options.seed << ", " << options.transactions << " transactions\n";
    cdc::oracle::RunFigures figures;
    bool ok = false;
    try {
        cdc::oracle::Harness harness(options);
        ok = harness.run(figures);
    } catch (const std::exception& error) {
        std::cerr << "oracle: seed " << options.seed << ": " << error.what() << "\n";
        return 1;
    }
    std::cout << (ok ? "ok" : "FAILED") << ": seed " << options.seed << ": " << figures.transactions
              << " transactions (" << figures.commits << " committed, " << figures.aborted << " aborted), "
              << figures.views_checked << " views (" << figures.views_added << " added, " << figures.views_dropped
              << " dropped mid-run), " << figures.changes << " changes and " << figures.comparisons
              << " view contents checked (" << figures.skipped << " before a new view's snapshot, "
              << figures.form_choices << " equal only by value of numerics merged by =) in " << static_cast<int>(figures.seconds) << " s ("
              << static_cast<int>(figures.transactions / std::max(figures.seconds, 0.001)) << " transactions/s; Postgres " << static_cast<int>(figures.postgres_seconds) << " s, waiting for Kafka "
              << static_cast<int>(figures.kafka_seconds) << " s, comparing " << static_cast<int>(figures.check_seconds)
              << " s; " << figures.rows_at_end << " rows in the views at the end)\n";
    return ok ? 0 : 1;
}
