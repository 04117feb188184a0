-- Names add_view refuses: views in temporary schemas, reserved or colliding
-- Kafka topics, and declared keys that are not a flat list of names.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
CREATE TABLE t (id int PRIMARY KEY, label text);
-- a temporary schema: the view would vanish, its catalog row would not
DO $$ BEGIN
    PERFORM cdc_stream.add_view('pg_temp.x', 'SELECT id FROM t');
EXCEPTION WHEN invalid_schema_definition THEN
    RAISE WARNING '%', regexp_replace(SQLERRM, 'pg_temp_[0-9]+', 'pg_temp_N');
END $$;
-- reserved topics
SELECT cdc_stream.add_view('p', 'SELECT id FROM t', topic => 'cdc_stream.progress');
SELECT cdc_stream.add_view('p', 'SELECT id FROM t', topic => '__consumer_offsets');
SELECT cdc_stream.add_view('p', 'SELECT id FROM t', topic => '__transaction_state');
SELECT cdc_stream.add_view('p', 'SELECT id FROM t', topic => '..');
SELECT cdc_stream.add_view('p', 'SELECT id FROM t', topic => 'a b');
SELECT cdc_stream.add_view('p', 'SELECT id FROM t', topic => repeat('a', 250));
-- topics Kafka confuses: '.' and '_' are the same to it
SELECT cdc_stream.add_view('abc', 'SELECT id FROM t', topic => 'a.b.c') > 0 AS added;
SELECT cdc_stream.add_view('abc2', 'SELECT id FROM t', topic => 'a_b_c');
SELECT cdc_stream.add_view('abc3', 'SELECT id FROM t', topic => 'a.b_c');
SELECT cdc_stream.add_view('abc4', 'SELECT id FROM t', topic => 'a.b.c');
-- declared keys: one dimension, no NULLs
SELECT cdc_stream.add_view('k', 'SELECT id FROM t', key => ARRAY[ARRAY['id'], ARRAY['label']]);
SELECT cdc_stream.add_view('k', 'SELECT id FROM t', key => ARRAY['id', NULL]);
SELECT view_name, topic FROM cdc_stream.views ORDER BY view_name;
SELECT cdc_stream.drop_view('abc');
DROP TABLE t;
DROP EXTENSION cdc_stream;
