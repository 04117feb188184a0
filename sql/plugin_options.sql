-- Bad plugin options are refused with a message that says what is wrong.
SET client_min_messages = warning;
CREATE TABLE t (id int PRIMARY KEY);
SELECT 'slot' FROM pg_create_logical_replication_slot('options', 'cdc_stream');
INSERT INTO t VALUES (1);
CREATE FUNCTION try_options(VARIADIC options text[]) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT data FROM pg_logical_slot_peek_changes('options', NULL, NULL, VARIADIC options)
$$;

SELECT try_options('format', 'text', 'colour', 'blue');
SELECT try_options('format', 'text', 'format', 'text');
SELECT try_options('format', 'json');
SELECT try_options('format', 'text', 'proto_version', '3');
SELECT try_options('format', 'text', 'proto_version', '0');
SELECT try_options('format', 'text', 'proto_version', 'one');
SELECT try_options('format', 'text', 'origin', 'some');
SELECT try_options('format', 'text', 'tables', 't');
SELECT try_options('format', 'text', 'tables', 'public.t(');
SELECT try_options('format', 'text', 'tables', 'public.t(id, id)');
SELECT try_options('format', 'text', 'tables', 'public.t, public.t');
SELECT try_options('format', 'text', 'tables', 'public."t');
SELECT try_options('format', 'text', 'tables', 'public.t extra');
SELECT try_options('format', 'text', 'tables', 'public.t,');
SELECT try_options('format', 'text', 'write_size', '-1');
SELECT try_options('format', 'text', 'write_size', '64k');
SELECT try_options('format', 'text', 'write_size', '16777217');
-- text and version 1 send one message per write
SELECT try_options('format', 'text', 'write_size', '100');
SELECT try_options('format', 'binary', 'proto_version', '1', 'write_size', '100');
-- binary output through the text-returning function is refused by Postgres
SELECT try_options('format', 'binary');
-- the good options, for contrast
SELECT try_options('format', 'TEXT', 'proto_version', '1', 'origin', 'none', 'tables', ' public . t ( id ) ');
SELECT try_options('format', 'text', 'write_size', '0');

SELECT pg_drop_replication_slot('options');
DROP TABLE t;
DROP FUNCTION try_options;
