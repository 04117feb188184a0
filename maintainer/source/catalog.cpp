#include "source/catalog.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <stdexcept>

namespace cdc::source {
namespace {

const std::vector<std::string> catalog_columns = {"id", "view_schema", "view_name", "topic",
                                                   "envelope", "options", "plan"};

int32_t partitions_of(const std::string& options_json) {
    nlohmann::json options = nlohmann::json::parse(options_json.empty() ? "{}" : options_json);
    return options.value("partitions", 1);
}

// '{"a","b"}': an SQL text[] literal, every element quoted.
std::string text_array_literal(const std::vector<std::string>& items) {
    std::string literal = "{";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) literal += ',';
        literal += '"';
        for (char c : items[i]) {
            if (c == '"' || c == '\\') literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    return literal + "}";
}

size_t column_index(const wire::RelationMessage& relation, const std::string& name) {
    for (size_t i = 0; i < relation.columns.size(); ++i) {
        if (relation.columns[i].name == name) return i;
    }
    throw std::invalid_argument("cdc_stream.views has no column " + name + " in the stream");
}

// Held column names ("#3", or a name from a plan without attnums) by the
// names the columns have in the snapshot: what snapshot_rows is asked for.
std::map<std::string, std::string> current_names(PgConnection& connection, uint32_t relid,
                                                 const std::vector<std::string>& held) {
    ResultHandle result = connection.exec(
        "SELECT '#' || attnum, attname::text FROM pg_catalog.pg_attribute "
        "WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped",
        {std::to_string(relid)});
    std::map<std::string, std::string> by_attnum;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        by_attnum[PQgetvalue(result.get(), row, 0)] = PQgetvalue(result.get(), row, 1);
    }
    std::map<std::string, std::string> names;
    for (const std::string& column : held) {
        if (!column.starts_with('#')) {
            names[column] = column;
            continue;
        }
        auto found = by_attnum.find(column);
        if (found == by_attnum.end()) {
            throw std::runtime_error("table " + std::to_string(relid) + " has no column number " + column.substr(1));
        }
        names[found->second] = column;
    }
    return names;
}

}  // namespace

const char* const catalog_table = "cdc_stream.views";

std::string catalog_tables_option_entry() {
    std::string entry = std::string(catalog_table) + "(";
    for (size_t i = 0; i < catalog_columns.size(); ++i) entry += (i > 0 ? ", " : "") + catalog_columns[i];
    return entry + ")";
}

std::vector<ViewDefinition> read_views(PgConnection& connection) {
    ResultHandle result = connection.exec(
        "SELECT id, view_schema, view_name, topic, envelope, options::text, plan::text "
        "FROM cdc_stream.views WHERE state <> 'error' ORDER BY id");
    std::vector<ViewDefinition> views;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        ViewDefinition view;
        view.id = std::stoll(PQgetvalue(result.get(), row, 0));
        view.schema = PQgetvalue(result.get(), row, 1);
        view.name = PQgetvalue(result.get(), row, 2);
        if (!PQgetisnull(result.get(), row, 3)) view.topic = PQgetvalue(result.get(), row, 3);
        view.envelope = PQgetvalue(result.get(), row, 4);
        view.partitions = partitions_of(PQgetvalue(result.get(), row, 5));
        view.plan_json = PQgetvalue(result.get(), row, 6);
        views.push_back(std::move(view));
    }
    return views;
}

std::vector<std::pair<int64_t, std::string>> views_without_privileges(PgConnection& connection) {
    // a column by its attnum, or by name in plans written before attnums
    ResultHandle result = connection.exec(
        "SELECT DISTINCT ON (v.id) v.id, format('the view''s owner %s may no longer read column %I of table %s', "
        "       c.relowner::regrole, a.attname, a.attrelid::regclass) "
        "FROM cdc_stream.views v "
        "JOIN pg_catalog.pg_class c ON c.oid = v.view_oid "
        "CROSS JOIN LATERAL jsonb_array_elements(v.plan -> 'sources') s "
        "CROSS JOIN LATERAL jsonb_array_elements_text(s -> 'columns') WITH ORDINALITY col(name, n) "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = (s ->> 'relid')::oid AND NOT a.attisdropped "
        " AND CASE WHEN s ? 'attnums' THEN a.attnum = (s -> 'attnums' ->> (col.n::int - 1))::int2 "
        "          ELSE a.attname = col.name END "
        "WHERE v.state <> 'error' "
        "  AND NOT pg_catalog.has_column_privilege(c.relowner, a.attrelid, a.attnum, 'SELECT') "
        "ORDER BY v.id");
    std::vector<std::pair<int64_t, std::string>> views;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        views.emplace_back(std::stoll(PQgetvalue(result.get(), row, 0)), PQgetvalue(result.get(), row, 1));
    }
    return views;
}

ViewDefinition view_from_catalog_row(const wire::RelationMessage& relation, const Row& row) {
    auto text = [&](const char* name) -> const Value& { return row[column_index(relation, name)]; };
    ViewDefinition view;
    view.id = std::get<int64_t>(text("id"));
    view.schema = std::get<std::string>(text("view_schema"));
    view.name = std::get<std::string>(text("view_name"));
    if (!is_null(text("topic"))) view.topic = std::get<std::string>(text("topic"));
    view.envelope = std::get<std::string>(text("envelope"));
    view.partitions = partitions_of(std::get<std::string>(text("options")));
    view.plan_json = std::get<std::string>(text("plan"));
    return view;
}

int64_t view_id_of_catalog_row(const wire::RelationMessage& relation, const Row& row) {
    return std::get<int64_t>(row[column_index(relation, "id")]);
}

void use_replication_origin(PgConnection& connection, const std::string& origin) {
    connection.exec(
        "SELECT pg_catalog.pg_replication_origin_create($1) "
        "WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_replication_origin WHERE roname = $1)",
        {origin});
    connection.exec("SELECT pg_catalog.pg_replication_origin_session_setup($1)", {origin});
}

std::optional<std::string> set_view_state(PgConnection& connection, int64_t view_id, const std::string& state,
                                          const std::string& error) {
    ResultHandle result = connection.exec(
        "UPDATE cdc_stream.views SET state = $2, error = NULLIF($3, '') WHERE id = $1 "
        "RETURNING view_schema || '.' || view_name",
        {std::to_string(view_id), state, error});
    if (PQntuples(result.get()) == 0) return std::nullopt;
    return std::string(PQgetvalue(result.get(), 0, 0));
}

uint64_t report_status(PgConnection& connection, const std::string& slot, uint64_t delivered,
                       const std::string& waiting_since) {
    ResultHandle result = connection.exec(
        "INSERT INTO cdc_stream.maintainers (slot_name, delivered_lsn, waiting_since, reported_at) "
        "VALUES ($1, $2::pg_lsn, NULLIF($3, '')::timestamptz, now()) "
        "ON CONFLICT (slot_name) DO UPDATE SET delivered_lsn = excluded.delivered_lsn, "
        "waiting_since = excluded.waiting_since, reported_at = excluded.reported_at "
        "RETURNING pg_catalog.pg_current_wal_lsn()",
        {slot, format_lsn(delivered), waiting_since});
    return parse_lsn(PQgetvalue(result.get(), 0, 0));
}

DatabaseLocale read_database_locale(PgConnection& connection) {
    ResultHandle result =
        connection.exec("SELECT datcollate, datctype FROM pg_catalog.pg_database WHERE datname = current_database()");
    return {PQgetvalue(result.get(), 0, 0), PQgetvalue(result.get(), 0, 1)};
}

// Locks the table against rewrites while it is read, then compares its file
// as the snapshot's pg_class row names it with its file now.
static void check_not_rewritten(PgConnection& connection, uint32_t relid) {
    ResultHandle name = connection.exec("SELECT $1::oid::regclass::text", {std::to_string(relid)});
    connection.exec("LOCK TABLE " + std::string(PQgetvalue(name.get(), 0, 0)) + " IN ACCESS SHARE MODE");
    ResultHandle same = connection.exec(
        "SELECT c.relfilenode = pg_catalog.pg_relation_filenode(c.oid) FROM pg_catalog.pg_class c WHERE c.oid = $1",
        {std::to_string(relid)});
    if (PQntuples(same.get()) != 1 || std::string(PQgetvalue(same.get(), 0, 0)) != "t") {
        throw TableRewritten(std::string("table ") + PQgetvalue(name.get(), 0, 0) +
                             " was rewritten (TRUNCATE?) after the snapshot was taken");
    }
}

void begin_snapshot(PgConnection& connection, const std::string& snapshot_name) {
    connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    // SET TRANSACTION SNAPSHOT takes a literal, not a parameter
    std::string quoted;
    for (char c : snapshot_name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
            throw std::invalid_argument("unexpected snapshot name \"" + snapshot_name + "\"");
        }
        quoted += c;
    }
    connection.exec("SET TRANSACTION SNAPSHOT '" + quoted + "'");
}

std::unique_ptr<state::TableState> read_table(PgConnection& connection, state::Store& store, uint32_t relid,
                                              const std::vector<std::string>& columns,
                                              const std::function<void(size_t rows)>& progress) {
    check_not_rewritten(connection, relid);
    std::map<std::string, std::string> held_names = current_names(connection, relid, columns);
    std::vector<std::string> names;
    for (const auto& [name, held] : held_names) names.push_back(name);
    connection.begin_rows("SELECT cdc_stream.snapshot_rows($1::oid::regclass, $2::text[])",
                          {std::to_string(relid), text_array_literal(names)});
    wire::WireReader reader;
    std::unique_ptr<state::TableState> table;
    std::optional<state::TableState::Loader> loader;
    size_t rows = 0;
    while (ResultHandle result = connection.next_row()) {
        std::string_view bytes(PQgetvalue(result.get(), 0, 0), PQgetlength(result.get(), 0, 0));
        wire::Message message = reader.read(bytes);
        if (auto* relation = std::get_if<wire::RelationMessage>(&message)) {
            for (wire::ColumnInfo& column : relation->columns) {  // as the stream sends them
                if (auto held = held_names.find(column.name); held != held_names.end()) column.name = held->second;
            }
            table = std::make_unique<state::TableState>(store, *relation);
            loader.emplace(*table);
        } else if (auto* row = std::get_if<wire::RowMessage>(&message); row != nullptr && loader) {
            loader->add(row->new_tuple.values);
            if (++rows % 10000 == 0) progress(rows);
        } else {
            throw std::runtime_error("cdc_stream.snapshot_rows sent an unexpected message");
        }
    }
    if (!table) throw std::runtime_error("cdc_stream.snapshot_rows sent no RELATION message");
    loader->finish();
    return table;
}

}  // namespace cdc::source
