-- Golden bytes of version 1 of the binary wire format, which the plugin
-- still writes when asked (proto_version '1'): rows name their relation by
-- OID and every tuple has its status bitmap.  The maintainer's reader is
-- tested against this file too (maintainer/source/wire_reader_test.cpp).
-- Relation OIDs print as <relid>, TRUNCATE's as <relids>; BEGIN and COMMIT
-- print only their tag and length.
SET client_min_messages = warning;
CREATE FUNCTION golden_v1(message bytea) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT chr(get_byte(message, 0)) || ' ' || CASE chr(get_byte(message, 0))
        WHEN 'B' THEN 'length ' || octet_length(message)
        WHEN 'C' THEN 'length ' || octet_length(message)
        WHEN 'T' THEN encode(substr(message, 2, 2), 'hex') || ' <relids>'
        ELSE '<relid> ' || encode(substr(message, 6), 'hex')
    END
$$;
CREATE FUNCTION golden_v1_changes(tables text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT golden_v1(data) FROM pg_logical_slot_get_binary_changes('golden_v1', NULL, NULL,
        'proto_version', '1', 'tables', tables)
$$;

CREATE TABLE v1_int (k int PRIMARY KEY, v2 int2, v4 int4, v8 int8);
CREATE TABLE v1_numeric (k int PRIMARY KEY, v numeric);
CREATE TABLE v1_full (k int PRIMARY KEY, v text);
ALTER TABLE v1_full REPLICA IDENTITY FULL;
SELECT 'slot' FROM pg_create_logical_replication_slot('golden_v1', 'cdc_stream');

INSERT INTO v1_int VALUES (1, 1, -1, 300), (4, NULL, 0, NULL);
UPDATE v1_int SET v2 = 2 WHERE k = 1;
UPDATE v1_int SET k = 5 WHERE k = 4;
DELETE FROM v1_int WHERE k = 5;
INSERT INTO v1_numeric VALUES (1, 123.45), (2, -0.050), (3, 0), (4, 'NaN'), (5, 'Infinity'),
    (6, '-Infinity'), (7, 1e20), (8, 12345678901234567890.0987654321);
INSERT INTO v1_full VALUES (1, 'a');
UPDATE v1_full SET v = 'b';
DELETE FROM v1_full;
TRUNCATE v1_int, v1_full;
SELECT * FROM golden_v1_changes('public.v1_int, public.v1_numeric, public.v1_full');

SELECT pg_drop_replication_slot('golden_v1');
DROP TABLE v1_int, v1_numeric, v1_full;
