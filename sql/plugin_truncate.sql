-- TRUNCATE with its options; only tracked relations are listed.
SET client_min_messages = warning;
CREATE TABLE parent (id serial PRIMARY KEY, v text);
CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent);
CREATE TABLE other (id int PRIMARY KEY);
SELECT 'slot' FROM pg_create_logical_replication_slot('truncate', 'cdc_stream');
INSERT INTO parent (v) VALUES ('a');
INSERT INTO child VALUES (1, 1);
INSERT INTO other VALUES (1);

TRUNCATE other;
TRUNCATE parent CASCADE;
TRUNCATE child;
TRUNCATE parent, child RESTART IDENTITY;
TRUNCATE parent, child, other RESTART IDENTITY CASCADE;
BEGIN;
TRUNCATE other;
ROLLBACK;
SELECT data FROM pg_logical_slot_get_changes('truncate', NULL, NULL, 'format', 'text',
    'tables', 'public.parent, public.child')
    WHERE data NOT LIKE 'RELATION%';
SELECT pg_drop_replication_slot('truncate');
DROP TABLE child, parent, other;
