-- Old rows of UPDATE and DELETE as far as each REPLICA IDENTITY provides them.
SET client_min_messages = warning;
CREATE TABLE id_default (id int PRIMARY KEY, code text, v text);
CREATE TABLE id_full (id int PRIMARY KEY, code text, v text);
ALTER TABLE id_full REPLICA IDENTITY FULL;
CREATE TABLE id_nothing (id int PRIMARY KEY, code text, v text);
ALTER TABLE id_nothing REPLICA IDENTITY NOTHING;
CREATE TABLE id_index (id int PRIMARY KEY, code text NOT NULL, v text);
CREATE UNIQUE INDEX id_index_code ON id_index (code);
ALTER TABLE id_index REPLICA IDENTITY USING INDEX id_index_code;
CREATE TABLE id_none (id int, v text);  -- no primary key: DEFAULT means nothing
SELECT 'slot' FROM pg_create_logical_replication_slot('identity', 'cdc_stream');

CREATE FUNCTION exercise(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO %s VALUES (1, %L, %L)', tbl, 'a', 'x');
    EXECUTE format('UPDATE %s SET v = %L', tbl, 'y');           -- key unchanged
    EXECUTE format('UPDATE %s SET id = 2, code = %L', tbl, 'b'); -- key changed
    EXECUTE format('DELETE FROM %s', tbl);
END $$;
SELECT exercise('id_default');
SELECT exercise('id_full');
SELECT exercise('id_nothing');
SELECT exercise('id_index');
INSERT INTO id_none VALUES (1, 'x');
UPDATE id_none SET v = 'y';
DELETE FROM id_none;

SELECT data FROM pg_logical_slot_get_changes('identity', NULL, NULL, 'format', 'text')
    WHERE data NOT IN ('BEGIN', 'COMMIT');
SELECT pg_drop_replication_slot('identity');
DROP TABLE id_default, id_full, id_nothing, id_index, id_none;
DROP FUNCTION exercise;
