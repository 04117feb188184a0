-- Golden bytes of the binary wire format (include/cdc_stream/wire.h), in
-- its newest version (2; wire_binary_v1 has version 1).
-- The maintainer's reader is tested against this expected file too
-- (maintainer/source/wire_reader_test.cpp), so both halves agree byte for
-- byte.  Volatile fields are masked: relation OIDs (in RELATION) print as
-- <relid>, and BEGIN/COMMIT print only their tag and length.  Rows and
-- TRUNCATE name relations by their relation number, which is repeatable.
-- Messages print one a line (write_size 0: one message per write); the end
-- of the file checks that the default writes carry exactly these messages.
SET client_min_messages = warning;
CREATE FUNCTION golden(message bytea) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT chr(get_byte(message, 0)) || ' ' || CASE chr(get_byte(message, 0))
        WHEN 'B' THEN 'length ' || octet_length(message)
        WHEN 'C' THEN 'length ' || octet_length(message)
        WHEN 'R' THEN '<relid> ' || encode(substr(message, 6), 'hex')
        ELSE encode(substr(message, 2), 'hex')
    END
$$;
CREATE FUNCTION golden_changes(tables text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT golden(data) FROM pg_logical_slot_get_binary_changes('golden', NULL, NULL,
        'tables', tables, 'write_size', '0')
$$;
-- The writes for tables, with write_size (NULL: the default): per write,
-- its bytes, how many of the messages written one per write (write_size 0)
-- it holds, whether it ends where one of them ends, and whether its bytes
-- are those messages.
CREATE FUNCTION golden_writes(tables text, write_size text)
RETURNS TABLE (transaction bigint, bytes int, messages bigint, whole_messages bool, same_bytes bool)
LANGUAGE sql AS $$
    WITH single AS (
        SELECT xid::text::bigint AS xid, i, data,
               sum(octet_length(data)) OVER (PARTITION BY xid::text::bigint ORDER BY i) AS ends
        FROM pg_logical_slot_peek_binary_changes('golden', NULL, NULL,
            'tables', tables, 'write_size', '0') WITH ORDINALITY AS m(lsn, xid, data, i)
    ), packed AS (
        SELECT xid::text::bigint AS xid, i, data,
               sum(octet_length(data)) OVER (PARTITION BY xid::text::bigint ORDER BY i) AS ends
        FROM pg_logical_slot_peek_binary_changes('golden', NULL, NULL,
            VARIADIC ARRAY['tables', tables] || CASE WHEN write_size IS NULL THEN '{}'::text[]
                ELSE ARRAY['write_size', write_size] END) WITH ORDINALITY AS m(lsn, xid, data, i)
    ), inside AS (
        SELECT p.i, s.i AS message, s.data
        FROM packed p JOIN single s ON s.xid = p.xid
            AND s.ends > p.ends - octet_length(p.data) AND s.ends <= p.ends
    )
    SELECT dense_rank() OVER (ORDER BY p.xid), octet_length(p.data),
           (SELECT count(*) FROM inside WHERE inside.i = p.i),
           EXISTS (SELECT FROM single s WHERE s.xid = p.xid AND s.ends = p.ends),
           p.data = (SELECT string_agg(data, ''::bytea ORDER BY message) FROM inside
                     WHERE inside.i = p.i)
    FROM packed p ORDER BY p.i
$$;

CREATE TABLE c_int (k int PRIMARY KEY, v2 int2, v4 int4, v8 int8);
CREATE TABLE c_float (k int PRIMARY KEY, v4 float4, v8 float8, b bool);
CREATE TABLE c_numeric (k int PRIMARY KEY, v numeric);
CREATE TABLE c_text (k int PRIMARY KEY, t text, vc varchar(5), c char(3));
CREATE TABLE c_time (k int PRIMARY KEY, d date, ts timestamp, tz timestamptz, iv interval);
CREATE TABLE c_other (k int PRIMARY KEY, u uuid, raw bytea, doc jsonb, arr int[]);
CREATE TABLE c_full (k int PRIMARY KEY, v text);
ALTER TABLE c_full REPLICA IDENTITY FULL;
CREATE TABLE c_toast (k int PRIMARY KEY, v text, big text);
ALTER TABLE c_toast ALTER COLUMN big SET STORAGE EXTERNAL;
SELECT 'slot' FROM pg_create_logical_replication_slot('golden', 'cdc_stream');

INSERT INTO c_int VALUES (1, 1, -1, 300), (2, 32767, 2147483647, 9223372036854775807),
    (3, -32768, -2147483648, -9223372036854775808), (4, NULL, 0, NULL);
SELECT * FROM golden_changes('public.c_int');

SET extra_float_digits = 0;
INSERT INTO c_float VALUES (1, 1.5, -2.25, true), (2, 'NaN', 'Infinity', false),
    (3, '-0', '-Infinity', NULL);
SELECT * FROM golden_changes('public.c_float');

INSERT INTO c_numeric VALUES (1, 123.45), (2, -0.050), (3, 0), (4, 'NaN'), (5, 'Infinity'),
    (6, '-Infinity'), (7, 1e20), (8, 12345678901234567890.0987654321);
SELECT * FROM golden_changes('public.c_numeric');

INSERT INTO c_text VALUES (1, 'héllo ✓', 'ab', 'x'), (2, '', NULL, '');
SELECT * FROM golden_changes('public.c_text');

INSERT INTO c_time VALUES (1, '2000-01-02', '2000-01-01 00:00:01', '1999-12-31 23:59:59+00', '1 mon -2 days 00:00:03'),
    (2, 'infinity', '-infinity', 'infinity', '-178000000 years'),
    (3, '0001-01-01 BC', '2024-02-29 13:14:15.123456', NULL, '-00:00:00.000001');
SELECT * FROM golden_changes('public.c_time');

INSERT INTO c_other VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x00ff', '{"a": 1}', '{1,2}');
SELECT * FROM golden_changes('public.c_other');

-- UPDATE without and with a key change, DELETE, key-only old tuples
UPDATE c_int SET v2 = 2 WHERE k = 1;
UPDATE c_int SET k = 5 WHERE k = 4;
DELETE FROM c_int WHERE k = 5;
SELECT * FROM golden_changes('public.c_int');

-- REPLICA IDENTITY FULL: the whole old row
INSERT INTO c_full VALUES (1, 'a');
UPDATE c_full SET v = 'b';
DELETE FROM c_full;
SELECT * FROM golden_changes('public.c_full');

-- column filtering leaves the big column out; a TOASTed value left
-- unchanged by an UPDATE has its own status
INSERT INTO c_toast VALUES (1, 'a', repeat('x', 4000));
UPDATE c_toast SET v = 'b';
SELECT * FROM golden_changes('public.c_toast(k, v)');
UPDATE c_toast SET v = 'c';
SELECT * FROM golden_changes('public.c_toast');

-- rows of two relations in one transaction: relation numbers 0 and 1
BEGIN;
INSERT INTO c_int VALUES (6, 6, 6, 6);
INSERT INTO c_float VALUES (4, 4, 4, true);
INSERT INTO c_int VALUES (7, 7, 7, 7);
COMMIT;
SELECT * FROM golden_changes('public.c_int, public.c_float');

-- TRUNCATE: flags and relation list
TRUNCATE c_int, c_float RESTART IDENTITY CASCADE;
SELECT * FROM golden_changes('public.c_int, public.c_float');

-- A write carries one or more whole messages of one transaction: by
-- default (write_size 65536) a transaction this small is one write, BEGIN
-- to COMMIT; with a smaller write_size the messages go in writes of at
-- least that many bytes, cut only between messages, the last one ending
-- with COMMIT.
BEGIN;
INSERT INTO c_int SELECT k, k, -k, k * 1000 FROM generate_series(10, 29) k;
INSERT INTO c_float VALUES (5, 5, 5, false);
COMMIT;
DELETE FROM c_int WHERE k >= 10;
SELECT * FROM golden_writes('public.c_int, public.c_float', NULL);
SELECT * FROM golden_writes('public.c_int, public.c_float', '100');
-- write_size 1: every callback writes what it made (the first change:
-- BEGIN, RELATION and its row; COMMIT alone)
SELECT count(*) AS writes, sum(messages) AS messages, max(messages) AS most,
       bool_and(whole_messages AND same_bytes) AS whole_and_same
FROM golden_writes('public.c_int', '1');
SELECT count(*) FROM pg_logical_slot_get_binary_changes('golden', NULL, NULL);

SELECT pg_drop_replication_slot('golden');
DROP TABLE c_int, c_float, c_numeric, c_text, c_time, c_other, c_full, c_toast;
