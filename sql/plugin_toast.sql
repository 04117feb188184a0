-- TOASTed values: a changed one is sent whole, an unchanged one is marked
-- as unchanged (the reader fills it from the old row or its own state).
SET client_min_messages = warning;
CREATE TABLE docs (id int PRIMARY KEY, title text, body text);
ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE TABLE docs_full (id int PRIMARY KEY, title text, body text);
ALTER TABLE docs_full ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE docs_full REPLICA IDENTITY FULL;
SELECT 'slot' FROM pg_create_logical_replication_slot('toast', 'cdc_stream');

INSERT INTO docs VALUES (1, 'first', repeat('a', 3000));
UPDATE docs SET title = 'renamed';                 -- body unchanged
UPDATE docs SET body = repeat('b', 3000) || 'end'; -- body changed
INSERT INTO docs_full VALUES (1, 'first', repeat('c', 3000));
UPDATE docs_full SET title = 'renamed';            -- old row is complete

-- show the big values by length, not in full
SELECT regexp_replace(data, '''(.)\1{99,}[^'']*''', '<long value>', 'g') AS data
    FROM pg_logical_slot_get_changes('toast', NULL, NULL, 'format', 'text')
    WHERE data NOT IN ('BEGIN', 'COMMIT');
SELECT pg_drop_replication_slot('toast');
DROP TABLE docs, docs_full;
