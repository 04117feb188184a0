#include "workload.hpp"

#include <array>
#include <stdexcept>

namespace cdc::oracle {
namespace {

struct TableShape {
    const char* name;
    int max_id;  // small key ranges: inserts collide, groups and joins churn
    std::vector<const char*> columns;
};

const std::array<TableShape, 5> tables = {{
    {"customers", 30, {"referrer_id", "name", "region", "tier", "credit", "active", "born", "score", "bio"}},
    {"orders", 60, {"customer_id", "amount", "qty", "status", "placed", "placed_local", "shipped", "meta"}},
    {"items", 80, {"order_id", "sku", "price", "weight"}},
    {"notes", 20, {"customer_id", "tag", "body"}},
    {"extra", 15, {"label", "v"}},
}};


std::string quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

}  // namespace

int Workload::pick(int low, int high) {
    return low + static_cast<int>(rng_() % static_cast<uint64_t>(high - low + 1));
}

// Unicode, empty strings, spaces, quotes, NULL: what text comparison,
// upper/lower, length and LIKE must get right.
std::string Workload::name() {
    static const std::array<const char*, 14> names = {"ana", "Bob", "Zoë", "Ångström", "日本語テキスト", "émile",
                                                      "", "  padded  ", "o'neil", "ZED", "straße", "Ωmega", "a_b%c",
                                                      "eve"};
    if (chance(10)) return "NULL";
    return quote(names[pick(0, names.size() - 1)]);
}

std::string Workload::numeric(int scale) {
    std::string digits = std::to_string(pick(0, 20000));
    if (scale > 0) {
        while (static_cast<int>(digits.size()) <= scale) digits = "0" + digits;
        digits.insert(digits.size() - scale, ".");
    }
    return (chance(15) ? "-" : "") + digits;
}

// Above 2 kB, so stored out of line: updates of other columns leave it unchanged.
std::string Workload::body() {
    static const std::array<const char*, 4> pieces = {"x", "yy", "é", "z"};
    std::string text;
    int parts = chance(30) ? pick(1, 5) : pick(1500, 3000);
    for (int i = 0; i < parts; ++i) text += pieces[pick(0, pieces.size() - 1)];
    return quote(text);
}

std::string Workload::value_of(const std::string& table, const std::string& column) {
    if (column != "name" && chance(8)) return "NULL";
    if (column == "referrer_id" || column == "customer_id") return std::to_string(pick(1, 32));
    if (column == "order_id") return std::to_string(pick(1, 64));
    if (column == "name" || column == "label") return name();
    if (column == "region" || column == "tag") {
        static const std::array<const char*, 6> regions = {"north", "south", " east", "wëst", "", "N"};
        return quote(regions[pick(0, regions.size() - 1)]);
    }
    if (column == "tier") return std::to_string(pick(0, 4));
    if (column == "credit" || column == "price") return numeric(pick(0, 2));
    if (column == "amount" || column == "v") return numeric(pick(0, 4));
    if (column == "active") return chance(50) ? "true" : "false";
    if (column == "born" || column == "shipped") return "'20" + std::to_string(pick(10, 30)) + "-0" +
                                                        std::to_string(pick(1, 9)) + "-" + std::to_string(pick(10, 28)) + "'";
    if (column == "score") return std::to_string(pick(-1000, 1000)) + "." + std::to_string(pick(0, 999)) + "e" +
                                  std::to_string(pick(-3, 3));
    if (column == "qty") return std::to_string(pick(0, 9));
    if (column == "weight") return std::to_string(pick(0, 1 << 30)) + std::string(chance(20) ? "000000" : "");
    if (column == "status") {
        static const std::array<const char*, 5> statuses = {"new", "paid", "shipped", "Paid", "cancelled"};
        return quote(statuses[pick(0, statuses.size() - 1)]);
    }
    if (column == "sku") return quote("sku-" + std::to_string(pick(1, 12)));
    if (column == "placed" || column == "placed_local") {
        char text[64];
        std::snprintf(text, sizeof(text), "'2024-%02d-%02d %02d:%02d:%02d.%d%s'", pick(1, 12), pick(1, 28),
                      pick(0, 23), pick(0, 59), pick(0, 59), pick(0, 999999), column == "placed" ? "+05:30" : "");
        return text;
    }
    if (column == "meta") {
        static const std::array<const char*, 5> metas = {R"({"a": 1, "b": [true, null, "x"]})", "[]", R"({"k": "ü"})",
                                                         R"({"n": 1.50, "z": {"y": -2}})", "\"text\""};
        return quote(metas[pick(0, metas.size() - 1)]);
    }
    if (column == "body" || column == "bio") return body();
    throw std::invalid_argument("no value for " + table + "." + column);
}

std::string Workload::insert() {
    const TableShape& table = tables[pick(0, tables.size() - 1)];
    std::string columns = "id", values = std::to_string(pick(1, table.max_id));
    for (const char* column : table.columns) {
        columns += std::string(", ") + column;
        values += ", " + value_of(table.name, column);
    }
    return std::string("INSERT INTO ") + table.name + " (" + columns + ") VALUES (" + values +
           ") ON CONFLICT (id) DO NOTHING";
}

// One or a few rows (by id, or by id modulo), one or more columns.
std::string Workload::update() {
    const TableShape& table = tables[pick(0, tables.size() - 1)];
    std::string set;
    int count = pick(1, 3);
    for (int i = 0; i < count; ++i) {
        const char* column = table.columns[pick(0, table.columns.size() - 1)];
        if (set.find(std::string(column) + " =") != std::string::npos) continue;
        set += std::string(set.empty() ? "" : ", ") + column + " = " + value_of(table.name, column);
    }
    std::string where = chance(75) ? "id = " + std::to_string(pick(1, table.max_id))
                                   : "id % " + std::to_string(pick(3, 7)) + " = " + std::to_string(pick(0, 2));
    return std::string("UPDATE ") + table.name + " SET " + set + " WHERE " + where;
}

std::string Workload::update_key() {
    const TableShape& table = tables[pick(0, tables.size() - 1)];
    std::string from = std::to_string(pick(1, table.max_id)), to = std::to_string(pick(1, table.max_id + 5));
    return std::string("UPDATE ") + table.name + " SET id = " + to + " WHERE id = " + from +
           " AND NOT EXISTS (SELECT FROM " + table.name + " WHERE id = " + to + ")";
}

std::string Workload::remove() {
    const TableShape& table = tables[pick(0, tables.size() - 1)];
    if (chance(80)) return std::string("DELETE FROM ") + table.name + " WHERE id = " + std::to_string(pick(1, table.max_id));
    return std::string("DELETE FROM ") + table.name + " WHERE id % " + std::to_string(pick(5, 9)) + " = 1";
}

std::string Workload::truncate() {
    static const std::array<const char*, 6> targets = {"items", "notes", "extra", "items, notes", "orders", "customers"};
    return std::string("TRUNCATE ") + targets[pick(0, targets.size() - 1)];
}

// A row deleted and inserted again (the same or other values): the
// changes net out, or not, inside the transaction.
std::string Workload::replace_row() {
    const TableShape& table = tables[pick(0, tables.size() - 1)];
    std::string id = std::to_string(pick(1, table.max_id));
    std::string insert_values = id, columns = "id";
    for (const char* column : table.columns) {
        columns += std::string(", ") + column;
        insert_values += ", " + value_of(table.name, column);
    }
    if (chance(50)) {  // the same row again
        return std::string("CREATE TEMP TABLE IF NOT EXISTS saved AS SELECT * FROM ") + table.name + " WITH NO DATA; " +
               "TRUNCATE saved; INSERT INTO saved SELECT * FROM " + table.name + " WHERE id = " + id + "; DELETE FROM " +
               table.name + " WHERE id = " + id + "; INSERT INTO " + table.name + " SELECT * FROM saved; DROP TABLE saved";
    }
    return std::string("DELETE FROM ") + table.name + " WHERE id = " + id + "; INSERT INTO " + table.name + " (" +
           columns + ") VALUES (" + insert_values + ")";
}

// An update that changes nothing: no view may change either.
std::string Workload::update_same() {
    const TableShape& table = tables[pick(0, tables.size() - 1)];
    const char* column = table.columns[pick(0, table.columns.size() - 1)];
    return std::string("UPDATE ") + table.name + " SET " + column + " = " + column + " WHERE id % 4 = " +
           std::to_string(pick(0, 3));
}

std::string Workload::statement() {
    int roll = pick(1, 104);
    if (roll > 100) return roll <= 102 ? replace_row() : update_same();
    if (roll <= 35) return insert();
    if (roll <= 70) return update();
    if (roll <= 78) return update_key();
    if (roll <= 95) return remove();
    if (roll <= 96) return truncate();
    // a savepoint whose work is rolled back (or kept)
    std::string inner = statement() + "; " + statement();
    return "SAVEPOINT s; " + inner + (chance(70) ? "; ROLLBACK TO SAVEPOINT s" : "; RELEASE SAVEPOINT s");
}

std::optional<ViewDef> Workload::maybe_add_view() {
    if (dynamic_views_.size() >= 4 || pick(1, 1000) > 6) return std::nullopt;
    ViewDef view = dynamic_view_shapes()[pick(0, dynamic_view_shapes().size() - 1)];
    view.name += "_" + std::to_string(next_view_++);
    dynamic_views_.push_back(view.name);
    return view;
}

std::optional<std::string> Workload::maybe_drop_view() {
    if (dynamic_views_.empty() || pick(1, 1000) > 6) return std::nullopt;
    size_t index = pick(0, dynamic_views_.size() - 1);
    std::string name = dynamic_views_[index];
    dynamic_views_.erase(dynamic_views_.begin() + index);
    return name;
}

Transaction Workload::next() {
    Transaction transaction;
    transaction.abort = chance(3);
    int count = pick(1, 6);
    for (int i = 0; i < count; ++i) transaction.statements.push_back(statement());
    if (transaction.abort) return transaction;
    transaction.added = maybe_add_view();
    if (!transaction.added) transaction.dropped = maybe_drop_view();
    // sometimes the next transactions race the maintainer's snapshot
    if (transaction.added) transaction.wait = chance(70);
    if (transaction.added) transaction.statements.push_back(add_view_sql(*transaction.added));
    if (transaction.dropped) transaction.statements.push_back("SELECT cdc_stream.drop_view('" + *transaction.dropped + "')");
    return transaction;
}

std::vector<std::string> Workload::initial_rows() {
    std::vector<std::string> statements;
    for (int i = 0; i < 80; ++i) statements.push_back(insert());
    return statements;
}

}  // namespace cdc::oracle
