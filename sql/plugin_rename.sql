-- Columns of the tables option given by attribute number with the name to
-- send them under (#N AS "name"): matched by attnum, so a RENAME COLUMN
-- mid-stream changes nothing the reader sees; a missing or dropped attnum
-- is an error naming table and attnum.
SET client_min_messages = warning;
CREATE TABLE public.renamed (id int PRIMARY KEY, gone text, name text, price numeric);
ALTER TABLE public.renamed DROP COLUMN gone;
SELECT 'slot' FROM pg_create_logical_replication_slot('rename', 'cdc_stream');

INSERT INTO public.renamed VALUES (1, 'pen', 1.50);
SELECT data FROM pg_logical_slot_get_changes('rename', NULL, NULL, 'format', 'text',
    'tables', 'public.renamed(#3 AS "label", #4 as amount)');
ALTER TABLE public.renamed RENAME COLUMN name TO title;
INSERT INTO public.renamed VALUES (2, 'ink', 2.00);
SELECT data FROM pg_logical_slot_get_changes('rename', NULL, NULL, 'format', 'text',
    'tables', 'public.renamed(#3 AS "label", #4 as amount)');
-- the name form still works beside it
INSERT INTO public.renamed VALUES (3, 'cap', 0.50);
SELECT data FROM pg_logical_slot_peek_changes('rename', NULL, NULL, 'format', 'text',
    'tables', 'public.renamed(title, #4 AS amount)');
-- errors: a dropped attnum, a missing attnum, no AS, a bad number
\set SHOW_CONTEXT never
SELECT data FROM pg_logical_slot_peek_changes('rename', NULL, NULL, 'format', 'text',
    'tables', 'public.renamed(#2 AS "gone")');
SELECT data FROM pg_logical_slot_peek_changes('rename', NULL, NULL, 'format', 'text',
    'tables', 'public.renamed(#9 AS "nine")');
SELECT data FROM pg_logical_slot_peek_changes('rename', NULL, NULL, 'format', 'text',
    'tables', 'public.renamed(#3)');
SELECT data FROM pg_logical_slot_peek_changes('rename', NULL, NULL, 'format', 'text',
    'tables', 'public.renamed(#0 AS "zero")');
SELECT data FROM pg_logical_slot_peek_changes('rename', NULL, NULL, 'format', 'text',
    'tables', 'public.renamed(#3 AS a, #3 AS b)');
\set SHOW_CONTEXT errors
SELECT 'dropped' FROM pg_drop_replication_slot('rename');
DROP TABLE public.renamed;
