// The seeded random workload: transactions of inserts, updates (of values,
// of keys, moving rows between groups and in and out of join matches),
// deletes, TRUNCATE, savepoints rolled back, aborted transactions, and
// views added and dropped.  Only the seed decides what is generated, so a
// seed replays exactly.
#pragma once

#include "schema.hpp"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace cdc::oracle {

struct Transaction {
    std::vector<std::string> statements;
    bool abort = false;                  // ends in ROLLBACK
    std::optional<ViewDef> added;        // add_view inside it
    bool wait = true;                    // for the added view's initial content before going on
    std::optional<std::string> dropped;  // drop_view inside it
};

class Workload {
   public:
    explicit Workload(uint64_t seed) : rng_(seed) {}
    Transaction next();
    // rows to start with, as one transaction (before the maintainer starts)
    std::vector<std::string> initial_rows();

   private:
    int pick(int low, int high);  // uniform in [low, high]
    bool chance(int percent) { return pick(1, 100) <= percent; }
    std::string statement();
    std::string insert();
    std::string update();
    std::string update_key();
    std::string remove();
    std::string truncate();
    std::string replace_row();
    std::string update_same();
    std::string value_of(const std::string& table, const std::string& column);
    std::string name();
    std::string numeric(int scale);
    std::string body();
    std::optional<ViewDef> maybe_add_view();
    std::optional<std::string> maybe_drop_view();

    std::mt19937_64 rng_;
    int next_view_ = 1;
    std::vector<std::string> dynamic_views_;
};

}  // namespace cdc::oracle
