-- The tables option: only listed tables, only listed columns (replica
-- identity columns always), quoted and case-folded names; and the origin
-- option, which skips changes made under a replication origin.
SET client_min_messages = warning;
CREATE SCHEMA "Mixed Case";
CREATE TABLE "Mixed Case"."Orders" ("Id" int PRIMARY KEY, "Total" numeric, note text, secret text);
CREATE TABLE public.items (id int PRIMARY KEY, name text, price numeric, stock int);
CREATE TABLE public.ignored (id int PRIMARY KEY);
SELECT 'slot' FROM pg_create_logical_replication_slot('filter', 'cdc_stream');

INSERT INTO "Mixed Case"."Orders" VALUES (1, 9.99, 'gift', 's3cret');
INSERT INTO public.items VALUES (1, 'pen', 1.50, 10);
INSERT INTO public.ignored VALUES (1);
UPDATE public.items SET stock = 9;  -- only unsent columns change: still sent
DELETE FROM public.items;

SELECT data FROM pg_logical_slot_peek_changes('filter', NULL, NULL, 'format', 'text',
    'tables', '"Mixed Case"."Orders"("Total", note), PUBLIC.Items (name)')
    WHERE data NOT IN ('BEGIN', 'COMMIT');

-- a column that does not exist is an error, not a silent omission (terse:
-- the error's context names a WAL position)
\set VERBOSITY terse
SELECT data FROM pg_logical_slot_peek_changes('filter', NULL, NULL, 'format', 'text',
    'tables', 'public.items(name, colour)');
\set VERBOSITY default
SELECT data FROM pg_logical_slot_get_changes('filter', NULL, NULL, 'format', 'text',
    'tables', '');

-- a table named by its OID is followed through a rename
CREATE FUNCTION changes_by_oid() RETURNS SETOF text LANGUAGE sql AS $$
    SELECT data FROM pg_logical_slot_get_changes('filter', NULL, NULL, 'format', 'text',
        'tables', 'public.items'::regclass::oid || ' (name), 4294967295')
    WHERE data LIKE 'INSERT%'
$$;
INSERT INTO public.items VALUES (10, 'before rename', 1, 1);
SELECT * FROM changes_by_oid();
ALTER TABLE public.items RENAME TO items_renamed;
INSERT INTO public.items_renamed VALUES (11, 'after rename', 1, 1);
SELECT data FROM pg_logical_slot_peek_changes('filter', NULL, NULL, 'format', 'text',
    'tables', 'public.items(name)') WHERE data LIKE 'INSERT%';
ALTER TABLE public.items_renamed RENAME TO items;
SELECT * FROM changes_by_oid();
DROP FUNCTION changes_by_oid;

-- origin: changes made with a replication origin set are skipped with 'none'
SELECT 'origin' FROM pg_replication_origin_create('cdc_stream_test_origin');
INSERT INTO public.items VALUES (2, 'local', 1, 1);
SELECT 'setup' FROM pg_replication_origin_session_setup('cdc_stream_test_origin');
INSERT INTO public.items VALUES (3, 'replicated', 1, 1);
SELECT pg_replication_origin_session_reset();
SELECT data FROM pg_logical_slot_peek_changes('filter', NULL, NULL, 'format', 'text',
    'tables', 'public.items(name)') WHERE data LIKE 'INSERT%';
SELECT data FROM pg_logical_slot_get_changes('filter', NULL, NULL, 'format', 'text',
    'tables', 'public.items(name)', 'origin', 'none') WHERE data LIKE 'INSERT%';
SELECT pg_replication_origin_drop('cdc_stream_test_origin');

SELECT pg_drop_replication_slot('filter');
DROP SCHEMA "Mixed Case" CASCADE;
DROP TABLE public.items, public.ignored;
