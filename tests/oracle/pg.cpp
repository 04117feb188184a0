#include "pg.hpp"

namespace cdc::oracle {

Pg::Pg(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str()), &PQfinish) {
    if (PQstatus(conn_.get()) != CONNECTION_OK) throw PgError("cannot connect: " + std::string(PQerrorMessage(conn_.get())));
}

std::vector<PgRows> Pg::run(const std::string& sql) {
    if (!PQsendQuery(conn_.get(), sql.c_str())) throw PgError(PQerrorMessage(conn_.get()));
    std::vector<PgRows> results;
    std::string error;
    // every result must be read, even after an error, before the next query
    while (PGresult* result = PQgetResult(conn_.get())) {
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_TUPLES_OK) {
            PgRows rows;
            for (int row = 0; row < PQntuples(result); ++row) {
                rows.values.emplace_back();
                rows.nulls.emplace_back();
                for (int column = 0; column < PQnfields(result); ++column) {
                    rows.values.back().emplace_back(PQgetvalue(result, row, column));
                    rows.nulls.back().push_back(PQgetisnull(result, row, column));
                }
            }
            results.push_back(std::move(rows));
        } else if (status != PGRES_COMMAND_OK && error.empty()) {
            error = PQresultErrorMessage(result);
        }
        PQclear(result);
    }
    if (!error.empty()) throw PgError(error + "in: " + sql.substr(0, 2000));
    return results;
}

std::string Pg::value(const std::string& sql) {
    std::vector<PgRows> results = run(sql);
    if (results.empty() || results.back().values.empty()) throw PgError("no value from: " + sql);
    return results.back().values.back().at(0);
}

std::string Pg::literal(const std::string& text) const {
    std::unique_ptr<char, decltype(&PQfreemem)> quoted(PQescapeLiteral(conn_.get(), text.data(), text.size()),
                                                       &PQfreemem);
    if (!quoted) throw PgError(PQerrorMessage(conn_.get()));
    return quoted.get();
}

std::string Pg::identifier(const std::string& text) const {
    std::unique_ptr<char, decltype(&PQfreemem)> quoted(PQescapeIdentifier(conn_.get(), text.data(), text.size()),
                                                       &PQfreemem);
    if (!quoted) throw PgError(PQerrorMessage(conn_.get()));
    return quoted.get();
}

uint64_t parse_lsn(const std::string& text) {
    size_t slash = text.find('/');
    if (slash == std::string::npos) throw std::invalid_argument("not an LSN: " + text);
    return (std::stoull(text.substr(0, slash), nullptr, 16) << 32) | std::stoull(text.substr(slash + 1), nullptr, 16);
}

}  // namespace cdc::oracle
