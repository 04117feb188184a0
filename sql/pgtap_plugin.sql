-- pgTAP checks of the output plugin, run by pg_regress like the other files.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE TABLE tap_items (id int PRIMARY KEY, name text);
SELECT plan(8);

SELECT lives_ok($$SELECT pg_create_logical_replication_slot('tap', 'cdc_stream')$$,
    'a slot with plugin cdc_stream can be created');
SELECT is((SELECT plugin::text FROM pg_replication_slots WHERE slot_name = 'tap'), 'cdc_stream',
    'the slot uses the cdc_stream plugin');

INSERT INTO tap_items VALUES (1, 'a');
SELECT results_eq(
    $$SELECT data FROM pg_logical_slot_peek_changes('tap', NULL, NULL, 'format', 'text')
      WHERE data NOT LIKE 'RELATION%'$$,
    ARRAY['BEGIN', 'INSERT public.tap_items: id=1 name=''a''', 'COMMIT'],
    'an insert decodes to BEGIN, INSERT, COMMIT');
SELECT is((SELECT get_byte(data, 0) FROM pg_logical_slot_peek_binary_changes('tap', NULL, NULL)
           LIMIT 1), ascii('B'), 'binary messages start with their tag');
SELECT throws_ok(
    $$SELECT * FROM pg_logical_slot_peek_changes('tap', NULL, NULL, 'bogus', '1')$$,
    '22023', 'unrecognized cdc_stream option "bogus"', 'unknown options are refused');
SELECT throws_ok(
    $$SELECT * FROM pg_logical_slot_peek_changes('tap', NULL, NULL, 'proto_version', '9')$$,
    '0A000', 'cdc_stream protocol version 9 is not supported', 'future versions are refused');
SELECT is((SELECT count(*) FROM pg_logical_slot_get_changes('tap', NULL, NULL, 'format', 'text',
           'tables', 'public.other')), 0::bigint, 'untracked tables send nothing');
SELECT lives_ok($$SELECT pg_drop_replication_slot('tap')$$, 'the slot can be dropped');

SELECT * FROM finish();
DROP TABLE tap_items;
