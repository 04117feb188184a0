// A thin libpq wrapper for the oracle harness: one connection, statements
// run as simple queries (several per round trip), errors thrown.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cdc::oracle {

struct PgError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The rows of one result, every value as text ("" for NULL; is_null tells).
struct PgRows {
    std::vector<std::vector<std::string>> values;
    std::vector<std::vector<bool>> nulls;
};

class Pg {
   public:
    explicit Pg(const std::string& conninfo);
    // Runs one or more ';'-separated statements in one round trip and
    // returns the rows of every statement that returned rows, in order.
    std::vector<PgRows> run(const std::string& sql);
    // Runs sql and returns the single value of its last row-returning statement.
    std::string value(const std::string& sql);
    std::string literal(const std::string& text) const;
    std::string identifier(const std::string& text) const;

   private:
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// "16/B374D848" as a number, for ordering LSNs
uint64_t parse_lsn(const std::string& text);

}  // namespace cdc::oracle
