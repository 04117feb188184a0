-- Every value codec in text mode: common types, NULLs, unicode, extremes,
-- and types sent as their text output (jsonb, arrays, domains, ...).
SET client_min_messages = warning;
SET extra_float_digits = 0;
CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE typed (
    id int PRIMARY KEY,
    i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, ok bool,
    amount numeric, price numeric(10,2),
    label text, code varchar(10), flag char(3),
    day date, at timestamp, at_tz timestamptz,
    uid uuid, doc jsonb, plain_json json, tags text[], matrix int[][],
    raw bytea, dom positive_int, feeling mood, span interval, addr inet
);
SELECT 'slot' FROM pg_create_logical_replication_slot('types', 'cdc_stream');

INSERT INTO typed VALUES (1,
    32767, 2147483647, 9223372036854775807, 1.5, 3.141592653589793, true,
    123456789012345678901234567890.123456789, 12.50,
    'héllo wörld ✓ 日本語 🎉', 'varchar', 'ab',
    '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.5+02',
    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": [1, 2.50, null], "a": "x"}', '{"b":1,  "a":2}',
    '{"x","y z",NULL}', '{{1,2},{3,4}}',
    '\x00ff10', 7, 'happy', '1 day 02:03:04', '192.168.0.1/24');
INSERT INTO typed VALUES (2,
    -32768, -2147483648, -9223372036854775808, '-Infinity', 'NaN', false,
    'NaN', -0.01,
    '', '', '',
    '-infinity', 'infinity', '-infinity',
    '00000000-0000-0000-0000-000000000000', '[]', 'null', '{}', '{}',
    '\x', 1, 'sad', '-1 mon', '::1');
INSERT INTO typed VALUES (3,
    0, 0, 0, '-0', '1e-300', NULL,
    '-0.000000000000000000001', 0,
    'it''s "quoted"\', NULL, 'x',
    '0044-03-15 BC', '1999-12-31 23:59:59.999999', '2000-01-01 00:00:00+00',
    NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL);
INSERT INTO typed (id, amount) VALUES (4, 'Infinity'), (5, '-Infinity'),
    (6, 1e100), (7, 0.000000000000000000000000000001), (8, -42);
INSERT INTO typed (id) VALUES (9);

SELECT data FROM pg_logical_slot_get_changes('types', NULL, NULL, 'format', 'text');
SELECT pg_drop_replication_slot('types');
DROP TABLE typed;
DROP DOMAIN positive_int;
DROP TYPE mood;
