-- Subqueries as conditions: EXISTS, IN, NOT EXISTS and NOT IN become semi
-- and anti joins (docs/plan-format.md); the plans of the accepted shapes as
-- an outline with their key pairs, and the refusals of the others.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
CREATE TABLE customer (c_custkey int PRIMARY KEY, c_name text, c_nationkey int, c_acctbal numeric(12,2),
                       c_mktsegment char(10));
CREATE TABLE orders (o_orderkey int PRIMARY KEY, o_custkey int, o_orderstatus text, o_totalprice numeric(12,2),
                     o_orderdate date, o_orderpriority text, o_comment text);
CREATE TABLE lineitem (l_orderkey int, l_linenumber int, l_suppkey int, l_quantity numeric(12,2),
                       l_commitdate date, l_receiptdate date, PRIMARY KEY (l_orderkey, l_linenumber));
CREATE TABLE supplier (s_suppkey int PRIMARY KEY, s_name text, s_nationkey int, s_comment text);
CREATE TABLE secret (id int PRIMARY KEY, custkey int);

-- one line per node; semi and anti joins with their key pairs as
-- "left column = right column" (and NOT IN's pair)
CREATE FUNCTION pairs(node jsonb, field text) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(coalesce(p->0->>'index', p->0->>'kind') || '=' || coalesce(p->1->>'index', p->1->>'kind'),
                               ', '), '')
    FROM jsonb_array_elements(CASE WHEN field = 'on' THEN node->'on' ELSE jsonb_build_array(node->'not_in') END) p
$$;
CREATE FUNCTION outline(node jsonb, depth int DEFAULT 0) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    child jsonb;
BEGIN
    RETURN NEXT repeat('  ', depth) || (node->>'op') || CASE
        WHEN node->>'op' = 'scan' THEN ' ' || (node->>'table') || ' (' ||
            coalesce((SELECT string_agg(c->>'name', ', ') FROM jsonb_array_elements(node->'columns') c), '') || ')'
        WHEN node->>'op' IN ('semi_join', 'anti_join') THEN ' on (' || pairs(node, 'on') || ')' ||
            CASE WHEN node->'not_in' IS NOT NULL AND node->'not_in' <> 'null'
                 THEN ' not_in (' || pairs(node, 'not_in') || ')' ELSE '' END
        WHEN node->>'op' = 'join' THEN ' ' || (node->>'kind') || ' keys=' || jsonb_array_length(node->'on')
        WHEN node->>'op' = 'project' THEN ' ' || jsonb_array_length(node->'exprs') || ' columns'
        WHEN node->>'op' = 'aggregate' THEN ' groups=' || jsonb_array_length(node->'group_by')
        ELSE '' END;
    FOREACH child IN ARRAY ARRAY[node->'input', node->'left', node->'right'] LOOP
        IF child IS NOT NULL THEN
            RETURN QUERY SELECT outline(child, depth + 1);
        END IF;
    END LOOP;
END $$;
CREATE FUNCTION show(query text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT outline(cdc_stream.explain_view(query)->'root')
$$;

-- correlated EXISTS: the correlation is the key pair, the inner-only
-- condition a filter inside; the outer scan reads o_orderkey for it
SELECT show('SELECT o_orderpriority FROM orders WHERE EXISTS
    (SELECT * FROM lineitem WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)');
-- EXISTS drops a positive LIMIT (whether a row exists does not change); LIMIT 0 stays, refused
SELECT show('SELECT o_orderpriority FROM orders WHERE EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey LIMIT 1)');
SELECT cdc_stream.explain_view('SELECT o_orderpriority FROM orders WHERE EXISTS (SELECT 1 FROM lineitem LIMIT 0)');
-- NOT EXISTS, and an uncorrelated EXISTS (no key pair: all rows or none)
SELECT show('SELECT c_name FROM customer WHERE NOT EXISTS (SELECT 1 FROM orders WHERE o_custkey = c_custkey)');
SELECT show('SELECT c_name FROM customer WHERE EXISTS (SELECT 1 FROM orders WHERE o_totalprice > 1000)');
-- IN, one column and several; correlated IN adds the correlation pair first
SELECT show('SELECT c_name FROM customer WHERE c_custkey IN (SELECT o_custkey FROM orders)');
SELECT show('SELECT c_name FROM customer WHERE (c_custkey, c_nationkey) IN (SELECT o_custkey, o_orderkey FROM orders)');
SELECT show('SELECT s_name FROM supplier WHERE s_suppkey IN
    (SELECT l_suppkey FROM lineitem WHERE l_orderkey = s_nationkey)');
-- NOT IN: its pair apart from the correlation, for SQL's NULL rule
SELECT show('SELECT c_name FROM customer WHERE c_nationkey NOT IN (SELECT s_nationkey FROM supplier)');
SELECT show('SELECT s_name FROM supplier WHERE s_suppkey NOT IN
    (SELECT l_suppkey FROM lineitem WHERE l_orderkey = s_nationkey)');
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE c_nationkey NOT IN (SELECT s_nationkey FROM supplier)')
    #> '{root,input,not_in}';
-- an uncorrelated subquery may aggregate (TPC-H Q18's shape)
SELECT show('SELECT o_orderkey, o_totalprice FROM orders WHERE o_orderkey IN
    (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 300)');
-- several conditions, a nested one, one in an inner join's ON, one in a
-- LEFT JOIN's ON on its nullable side (filtering that side first)
SELECT show('SELECT c_name FROM customer WHERE c_acctbal > 0 AND c_custkey IN (SELECT o_custkey FROM orders)
    AND NOT EXISTS (SELECT 1 FROM supplier WHERE s_nationkey = c_nationkey)');
SELECT show('SELECT c_name FROM customer WHERE EXISTS (SELECT 1 FROM orders WHERE o_custkey = c_custkey
    AND NOT EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey))');
SELECT show('SELECT c_name, o_orderkey FROM customer JOIN orders ON o_custkey = c_custkey
    AND o_orderkey IN (SELECT l_orderkey FROM lineitem)');
SELECT show('SELECT c_name, o_orderkey FROM customer LEFT JOIN orders ON o_custkey = c_custkey
    AND NOT EXISTS (SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey)');
-- a condition spanning two FROM items applies above their join
SELECT show('SELECT c_name FROM customer, supplier WHERE s_nationkey = c_nationkey
    AND EXISTS (SELECT 1 FROM orders WHERE o_custkey = c_custkey AND o_orderkey = s_suppkey)');
-- TPC-H Q4 as a view (its date range written as constants)
SELECT show('SELECT o_orderpriority, count(*) AS order_count FROM orders
    WHERE o_orderdate >= date ''1993-07-01'' AND o_orderdate < date ''1993-10-01''
      AND EXISTS (SELECT * FROM lineitem WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)
    GROUP BY o_orderpriority');
-- a view with a subquery, and a view over it
SELECT cdc_stream.add_view('busy_customers', 'SELECT c_custkey, c_name FROM customer
    WHERE EXISTS (SELECT 1 FROM orders WHERE o_custkey = c_custkey)');
SELECT show('SELECT c_name FROM busy_customers WHERE c_custkey NOT IN (SELECT custkey FROM secret)');

-- refused: subqueries elsewhere than as a condition under AND
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE c_acctbal > 0 OR EXISTS (SELECT 1 FROM orders)');
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE NOT (c_acctbal > 0 AND c_custkey IN (SELECT o_custkey FROM orders))');
SELECT cdc_stream.explain_view('SELECT c_name, EXISTS (SELECT 1 FROM orders WHERE o_custkey = c_custkey) FROM customer');
SELECT cdc_stream.explain_view('SELECT c_nationkey, count(*) FROM customer GROUP BY c_nationkey
    HAVING c_nationkey IN (SELECT s_nationkey FROM supplier)');
SELECT cdc_stream.explain_view('SELECT c_name, (SELECT max(o_totalprice) FROM orders) FROM customer');
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE c_acctbal > (SELECT avg(c_acctbal) FROM customer)');
SELECT cdc_stream.explain_view('SELECT c_name FROM customer FULL JOIN orders ON o_custkey = c_custkey
    AND o_orderkey IN (SELECT l_orderkey FROM lineitem)');
SELECT cdc_stream.explain_view('SELECT c_name FROM customer LEFT JOIN orders ON o_custkey = c_custkey
    AND c_nationkey IN (SELECT s_nationkey FROM supplier)');
-- refused: ANY and ALL with other operators, NOT IN with several columns
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE c_acctbal > ANY (SELECT o_totalprice FROM orders)');
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE c_custkey <> ALL (SELECT o_custkey FROM orders)');
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE (c_custkey, c_nationkey) NOT IN
    (SELECT o_custkey, o_orderkey FROM orders)');
-- refused: correlations other than outer = inner equalities in the subquery's WHERE (TPC-H Q21's <>)
SELECT cdc_stream.explain_view('SELECT o_orderkey FROM orders WHERE EXISTS
    (SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey AND l_suppkey <> o_custkey)');
SELECT cdc_stream.explain_view('SELECT o_orderkey FROM orders WHERE EXISTS
    (SELECT 1 FROM lineitem WHERE l_orderkey = o_orderkey + l_linenumber)');
SELECT cdc_stream.explain_view('SELECT o_orderkey FROM orders WHERE EXISTS
    (SELECT o_custkey FROM lineitem WHERE l_orderkey = o_orderkey)');
SELECT cdc_stream.explain_view('SELECT o_orderkey FROM orders WHERE EXISTS
    (SELECT 1 FROM lineitem JOIN supplier ON s_suppkey = l_suppkey AND s_nationkey = o_custkey)');
SELECT cdc_stream.explain_view('SELECT o_orderkey FROM orders WHERE o_totalprice IN
    (SELECT sum(l_quantity) FROM lineitem WHERE l_orderkey = o_orderkey)');
SELECT cdc_stream.explain_view('SELECT o_orderkey FROM orders WHERE EXISTS (SELECT 1 FROM lineitem
    WHERE l_orderkey = o_orderkey AND EXISTS (SELECT 1 FROM supplier WHERE s_suppkey = o_custkey))');
-- refused: char(n) compared with a subquery (its = ignores trailing spaces)
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE c_mktsegment IN (SELECT c2.c_mktsegment FROM customer c2)');
-- (char(n) against text compares rtrim(x)::text, which is exact)
SELECT show('SELECT c_name FROM customer WHERE c_mktsegment IN (SELECT s_name FROM supplier)');

-- the caller needs SELECT on what a subquery reads, as to run it
CREATE ROLE cdc_subquery_reader;
GRANT SELECT ON customer TO cdc_subquery_reader;
SET ROLE cdc_subquery_reader;
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE c_custkey IN (SELECT custkey FROM secret)');
SELECT cdc_stream.explain_view('SELECT c_name FROM customer WHERE EXISTS
    (SELECT 1 FROM customer c2 WHERE c2.c_custkey = customer.c_nationkey
     AND EXISTS (SELECT 1 FROM secret WHERE custkey = c2.c_custkey))');
RESET ROLE;

SELECT cdc_stream.drop_view('busy_customers');
DROP EXTENSION cdc_stream;
DROP TABLE customer, orders, lineitem, supplier, secret;
DROP ROLE cdc_subquery_reader;
DROP FUNCTION show, outline, pairs;
