-- Postgres' answers for date, timestamp and interval operations on a corpus
-- of values (month ends, leap days, BC dates, infinities, mixed-sign and
-- huge intervals), one tab-separated line per call:
--   utc_offset  fn  result_type  arg_type  arg_value  [arg_type  arg_value ...]  answer
-- answer is Postgres' text (DateStyle ISO, IntervalStyle iso_8601,
-- timestamptz in UTC with "+00", bool as psql shows it), NULL, or
-- "ERROR: <message>".
-- Run by gen_datetime_cases.sh in each time zone of the corpus; fn and the
-- types are as plans write them (docs/plan-format.md).
SET client_min_messages = warning;
SET DateStyle = ISO;
SET IntervalStyle = iso_8601;

CREATE TEMP TABLE corpus (type text, value text);
INSERT INTO corpus
SELECT 'date', unnest(ARRAY['2024-02-29', '2023-01-31', '2000-01-01', '1999-12-31', '0001-01-01',
                            '0044-03-15 BC', '2024-03-31', '2024-10-27', 'infinity', '-infinity'])
UNION ALL
SELECT 'timestamp', unnest(ARRAY['2024-02-29 13:14:15.123456', '2023-01-31 00:00:00', '1999-12-31 23:59:59.999999',
                                 '0001-01-01 00:00:00', '0044-03-15 12:00:00 BC', '2024-10-27 01:30:00',
                                 '2024-03-31 23:00:00', 'infinity', '-infinity'])
UNION ALL
SELECT 'timestamptz', unnest(ARRAY['2024-02-29 13:14:15.123456+00', '2023-01-31 00:00:00+00',
                                   '1999-12-31 23:59:59.999999+00', '0001-01-01 00:00:00+00',
                                   '2024-10-27 01:30:00+00', '2024-03-31 20:00:00+00', 'infinity', '-infinity'])
UNION ALL
SELECT 'interval', unnest(ARRAY['P1M', 'P-1M', 'P1Y2M3DT4H5M6.789S', 'PT0S', 'P30D', 'PT720H', 'P-1Y-2M3DT-4H',
                                'PT-0.000001S', 'P1D', 'PT24H', 'P13M', 'P178000000Y',
                                'P-11M-29DT-23H-59M-59.999999S'])
UNION ALL
SELECT 'int4', unnest(ARRAY['0', '1', '-1', '7', '366', '2147483647', '-2147483648'])
UNION ALL
SELECT 'text', unnest(ARRAY['YYYY-MM-DD', 'YYYY-MM-DD HH24:MI:SS', 'YYYYMMDD', 'HH24:MI:SS.MS', 'HH24:MI:SS.US',
                            'IYYY-IW', 'YYYY Q', 'DDD', 'YYYY/MM', 'MM-DD-YYYY, HH24.MI', 'IYYYIWQ;DDD'])
UNION ALL
SELECT 'float8', unnest(ARRAY['0', '0.5', '-1.5', '2', '3.3333333333333335', '1e-07', '10000000000', '0.1']);

CREATE TEMP TABLE units (unit text);
INSERT INTO units SELECT unnest(ARRAY['microseconds', 'milliseconds', 'second', 'minute', 'hour', 'day', 'week',
    'month', 'quarter', 'year', 'decade', 'century', 'millennium', 'epoch', 'dow', 'isodow', 'doy', 'isoyear',
    'julian', 'timezone', 'timezone_hour', 'timezone_minute', 'Months', 'fortnight']);

-- fn, result type, argument types, the SQL (%1$s, %2$s, %3$s: the arguments as typed literals)
CREATE TEMP TABLE ops (fn text, result text, types text[], sql text);
INSERT INTO ops VALUES
    ('add', 'date', '{date,int4}', '%1$s + %2$s'),
    ('sub', 'date', '{date,int4}', '%1$s - %2$s'),
    ('sub', 'int4', '{date,date}', '%1$s - %2$s'),
    ('add', 'timestamp', '{date,interval}', '%1$s + %2$s'),
    ('sub', 'timestamp', '{date,interval}', '%1$s - %2$s'),
    ('add', 'timestamp', '{timestamp,interval}', '%1$s + %2$s'),
    ('sub', 'timestamp', '{timestamp,interval}', '%1$s - %2$s'),
    ('sub', 'interval', '{timestamp,timestamp}', '%1$s - %2$s'),
    ('add', 'timestamptz', '{timestamptz,interval}', '%1$s + %2$s'),
    ('sub', 'timestamptz', '{timestamptz,interval}', '%1$s - %2$s'),
    ('sub', 'interval', '{timestamptz,timestamptz}', '%1$s - %2$s'),
    ('add', 'interval', '{interval,interval}', '%1$s + %2$s'),
    ('sub', 'interval', '{interval,interval}', '%1$s - %2$s'),
    ('neg', 'interval', '{interval}', '- %1$s'),
    ('mul', 'interval', '{interval,float8}', '%1$s * %2$s'),
    ('mul', 'interval', '{float8,interval}', '%1$s * %2$s'),
    ('div', 'interval', '{interval,float8}', '%1$s / %2$s'),
    ('lt', 'bool', '{interval,interval}', '%1$s < %2$s'),
    ('eq', 'bool', '{interval,interval}', '%1$s = %2$s'),
    ('age', 'interval', '{timestamp,timestamp}', 'age(%1$s, %2$s)'),
    ('age', 'interval', '{timestamptz,timestamptz}', 'age(%1$s, %2$s)'),
    ('cast', 'date', '{timestamptz}', '%1$s::date'),
    ('cast', 'timestamptz', '{date}', '%1$s::timestamptz'),
    ('cast', 'timestamptz', '{timestamp}', '%1$s::timestamptz'),
    ('cast', 'timestamp', '{timestamptz}', '%1$s::timestamp'),
    ('to_char', 'text', '{timestamp,text}', 'to_char(%1$s, %2$s)'),
    ('to_char', 'text', '{timestamptz,text}', 'to_char(%1$s, %2$s)');
INSERT INTO ops
SELECT c.fn, 'bool', ARRAY[p.l, p.r], '%1$s ' || c.op || ' %2$s'
FROM (VALUES ('eq', '='), ('lt', '<'), ('ge', '>=')) c(fn, op),
     (VALUES ('date', 'timestamp'), ('timestamp', 'date'), ('date', 'timestamptz'), ('timestamptz', 'date'),
             ('timestamp', 'timestamptz'), ('timestamptz', 'timestamp')) p(l, r);

-- "ERROR: ..." instead of raising it
CREATE FUNCTION pg_temp.answer(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE query INTO result;
    RETURN coalesce(result, 'NULL');
EXCEPTION WHEN others THEN
    RETURN 'ERROR: ' || SQLERRM;
END $$;

-- a timestamptz as plans write it: the UTC fields, "+00" before a " BC"
CREATE FUNCTION pg_temp.utc_text(t timestamptz) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN NOT isfinite(t) THEN t::text
                ELSE regexp_replace((t AT TIME ZONE 'UTC')::text, '( BC)?$', '+00\1') END
$$;

CREATE TEMP VIEW calls AS
WITH args AS (
    SELECT o.*, a1.value AS v1, a2.value AS v2
    FROM ops o
    JOIN corpus a1 ON a1.type = o.types[1]
    LEFT JOIN corpus a2 ON a2.type = o.types[2]
    WHERE cardinality(o.types) = 1 OR a2.value IS NOT NULL
), unit_calls AS (
    SELECT f.fn, f.result, ARRAY['text', c.type] AS types, u.unit AS v1, c.value AS v2,
           quote_ident(f.fn) || '(%1$s, %2$s)' AS sql
    FROM (VALUES ('date_trunc', NULL), ('extract', 'numeric'), ('date_part', 'float8')) f(fn, result)
    CROSS JOIN units u
    JOIN corpus c ON c.type IN ('timestamp', 'timestamptz', 'interval')
    WHERE f.fn <> 'date_trunc' OR (c.type <> 'interval' AND u.unit NOT LIKE 'timezone%' AND u.unit <> 'epoch')
), make_date_calls AS (
    SELECT 'make_date' AS fn, 'date' AS result, ARRAY['int4', 'int4', 'int4'] AS types, y, m, d
    FROM unnest(ARRAY['2024', '2023', '-44', '0', '5874897', '-4713', '-4714']) y,
         unnest(ARRAY['2', '11', '13', '0']) m, unnest(ARRAY['29', '30', '24', '0']) d
), all_calls AS (
    SELECT fn, result, types, ARRAY[v1] || CASE WHEN v2 IS NULL THEN '{}'::text[] ELSE ARRAY[v2] END AS vals, sql
    FROM args
    UNION ALL
    SELECT fn, coalesce(result, types[2]), types, ARRAY[v1, v2], sql FROM unit_calls
    UNION ALL
    SELECT fn, result, types, ARRAY[y, m, d], 'make_date(%1$s, %2$s, %3$s)' FROM make_date_calls
)
SELECT fn, result, types, vals,
       pg_temp.answer(format('SELECT ' || CASE WHEN result = 'timestamptz' THEN 'pg_temp.utc_text(%s)'
                                              WHEN result = 'bool' THEN 'CASE (%s) WHEN true THEN ''t'' ELSE ''f'' END'
                                              ELSE '(%s)::text' END,
                             format(sql, VARIADIC (SELECT array_agg(quote_literal(v) || '::' || t ORDER BY i)
                                                   FROM unnest(vals, types) WITH ORDINALITY x(v, t, i))))) AS answer
FROM all_calls;

-- the zone's fixed offset, seconds east of UTC
SELECT extract(timezone FROM '2000-01-01 00:00:00+00'::timestamptz)::int8::text AS utc_offset \gset
\pset format unaligned
\pset tuples_only on
\pset fieldsep '\t'
SELECT :'utc_offset', fn, result,
       (SELECT string_agg(t || E'\t' || v, E'\t' ORDER BY i) FROM unnest(types, vals) WITH ORDINALITY x(t, v, i)),
       answer
FROM calls ORDER BY fn, result, types, vals;
