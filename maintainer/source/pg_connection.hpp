// libpq connections: a plain SQL connection and the helpers both it and the
// replication connection (replication_stream.hpp) share.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cdc::source {

// A lost or refused connection, or a failed command: the caller reconnects.
// A failed command carries the server's SQLSTATE (empty when there was none).
class ConnectionError : public std::runtime_error {
   public:
    explicit ConnectionError(const std::string& message, std::string sqlstate = "")
        : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}

    const std::string& sqlstate() const { return sqlstate_; }
    // 42501 insufficient_privilege: a new connection would be refused the same way
    bool insufficient_privilege() const { return sqlstate_ == "42501"; }

   private:
    std::string sqlstate_;
};

struct PGconnDeleter {
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct PGresultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using ConnectionHandle = std::unique_ptr<PGconn, PGconnDeleter>;
using ResultHandle = std::unique_ptr<PGresult, PGresultDeleter>;

// Connects with dsn (a keyword=value string or a URI) plus extra keywords.
ConnectionHandle connect(const std::string& dsn, const std::vector<std::pair<std::string, std::string>>& extra);

// "16/B374D848" <-> 0x16B374D848
std::string format_lsn(uint64_t lsn);
uint64_t parse_lsn(const std::string& text);

// A SQL connection for the catalog and for snapshots.
class PgConnection {
   public:
    explicit PgConnection(const std::string& dsn);

    // Runs sql with text parameters (std::nullopt for NULL); throws ConnectionError on failure.
    ResultHandle exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
    // Runs sql asking for binary results, one row at a time: call next_row until it returns null.
    void begin_rows(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
    ResultHandle next_row();

    PGconn* raw() const { return connection_.get(); }
    // The connection is gone (a failed command on a live one is not).
    bool lost() const { return PQstatus(connection_.get()) == CONNECTION_BAD; }

   private:
    ConnectionHandle connection_;
};

// The message of the connection's last error, without the trailing newline.
std::string connection_error(PGconn* connection);

}  // namespace cdc::source
