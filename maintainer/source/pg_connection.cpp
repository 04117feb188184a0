#include "source/pg_connection.hpp"

#include <cinttypes>
#include <cstdio>

namespace cdc::source {

std::string connection_error(PGconn* connection) {
    std::string message = PQerrorMessage(connection);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return message;
}

ConnectionHandle connect(const std::string& dsn, const std::vector<std::pair<std::string, std::string>>& extra) {
    // dbname with expand_dbname=1 accepts a whole connection string or URI;
    // what it says overrides the keywords before it, the ones after override
    // it.  A host that does not answer fails after 10 s, not after TCP's minutes.
    std::vector<const char*> keywords = {"connect_timeout", "dbname", "application_name"};
    std::vector<const char*> values = {"10", dsn.c_str(), "cdc-maintainer"};
    for (const auto& [keyword, value] : extra) {
        keywords.push_back(keyword.c_str());
        values.push_back(value.c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    ConnectionHandle connection(PQconnectdbParams(keywords.data(), values.data(), 1));
    if (connection == nullptr) throw ConnectionError("out of memory connecting to Postgres");
    if (PQstatus(connection.get()) != CONNECTION_OK) {
        throw ConnectionError("could not connect to Postgres: " + connection_error(connection.get()));
    }
    return connection;
}

std::string format_lsn(uint64_t lsn) {
    char text[32];
    std::snprintf(text, sizeof(text), "%" PRIX64 "/%" PRIX64, lsn >> 32, lsn & 0xFFFFFFFF);
    return text;
}

uint64_t parse_lsn(const std::string& text) {
    size_t slash = text.find('/');
    if (slash == std::string::npos) throw std::invalid_argument("not an LSN: \"" + text + "\"");
    return (std::stoull(text.substr(0, slash), nullptr, 16) << 32) | std::stoull(text.substr(slash + 1), nullptr, 16);
}

PgConnection::PgConnection(const std::string& dsn) : connection_(connect(dsn, {})) {}

namespace {

struct ParamArrays {
    std::vector<const char*> values;
    explicit ParamArrays(const std::vector<std::optional<std::string>>& params) {
        for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
    }
};

}  // namespace

ResultHandle PgConnection::exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    ParamArrays arrays(params);
    ResultHandle result(PQexecParams(connection_.get(), sql.c_str(), static_cast<int>(params.size()), nullptr,
                                     arrays.values.data(), nullptr, nullptr, 0));
    ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char* sqlstate = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
        throw ConnectionError(connection_error(connection_.get()), sqlstate ? sqlstate : "");
    }
    return result;
}

void PgConnection::begin_rows(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    ParamArrays arrays(params);
    if (!PQsendQueryParams(connection_.get(), sql.c_str(), static_cast<int>(params.size()), nullptr,
                           arrays.values.data(), nullptr, nullptr, 1) ||
        !PQsetSingleRowMode(connection_.get())) {
        throw ConnectionError(connection_error(connection_.get()));
    }
}

ResultHandle PgConnection::next_row() {
    ResultHandle result(PQgetResult(connection_.get()));
    if (result == nullptr) return nullptr;
    switch (PQresultStatus(result.get())) {
        case PGRES_SINGLE_TUPLE: return result;
        case PGRES_TUPLES_OK:  // the end: drain the final (null) result
            while (ResultHandle rest{PQgetResult(connection_.get())}) {
            }
            return nullptr;
        default: {
            std::string message = connection_error(connection_.get());
            while (ResultHandle rest{PQgetResult(connection_.get())}) {
            }
            throw ConnectionError(message);
        }
    }
}

}  // namespace cdc::source
