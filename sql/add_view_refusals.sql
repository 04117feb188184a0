-- What add_view refuses, each with a message that names the construct, and
-- proof that a refused call leaves nothing behind.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
CREATE TABLE t (id int PRIMARY KEY, grp int, amount numeric, x float8, label text,
                placed date, doc jsonb, tags int[]);
CREATE TABLE t_full (id int, v text);
ALTER TABLE t_full REPLICA IDENTITY FULL;
CREATE TABLE t_no_key (id int, v text);
CREATE TABLE t_nothing (id int PRIMARY KEY, v text);
ALTER TABLE t_nothing REPLICA IDENTITY NOTHING;
CREATE TEMPORARY TABLE t_temp (id int PRIMARY KEY);
CREATE UNLOGGED TABLE t_unlogged (id int PRIMARY KEY);
CREATE TABLE t_partitioned (id int PRIMARY KEY) PARTITION BY RANGE (id);
CREATE TABLE t_rls (id int PRIMARY KEY);
ALTER TABLE t_rls ENABLE ROW LEVEL SECURITY;
CREATE TABLE t_parent (id int PRIMARY KEY);
CREATE TABLE t_child (extra int) INHERITS (t_parent);
CREATE MATERIALIZED VIEW t_matview AS SELECT id FROM t;
CREATE FOREIGN DATA WRAPPER dummy_wrapper;
CREATE SERVER dummy_server FOREIGN DATA WRAPPER dummy_wrapper;
CREATE FOREIGN TABLE t_foreign (id int) SERVER dummy_server;
CREATE SEQUENCE s;
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE t_ci (id int PRIMARY KEY, name text COLLATE ci, code text);
CREATE FUNCTION my_double(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1 * 2';
SELECT count(*) AS relations_before FROM pg_class WHERE relnamespace = 'public'::regnamespace \gset

-- query shapes
SELECT cdc_stream.add_view('v', 'SELECT id, row_number() OVER (ORDER BY id) FROM t');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t ORDER BY id LIMIT 10');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t OFFSET 5');
SELECT cdc_stream.add_view('v', 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r, t');
SELECT cdc_stream.add_view('v', 'WITH d AS (DELETE FROM t RETURNING id) SELECT id FROM d');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t WHERE EXISTS (SELECT 1 FROM t_full f WHERE f.id = t.id) OR grp > 1');
SELECT cdc_stream.add_view('v', 'SELECT id, (SELECT max(id) FROM t_full) FROM t');
SELECT cdc_stream.add_view('v', 'SELECT DISTINCT ON (grp) grp, id FROM t');
SELECT cdc_stream.add_view('v', 'SELECT grp, label, count(*) FROM t GROUP BY GROUPING SETS ((grp), (label))');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t FOR UPDATE');
SELECT cdc_stream.add_view('v', 'SELECT t.id, l.n FROM t, LATERAL (SELECT t.grp + 1 AS n) l');
SELECT cdc_stream.add_view('v', 'SELECT v.a FROM (VALUES (1), (2)) v(a)');
SELECT cdc_stream.add_view('v', 'SELECT 1 AS one');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t EXCEPT SELECT id FROM t_full');
SELECT cdc_stream.add_view('v', 'SELECT t FROM t');
SELECT cdc_stream.add_view('v', 'SELECT ctid, id FROM t');
-- functions, operators, aggregates, casts
SELECT cdc_stream.add_view('v', 'SELECT id, now() AS at FROM t');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t WHERE random() < 0.5');
SELECT cdc_stream.add_view('v', 'SELECT id, nextval(''s'') FROM t');
SELECT cdc_stream.add_view('v', 'SELECT id, CURRENT_DATE FROM t');
SELECT cdc_stream.add_view('v', 'SELECT generate_series(1, id) FROM t');
SELECT cdc_stream.add_view('v', 'SELECT g FROM t, generate_series(1, 3) g');
SELECT cdc_stream.add_view('v', 'SELECT string_agg(label, '','') FROM t');
SELECT cdc_stream.add_view('v', 'SELECT grp, sum(x) FROM t GROUP BY grp');
SELECT cdc_stream.add_view('v', 'SELECT grp, avg(x) FROM t GROUP BY grp');
SELECT cdc_stream.add_view('v', 'SELECT my_double(id) FROM t');
SELECT cdc_stream.add_view('v', 'SELECT to_char(x, ''999'') FROM t');
SELECT cdc_stream.add_view('v', 'SELECT concat(label, placed) FROM t');
SELECT cdc_stream.add_view('v', 'SELECT x::text FROM t');
SELECT cdc_stream.add_view('v', 'SELECT label::date FROM t');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t WHERE id IS DISTINCT FROM grp');
SELECT cdc_stream.add_view('v', 'SELECT greatest(id, grp) FROM t');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t WHERE label < ''m'' COLLATE "C"');
SELECT cdc_stream.add_view('v', 'SELECT doc, count(*) FROM t GROUP BY doc');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t WHERE grp = ANY (tags)');
-- tables
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_no_key');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_nothing');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_temp');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_unlogged');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_partitioned');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_rls');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_parent');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_matview');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_foreign');
SELECT cdc_stream.add_view('v', 'SELECT id FROM no_such_table');
-- statements that are not one SELECT
SELECT cdc_stream.add_view('v', 'INSERT INTO t (id) VALUES (1)');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t; SELECT id FROM t_full');
SELECT cdc_stream.add_view('v', 'SELEC id FROM t');
SELECT cdc_stream.add_view('v', 'SELECT id INTO t_copy FROM t');
-- arguments
SELECT cdc_stream.add_view(NULL, 'SELECT id FROM t');
SELECT cdc_stream.add_view('v', NULL);
SELECT cdc_stream.add_view('t', 'SELECT id FROM t');
SELECT cdc_stream.add_view('a.b.c.d', 'SELECT id FROM t');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', topic => 'bad topic!');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', topic => repeat('x', 250));
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', topic => '..');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', envelope => 'avro');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', envelope => NULL);
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', envelope => 'upsert');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', topic => NULL, envelope => 'debezium');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', key => ARRAY['nope']);
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', key => ARRAY['id', 'id']);
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', key => ARRAY[]::text[]);
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', options => '[1]');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', options => '{"colour": "red"}');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', options => '{"partitions": 0}');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', options => '{"partitions": 2.5}');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t', options => '{"allow_cross_join": "yes"}');
-- a join without an equality between its sides is a cross product: only on request
SELECT cdc_stream.add_view('v', 'SELECT a.id, b.id AS bid FROM t a JOIN t b ON a.grp < b.grp');
SELECT cdc_stream.add_view('v', 'SELECT a.id, b.id AS bid FROM t a, t_full b');
SELECT cdc_stream.add_view('v', 'SELECT a.id FROM t a LEFT JOIN t b ON a.grp < b.grp',
    options => '{"allow_cross_join": false}');
SELECT cdc_stream.add_view('v_cross', 'SELECT a.id, b.id AS bid FROM t a JOIN t b ON a.grp < b.grp',
    options => '{"allow_cross_join": true}');
-- text compared under a nondeterministic collation, where equal strings can differ in bytes
SELECT cdc_stream.add_view('v', 'SELECT name, count(*) FROM t_ci GROUP BY name');
SELECT cdc_stream.add_view('v', 'SELECT DISTINCT name FROM t_ci');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_ci WHERE name = ''a''');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t_ci WHERE name IN (''a'', ''b'')');
SELECT cdc_stream.add_view('v', 'SELECT a.id FROM t_ci a JOIN t_ci b ON a.name = b.name');
SELECT cdc_stream.add_view('v', 'SELECT a.id FROM t_ci a JOIN t_ci b ON a.code = b.code COLLATE ci');
SELECT cdc_stream.add_view('v', 'SELECT count(DISTINCT name) FROM t_ci');
SELECT cdc_stream.add_view('v', 'SELECT name FROM t_ci UNION SELECT code FROM t_ci');
SELECT cdc_stream.add_view('v', 'SELECT n FROM (SELECT DISTINCT name AS n FROM t_ci) s');
SELECT cdc_stream.add_view('v', 'SELECT id, code FROM t_ci WHERE code = ''x'' COLLATE ci');
-- duplicates: the same name twice, the same topic twice
SELECT cdc_stream.add_view('v', 'SELECT id FROM t');
SELECT cdc_stream.add_view('v', 'SELECT id FROM t');
SELECT cdc_stream.add_view('w', 'SELECT id FROM t', topic => 'v');

-- passed through, or compared under a deterministic collation, it is fine
SELECT cdc_stream.add_view('v_ci', $$SELECT id, name FROM t_ci WHERE name COLLATE "C" <> 'a' AND code = 'x'$$,
    topic => NULL);
SELECT cdc_stream.add_view('v_ci_grouped', $$SELECT name COLLATE "C" AS name, count(*) FROM t_ci
    GROUP BY name COLLATE "C"$$, topic => NULL);

-- nothing but the good views were created
SELECT view_name, topic FROM cdc_stream.views;
SELECT count(*) - :relations_before AS new_relations FROM pg_class WHERE relnamespace = 'public'::regnamespace;

DROP EXTENSION cdc_stream;
DROP VIEW v, v_cross, v_ci, v_ci_grouped;
DROP TABLE t, t_full, t_no_key, t_nothing, t_unlogged, t_partitioned, t_rls, t_child, t_parent, t_ci CASCADE;
DROP COLLATION ci;
DROP FOREIGN TABLE t_foreign;
DROP SERVER dummy_server;
DROP FOREIGN DATA WRAPPER dummy_wrapper;
DROP SEQUENCE s;
DROP FUNCTION my_double;
