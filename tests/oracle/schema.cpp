#include "schema.hpp"

namespace cdc::oracle {
namespace {

// customers: REPLICA IDENTITY FULL; orders: primary key only (the
// maintainer keeps old rows); notes.body and customers.bio are stored out
// of line (TOAST), so updates of other columns send them as "unchanged"; extra is read only by
// views added mid-run, so adding one makes the maintainer take a snapshot.
const char* const schema = R"sql(
DROP SCHEMA IF EXISTS oracle CASCADE;
CREATE SCHEMA oracle;
CREATE TABLE oracle.customers (id int PRIMARY KEY, referrer_id int, name text, region text, tier smallint,
    credit numeric(12,2), active boolean, born date, score float8, bio text);
ALTER TABLE oracle.customers REPLICA IDENTITY FULL;
ALTER TABLE oracle.customers ALTER COLUMN bio SET STORAGE EXTERNAL;
CREATE TABLE oracle.orders (id bigint PRIMARY KEY, customer_id int, amount numeric, qty int, status text,
    placed timestamptz, placed_local timestamp, shipped date, meta jsonb);
CREATE TABLE oracle.items (id int PRIMARY KEY, order_id bigint, sku text, price numeric(10,2), weight int8);
ALTER TABLE oracle.items REPLICA IDENTITY FULL;
CREATE TABLE oracle.notes (id int PRIMARY KEY, customer_id int, tag text, body text);
ALTER TABLE oracle.notes ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE TABLE oracle.extra (id int PRIMARY KEY, label text, v numeric);
CREATE TABLE oracle.marker (id int PRIMARY KEY, n bigint);
INSERT INTO oracle.marker VALUES (1, 0);
)sql";

std::vector<ViewDef> make_initial_views() {
    return {
        {"o_inner", "SELECT o.id, o.amount, c.name FROM orders o JOIN customers c ON o.customer_id = c.id"},
        {"o_left", "SELECT c.id AS cid, c.region, o.id AS oid, o.status FROM customers c "
                   "LEFT JOIN orders o ON o.customer_id = c.id"},
        {"o_right", "SELECT i.id, i.sku, o.status, o.qty FROM orders o RIGHT JOIN items i ON i.order_id = o.id"},
        {"o_full", "SELECT c.id AS cid, c.name, n.id AS nid, n.tag FROM customers c "
                   "FULL JOIN notes n ON n.customer_id = c.id"},
        {"o_self", "SELECT c.id, c.name, r.name AS referrer, r.tier FROM customers c "
                   "JOIN customers r ON c.referrer_id = r.id"},
        {"o_multi", "SELECT c.region, o.id AS oid, i.sku, i.price FROM customers c "
                    "JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id"},
        {"o_residual", "SELECT o.id AS oid, i.id AS iid FROM orders o "
                       "LEFT JOIN items i ON i.order_id = o.id AND i.price * o.qty > o.amount"},
        {"o_agg", "SELECT customer_id, count(*) AS n, count(qty) AS nq, sum(qty) AS sq, sum(amount) AS sa, "
                  "avg(qty) AS aq, avg(amount) AS aa, min(status) AS mins, max(status) AS maxs, "
                  "min(placed) AS minp, max(shipped) AS maxd, min(amount) AS mina, sum(id) AS sid "
                  "FROM orders GROUP BY customer_id"},
        {"o_count_distinct", "SELECT customer_id, count(DISTINCT status) AS statuses, count(DISTINCT qty) AS qtys "
                             "FROM orders GROUP BY customer_id"},
        {"o_having", "SELECT c.region, count(*) AS n, sum(o.amount) AS total FROM customers c "
                     "JOIN orders o ON o.customer_id = c.id GROUP BY c.region HAVING count(*) > 2"},
        {"o_global", "SELECT count(*) AS n, sum(weight) AS w, max(price) AS maxp, avg(price) AS avgp, "
                     "min(sku) AS mins FROM items"},
        {"o_filter_agg", "SELECT status, count(*) FILTER (WHERE qty > 3) AS bigs, "
                         "sum(amount) FILTER (WHERE customer_id IS NULL) AS orphan FROM orders GROUP BY status"},
        {"o_distinct", "SELECT DISTINCT region, active FROM customers"},
        {"o_union", "SELECT customer_id FROM orders UNION SELECT customer_id FROM notes"},
        {"o_union_all", "SELECT id AS id, 'order' AS kind FROM orders UNION ALL SELECT order_id, 'item' FROM items "
                        "UNION ALL SELECT customer_id, 'note' FROM notes"},
        {"o_subquery", "SELECT c.name, t.total FROM (SELECT customer_id, sum(amount) AS total FROM orders "
                       "GROUP BY customer_id) t JOIN customers c ON c.id = t.customer_id"},
        {"o_cte", "WITH busy AS (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id), "
                  "tagged AS (SELECT DISTINCT customer_id FROM notes WHERE tag IS NOT NULL) "
                  "SELECT b.customer_id, b.n FROM busy b JOIN tagged t ON t.customer_id = b.customer_id"},
        {"o_base", "SELECT o.id, o.customer_id, c.region, o.amount, o.status FROM orders o "
                   "JOIN customers c ON c.id = o.customer_id", false},
        {"o_on_view_agg", "SELECT region, sum(amount) AS total, count(*) AS n FROM o_base GROUP BY region"},
        {"o_on_view_filter", "SELECT id, region, amount FROM o_base WHERE amount > 50 OR status = 'new'"},
        {"o_case", "SELECT id, CASE WHEN qty > 5 THEN 'big' WHEN qty IS NULL THEN 'none' ELSE 'small' END AS size, "
                   "coalesce(status, '?') AS status, nullif(qty, 0) AS q, "
                   "CASE status WHEN 'new' THEN 1 WHEN 'paid' THEN 2 END AS code FROM orders"},
        {"o_text", "SELECT id, upper(name) AS up, lower(name) AS low, length(name) AS len, substr(name, 2, 3) AS mid, "
                   "btrim(region) AS r, concat(name, '/'::text, region, tier) AS label, name || '!' AS shout "
                   "FROM customers WHERE name LIKE '%a%' OR name ILIKE 'z%' OR name NOT LIKE '%e%'"},
        {"o_date", "SELECT id, date_trunc('month', placed_local) AS month, extract(year FROM shipped) AS y, "
                   "date_part('dow', placed_local) AS dow, shipped::timestamp AS shipped_at FROM orders"},
        {"o_nulls", "SELECT id, region, active FROM customers WHERE (region IS NULL OR active IS NOT TRUE) "
                    "AND tier NOT IN (1, 2) AND (credit IS NULL OR credit <> 0)"},
        {"o_types", "SELECT id, credit, active, born, score, tier FROM customers"},
        {"o_jsonb", "SELECT id, meta, placed, placed_local FROM orders WHERE meta IS NOT NULL"},
        {"o_toast", "SELECT id, customer_id, tag, body FROM notes"},
        {"o_toast_fn", "SELECT id, length(body) AS len, substr(body, 1, 12) AS head FROM notes WHERE body LIKE '%y%'"},
        {"o_bio", "SELECT id, bio, length(bio) AS len FROM customers WHERE active"},
        {"o_arith", "SELECT id, qty * 2 + 1 AS q2, amount * qty AS total, amount / 3 AS third, qty / 2 AS half, "
                    "qty % 3 AS rest, -qty AS neg, abs(amount) AS absolute, amount::int8 AS rounded, "
                    "amount::numeric(10,1) AS tenth, qty::float8 / 4 AS quarter, amount / nullif(qty, 0) AS unit "
                    "FROM orders"},
        {"o_full_residual", "SELECT c.id, o.id AS oid FROM customers c "
                            "FULL JOIN orders o ON o.customer_id = c.id AND o.qty > c.tier"},
        {"o_two_keys", "SELECT o.id, i.id AS iid FROM orders o JOIN items i ON i.order_id = o.id AND i.weight = o.qty"},
        {"o_theta", "SELECT a.id, b.id AS bid FROM customers a JOIN customers b ON a.tier < b.tier WHERE a.id % 3 = 0",
         true, std::nullopt, true},
        {"o_outer_agg", "SELECT c.id, count(o.id) AS n, sum(o.qty) AS q, max(o.status) AS s FROM customers c "
                        "LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id"},
        {"o_group_expr", "SELECT upper(name) AS u, active, count(*) AS n FROM customers GROUP BY upper(name), active"},
        {"o_agg_of_agg", "SELECT n, count(*) AS k FROM (SELECT customer_id, count(*) AS n FROM orders "
                         "GROUP BY customer_id) t GROUP BY n"},
        {"o_global_having", "SELECT count(*) AS n, min(price) AS p FROM items HAVING count(*) > 5"},
        {"o_cte_twice", "WITH t AS (SELECT id, referrer_id, name FROM customers WHERE active) "
                        "SELECT a.id, b.name FROM t a JOIN t b ON a.referrer_id = b.id"},
        {"o_more_aggs", "SELECT sum(tier) AS st, avg(weight) AS aw, max(born) AS mb, min(score) AS ms, "
                        "max(active::int) AS ma FROM customers, items WHERE items.id = customers.id"},
        {"o_union3", "SELECT 1 AS k, name FROM customers UNION SELECT 2, sku FROM items "
                     "UNION ALL SELECT 3, NULL FROM notes"},
        {"o_text2", "SELECT id, substr(name, -1, 3) AS s, ltrim(region, 'n') AS l, rtrim(name) AS r, "
                    "length(concat(name, region)) AS len FROM customers"},
        {"o_date2", "SELECT id, date_trunc('day', placed_local) AS d, extract(epoch FROM placed_local) AS e, "
                    "date_part('month', placed_local) AS m, extract(dow FROM shipped) AS w FROM orders"},
        {"o_distinct_filter", "SELECT customer_id, count(DISTINCT status) FILTER (WHERE qty > 2) AS x, "
                              "max(DISTINCT amount) AS y FROM orders GROUP BY customer_id"},
        {"o_collate", "SELECT name COLLATE \"C\" AS name, count(*) AS n FROM customers "
                      "WHERE region COLLATE \"C\" <> 'south' GROUP BY name COLLATE \"C\""},
        // subqueries as semi and anti joins; NOT IN over nullable columns on both sides
        {"o_exists", "SELECT c.id, c.name FROM customers c "
                     "WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.qty > 2)"},
        {"o_not_exists", "SELECT c.id, c.region FROM customers c "
                         "WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id) AND c.tier <> 0"},
        {"o_in", "SELECT id, sku FROM items WHERE order_id IN (SELECT id FROM orders WHERE status = 'paid')"},
        {"o_in_pair", "SELECT c.id, c.tier FROM customers c WHERE (c.id, c.tier) IN (SELECT customer_id, qty FROM orders)"},
        {"o_in_grouped", "SELECT id, name FROM customers WHERE id IN "
                         "(SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) > 2)"},
        {"o_not_in", "SELECT id, name, referrer_id FROM customers "
                     "WHERE referrer_id NOT IN (SELECT customer_id FROM notes WHERE tag = 'north')"},
        {"o_not_in_correlated", "SELECT o.id, o.customer_id FROM orders o WHERE o.customer_id NOT IN "
                                "(SELECT c.referrer_id FROM customers c WHERE c.tier = o.qty)"},
        {"o_not_in_view", "SELECT id, region FROM o_base WHERE region NOT IN (SELECT tag FROM notes WHERE customer_id < 9)"},
        {"o_not_exists_global", "SELECT id, name FROM customers "
                                "WHERE NOT EXISTS (SELECT 1 FROM orders WHERE status = 'cancelled' AND qty > 7)"},
        {"o_exists_nested", "SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o "
                            "WHERE o.customer_id = c.id AND NOT EXISTS (SELECT 1 FROM items i WHERE i.order_id = o.id))"},
        {"o_in_on", "SELECT o.id, c.name FROM orders o JOIN customers c "
                    "ON c.id = o.customer_id AND c.id IN (SELECT customer_id FROM notes)"},
        {"o_not_in_left", "SELECT c.id, o.id AS oid FROM customers c LEFT JOIN orders o ON o.customer_id = c.id "
                          "AND o.id NOT IN (SELECT order_id FROM items WHERE price > 1)"},
        {"o_exists_grouped", "SELECT o.status, count(*) AS n FROM orders o WHERE EXISTS "
                             "(SELECT 1 FROM items i WHERE i.order_id = o.id AND i.price > 0 LIMIT 1) GROUP BY o.status"},
        {"o_in_union", "SELECT id, name FROM customers WHERE id IN "
                       "(SELECT customer_id FROM orders WHERE qty > 7 UNION SELECT customer_id FROM notes WHERE tag = 'N')"},
        {"o_exists_join", "SELECT c.id, c.tier FROM customers c WHERE EXISTS (SELECT 1 FROM orders o "
                          "JOIN items i ON i.order_id = o.id WHERE o.customer_id = c.id AND o.qty = c.tier)"},
        {"o_in_numeric", "SELECT id, qty * 1.0 AS q FROM orders WHERE qty * 1.0 IN (SELECT tier * 1.00 FROM customers) "
                         "AND qty * 1.0 NOT IN (SELECT weight * 1.000 FROM items WHERE id < 6)"},
        // dates and intervals; constants folded by Postgres (TPC-H Q6's predicate)
        {"o_tpch_dates", "SELECT id, amount, shipped FROM orders WHERE shipped <= date '2030-12-01' - interval '90' day "
                         "AND shipped > date '2015-01-01' + interval '1 year' AND placed_local < timestamp '2024-07-01'"},
        {"o_interval", "SELECT id, placed_local - date_trunc('day', placed_local) AS since_midnight, "
                       "placed_local + interval '1 month 2 days' AS later, shipped + qty AS due, "
                       "shipped - date '2020-02-29' AS days, age(placed_local, shipped) AS age, "
                       "shipped - interval '1 month' AS month_before, "
                       "(placed_local - date_trunc('day', placed_local)) * (qty + 0.5) AS scaled, "
                       "(placed_local - date_trunc('hour', placed_local)) / 3 AS third FROM orders"},
        {"o_timestamptz", "SELECT id, placed::date AS day, date_trunc('month', placed) AS month, "
                          "extract(hour FROM placed) AS h, date_part('dow', placed) AS dow, "
                          "placed - interval '36 hours' AS before, placed > shipped AS late, "
                          "placed_local >= placed AS local_later, date_trunc('week', shipped) AS week FROM orders"},
        {"o_interval_group", "SELECT date_trunc('hour', placed_local) - date_trunc('day', placed_local) AS hour_of_day, "
                             "count(*) AS n, max(placed_local - date_trunc('day', placed_local)) AS latest, "
                             "min(placed_local - shipped) AS earliest FROM orders GROUP BY 1"},
        {"o_at_time_zone", "SELECT id, placed_local AT TIME ZONE 'EST' AS est, placed AT TIME ZONE 'Etc/GMT-3' AS msk, "
                           "placed AT TIME ZONE 'UTC' AS utc, (placed_local AT TIME ZONE '+05:30')::date AS day "
                           "FROM orders WHERE placed AT TIME ZONE 'EST' < placed_local"},
        {"o_to_char", "SELECT id, to_char(placed_local, 'YYYY-MM-DD HH24:MI:SS.US') AS at, "
                      "to_char(placed, 'IYYY-IW Q DDD MS') AS week, to_char(shipped, 'YYYYMMDD') AS day FROM orders"},
        {"o_make_date", "SELECT id, make_date(2020 + qty, 1 + qty, 1 + qty * 3) AS d, "
                        "extract(epoch FROM placed_local - date_trunc('year', placed_local)) AS secs, "
                        "extract(day FROM placed_local - shipped) AS days FROM orders "
                        "WHERE qty IS NOT NULL AND make_date(2020 + qty, 1, 1) > shipped"},
        {"o_key", "SELECT id, sku, price, weight FROM items", true, "id"},
        {"o_marker", "SELECT id, n FROM marker"},
    };
}

std::vector<ViewDef> make_dynamic_shapes() {
    return {
        {"d_extra_join", "SELECT e.id, e.label, c.name FROM extra e LEFT JOIN customers c ON c.id = e.id"},
        {"d_extra_agg", "SELECT label, sum(v) AS total, count(*) AS n FROM extra GROUP BY label"},
        {"d_orders_by_status", "SELECT status, count(*) AS n, max(amount) AS top FROM orders GROUP BY status"},
        {"d_base_distinct", "SELECT DISTINCT region FROM o_base"},
        {"d_items_union", "SELECT sku FROM items UNION SELECT tag FROM notes"},
        {"d_extra_in", "SELECT id, label FROM extra WHERE id IN (SELECT referrer_id FROM customers)"},
        {"d_extra_not_in", "SELECT id, name FROM customers WHERE id NOT IN (SELECT id FROM extra WHERE v > 1)"},
        {"d_notes_text", "SELECT id, upper(tag) AS tag, length(body) AS len FROM notes WHERE tag IS NULL OR tag <> ''"},
    };
}

}  // namespace

std::string schema_sql() { return schema; }

const std::vector<ViewDef>& initial_views() {
    static const std::vector<ViewDef> views = make_initial_views();
    return views;
}

const std::vector<ViewDef>& dynamic_view_shapes() {
    static const std::vector<ViewDef> shapes = make_dynamic_shapes();
    return shapes;
}

// dollar quoting: no query here contains "$q$"
std::string add_view_sql(const ViewDef& view) {
    std::string sql = "SELECT cdc_stream.add_view('" + view.name + "', $q$" + view.query + "$q$";
    if (!view.has_topic) sql += ", topic => NULL";
    if (view.key) sql += ", key => ARRAY['" + *view.key + "']";
    if (view.allow_cross_join) sql += ", options => '{\"allow_cross_join\": true}'";
    return sql + ")";
}

}  // namespace cdc::oracle
