-- explain_view: plans of every shape add_view accepts, as an outline of
-- operators, and the expressions of a few in full.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
CREATE TABLE customers (id int PRIMARY KEY, name text, country text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int, amount numeric(10,2), status text,
                     placed date, at timestamp, at_tz timestamptz, paid bool, weight float8);
ALTER TABLE orders REPLICA IDENTITY FULL;

CREATE FUNCTION outline(node jsonb, depth int DEFAULT 0) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    child jsonb;
BEGIN
    RETURN NEXT repeat('  ', depth) || (node->>'op') || CASE node->>'op'
        WHEN 'scan' THEN ' ' || (node->>'schema') || '.' || (node->>'table') || ' (' ||
            coalesce((SELECT string_agg(c->>'name', ', ') FROM jsonb_array_elements(node->'columns') c), '') || ')'
        WHEN 'join' THEN ' ' || (node->>'kind') || ' keys=' || jsonb_array_length(node->'on') ||
            CASE WHEN node->'residual' <> 'null' THEN ' with residual' ELSE '' END
        WHEN 'aggregate' THEN ' groups=' || jsonb_array_length(node->'group_by') || ' ' ||
            coalesce((SELECT string_agg((a->>'fn') || CASE WHEN (a->>'distinct')::bool THEN ' distinct' ELSE '' END ||
                CASE WHEN a->'filter' <> 'null' THEN ' filtered' ELSE '' END, ', ')
                FROM jsonb_array_elements(node->'aggregates') a), '')
        WHEN 'union' THEN CASE WHEN (node->>'all')::bool THEN ' all' ELSE '' END
        WHEN 'project' THEN ' ' || jsonb_array_length(node->'exprs') || ' columns'
        ELSE '' END;
    FOREACH child IN ARRAY ARRAY[node->'input', node->'left', node->'right'] LOOP
        IF child IS NOT NULL THEN
            RETURN QUERY SELECT outline(child, depth + 1);
        END IF;
    END LOOP;
    FOR child IN SELECT jsonb_array_elements(coalesce(node->'inputs', '[]')) LOOP
        RETURN QUERY SELECT outline(child, depth + 1);
    END LOOP;
END $$;
CREATE FUNCTION show(query text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT outline(cdc_stream.explain_view(query)->'root')
$$;

-- WHERE equalities become join keys; conditions on one table filter below the join
SELECT show('SELECT c.name, o.amount FROM customers c, orders o WHERE o.customer_id = c.id AND c.country = ''IT'' AND o.amount > 10');
-- outer joins keep their other conditions as residual
SELECT show('SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.paid');
SELECT show('SELECT c.name, o.id FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id');
SELECT show('SELECT coalesce(c.id, o.id) AS id FROM customers c FULL JOIN orders o USING (id)');
-- a self-join and a three-way join
SELECT show('SELECT a.id, b.id FROM orders a JOIN orders b ON a.customer_id = b.customer_id AND a.id < b.id');
SELECT show('SELECT c.name, a.id, b.id FROM customers c JOIN orders a ON a.customer_id = c.id JOIN orders b ON b.customer_id = c.id');
-- no equality: a cross product with a residual
SELECT show('SELECT o.id, c.id FROM orders o JOIN customers c ON o.amount > c.id');
-- aggregates, DISTINCT aggregates, FILTER, HAVING
SELECT show('SELECT customer_id, count(*), count(status), count(DISTINCT status), sum(amount), avg(amount),
             min(placed), max(status), sum(id) FILTER (WHERE paid) FROM orders GROUP BY customer_id HAVING count(*) > 1');
-- columns functionally dependent on a grouped primary key are grouped too
SELECT show('SELECT c.id, c.name, count(o.id) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id');
SELECT show('SELECT count(*) FROM orders');
-- DISTINCT, UNION, UNION ALL with a cast of one branch
SELECT show('SELECT DISTINCT status FROM orders');
SELECT show('SELECT id FROM customers UNION SELECT customer_id FROM orders');
SELECT show('SELECT id::int8 FROM customers UNION ALL SELECT customer_id::int8 + 1 FROM orders UNION ALL SELECT 7::int2 FROM orders');
-- subqueries in FROM, CTEs (each reference planned), views on views
SELECT show('SELECT s.customer_id, s.total FROM (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) s WHERE s.total > 100');
SELECT show('WITH big AS (SELECT id, customer_id FROM orders WHERE amount > 100)
             SELECT a.id, b.id FROM big a JOIN big b ON a.customer_id = b.customer_id');
CREATE VIEW paid_orders AS SELECT id, customer_id, amount FROM orders WHERE paid;
SELECT show('SELECT customer_id, sum(amount) FROM paid_orders GROUP BY customer_id');

-- expressions in full: operators by meaning, casts, CASE, IN, constants in
-- their canonical form whatever the session's DateStyle and TimeZone
SET DateStyle = 'German';
SET TimeZone = 'Asia/Tokyo';
SELECT jsonb_pretty(cdc_stream.explain_view($$
    SELECT id + 1, amount * 2, -amount, status || '!', upper(status), length(status),
           substr(status, 2, 3), btrim(status), status LIKE 'a%', status NOT ILIKE 'B%',
           id IN (1, 2), id NOT IN (3), coalesce(status, 'none'), nullif(status, ''),
           CASE WHEN amount > 10.50 THEN 'big' ELSE 'small' END,
           CASE status WHEN 'a' THEN 1 END,
           amount::int, id::numeric(5,1), status::varchar(3), id::text, '42'::int8,
           date_trunc('month', at), extract(year FROM placed), date_part('dow', at),
           placed = '2024-02-29', at < '2024-02-29 13:14:15.5', at_tz >= '2024-02-29 13:14:15+05',
           weight > 1.5e-3, paid IS NOT TRUE, status IS NULL, NOT paid AND id > 0 OR id < 0
    FROM orders $$)->'root'->'exprs');
-- concat() takes string literals, which reach the plan untyped
SELECT cdc_stream.explain_view($$SELECT concat(status, '/', id) FROM orders$$)->'root'->'exprs'->0->'args'->1;

DROP EXTENSION cdc_stream;
DROP VIEW paid_orders;
DROP TABLE customers, orders;
DROP FUNCTION show, outline;
