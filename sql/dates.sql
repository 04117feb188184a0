-- Dates, timestamps and intervals: constants folded by Postgres, each
-- date/time operator and function as the plan writes it, the view's time
-- zone, and the refusals.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
CREATE TABLE ev (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz, iv interval, n int, f float8);
CREATE TABLE other (id int PRIMARY KEY, ts timestamp);

-- one line per select-list expression: fn (pg function) -> type, its
-- arguments' kinds and types, utc_offset when it reads TimeZone
CREATE FUNCTION expr_line(e jsonb) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(e->>'fn', e->>'kind') || coalesce(' (' || (e->>'pg') || ')', '') || ' -> ' || (e->>'type') ||
           coalesce(' [' || (SELECT string_agg(coalesce(a->>'value', a->>'fn', a->>'kind') || '::' || (a->>'type'), ', ')
                             FROM jsonb_array_elements(coalesce(e->'args', jsonb_build_array(e->'arg'))) a) || ']', '') ||
           coalesce(' utc_offset=' || (e->>'utc_offset'), '')
$$;
CREATE FUNCTION exprs(query text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT expr_line(e) FROM jsonb_array_elements(cdc_stream.explain_view(query)->'root'->'exprs') e
$$;
CREATE FUNCTION predicate(query text) RETURNS text LANGUAGE sql AS $$
    SELECT expr_line(cdc_stream.explain_view(query)->'root'->'input'->'predicate')
$$;

-- constants are folded by Postgres: TPC-H Q1/Q6's bound is one timestamp
SELECT predicate($$SELECT id FROM ev WHERE d <= date '1998-12-01' - interval '90' day$$);
SELECT exprs($$SELECT id, date '2024-01-31' + interval '1 month', interval '1 day' * 2.5, 2 * 3 + n,
               make_date(2024, 2, 29) - 1, lower('AB') FROM ev$$);
-- integer + date is SQL (SELECT $2 + $1): inlined into date + integer
SELECT exprs($$SELECT 7 + d FROM ev$$);

-- arithmetic
SELECT exprs($$SELECT d + n, d - 7, d - date '2020-02-29', d + iv, d - interval '1 month', ts + iv,
               ts - interval '1 hour', ts - ts, iv + iv, iv - interval 'P1D', -iv, iv * f, f * iv, iv / 4,
               age(ts, d), make_date(n, 1, 1) FROM ev$$);
-- comparisons across date, timestamp and interval
SELECT predicate($$SELECT id FROM ev WHERE d < ts$$);
SELECT predicate($$SELECT id FROM ev WHERE ts >= d$$);
SELECT predicate($$SELECT id FROM ev WHERE iv = interval '1 month'$$);
-- date_trunc and extract
SELECT exprs($$SELECT date_trunc('month', ts), extract(epoch FROM ts), date_part('dow', ts), extract(year FROM d),
               extract(hour FROM iv), date_part('epoch', iv) FROM ev$$);

-- TimeZone-dependent functions take the view's time zone, fixed at add_view
SET TimeZone = 'UTC';
SELECT cdc_stream.explain_view($$SELECT tz::date FROM ev$$)->>'time_zone' AS time_zone;
SELECT exprs($$SELECT tz::date, d::timestamptz, ts::timestamptz, tz::timestamp, tz + iv, tz - interval '1 day',
               tz - tz, date_trunc('day', tz), extract(hour FROM tz), date_part('timezone', tz), age(tz, tz),
               date_trunc('month', d) FROM ev$$);
SELECT predicate($$SELECT id FROM ev WHERE tz > d$$);
SELECT predicate($$SELECT id FROM ev WHERE ts <= tz$$);
-- now() is not TimeZone's but the clock's
SELECT cdc_stream.add_view('v', $$SELECT id FROM ev WHERE tz > now() - interval '1 day'$$);
SET TimeZone = 'Etc/GMT-2';
SELECT cdc_stream.explain_view($$SELECT tz::date FROM ev$$)->>'time_zone' AS time_zone;
SELECT exprs($$SELECT tz::date, date_trunc('day', tz) FROM ev$$);
-- a zone with daylight saving time has no fixed offset
SET TimeZone = 'Europe/Rome';
SELECT exprs($$SELECT date_trunc('day', tz) FROM ev$$);
SELECT exprs($$SELECT tz::date FROM ev$$);
SELECT predicate($$SELECT id FROM ev WHERE tz > d$$);
-- but what does not read TimeZone is accepted in any zone
SELECT exprs($$SELECT ts + iv, tz - tz FROM ev$$);
RESET TimeZone;

-- AT TIME ZONE with a constant zone of one offset: a cast at that offset,
-- whatever the session's TimeZone ('+05:30' is POSIX: five and a half hours
-- west, as Postgres reads it)
SELECT exprs($$SELECT ts AT TIME ZONE 'UTC', tz AT TIME ZONE 'EST', ts AT TIME ZONE 'Etc/GMT-3',
               tz AT TIME ZONE '+05:30', ts AT TIME ZONE NULL FROM ev$$);
SELECT exprs($$SELECT ts AT TIME ZONE 'Europe/Rome' FROM ev$$);
SELECT exprs($$SELECT ts AT TIME ZONE n::text FROM ev$$);
SELECT exprs($$SELECT ts AT TIME ZONE 'Nowhere/City' FROM ev$$);

-- to_char of the numeric fields: no locale read; a timestamptz in the view's zone
SELECT exprs($$SELECT to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US') FROM ev$$);
-- (a date is formatted as a timestamptz, Postgres' choice of to_char)
SET TimeZone = 'UTC';
SELECT exprs($$SELECT to_char(tz, 'YYYYMMDD Q DDD'), to_char(d, 'IYYY-IW') FROM ev$$);
RESET TimeZone;
SELECT exprs($$SELECT to_char(ts, 'Mon DD') FROM ev$$);
SELECT exprs($$SELECT to_char(ts, 'FMMM/SSSS') FROM ev$$);
SELECT exprs($$SELECT to_char(ts, 'YYYY"T"MM') FROM ev$$);
SELECT exprs($$SELECT to_char(ts, n::text) FROM ev$$);

-- intervals group and key by Postgres' equality ('1 month' = '30 days')
SELECT cdc_stream.explain_view($$SELECT iv, count(*), max(iv) FROM ev GROUP BY iv$$)->'key' AS key;
-- date = timestamp compares days with microseconds: a residual, not a hash key
SELECT jsonb_array_length(j->'on') AS keys, expr_line(j->'residual') AS residual
FROM (SELECT cdc_stream.explain_view($$SELECT ev.id FROM ev JOIN other o ON ev.d = o.ts$$)->'root'->'input' AS j) p;
SELECT cdc_stream.explain_view($$SELECT id FROM ev WHERE d IN (SELECT ts FROM other)$$);

-- refusals
SELECT cdc_stream.add_view('v', $$SELECT justify_days(iv) FROM ev$$);
SELECT cdc_stream.add_view('v', $$SELECT iv::text FROM ev$$);
SELECT cdc_stream.add_view('v', $$SELECT date_trunc('month', iv) FROM ev$$);
-- a string literal stays one (concat's "any" arguments keep type unknown)
SELECT exprs($$SELECT concat(n, ' x') FROM ev$$);
-- a folded constant of a type cdc-maintainer cannot hold exactly
SELECT cdc_stream.add_view('v', $$SELECT id, ARRAY[1.5::float8, 2] FROM ev$$);
SELECT cdc_stream.add_view('v', $$SELECT id, '[2024-01-01,2024-02-01)'::daterange FROM ev$$);
SELECT cdc_stream.add_view('v', $$SELECT id, '12.50'::money FROM ev$$);

DROP FUNCTION exprs, predicate, expr_line;
DROP TABLE ev, other;
DROP EXTENSION cdc_stream;
