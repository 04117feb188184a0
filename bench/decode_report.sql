-- The tables bench/decode.sh prints, from the runs on standard input (CSV
-- lines: run, variant, seconds, messages, bytes; messages and bytes empty for
-- runs through the replication protocol, which send the bytes of the first
-- table).  Variables: :changes, the number of row changes in the workload;
-- :bytes, whether to print the message and byte columns.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TEMP TABLE runs (
    run int, variant text, seconds float8, messages bigint, bytes bigint);
\copy runs FROM pstdin WITH (FORMAT csv)

CREATE TEMP VIEW medians AS
SELECT v.ord, v.name, v.ref_binary, v.ref_text,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY r.seconds) AS seconds,
       min(r.seconds) AS fastest,
       max(r.seconds) - min(r.seconds) AS spread,
       max(r.messages) AS messages,
       max(r.bytes) AS bytes
FROM bench.variants v
JOIN runs r ON r.variant = v.name
GROUP BY v.ord;

-- ratio(a, b): a / b to two decimals.
CREATE FUNCTION pg_temp.ratio(a float8, b float8) RETURNS numeric
LANGUAGE sql AS $$ SELECT round((a / nullif(b, 0))::numeric, 2) $$;

CREATE TEMP VIEW report AS
SELECT m.ord, m.name AS variant,
       round(m.seconds::numeric, 3) AS "seconds",
       round((100 * m.spread / nullif(m.seconds, 0))::numeric) AS "spread %",
       pg_temp.ratio(m.seconds, floor.seconds) AS "x floor",
       round(m.fastest::numeric, 3) AS "fastest",
       pg_temp.ratio(m.fastest, floor.fastest) AS "fastest x floor",
       pg_temp.ratio(m.seconds, pb.seconds) AS "x pgo bin time",
       m.messages,
       round(m.bytes::numeric / :changes, 1) AS "bytes/change",
       pg_temp.ratio(m.bytes, pb.bytes) AS "x pgo bin bytes",
       pg_temp.ratio(m.bytes, pt.bytes) AS "x pgo text bytes"
FROM medians m
CROSS JOIN (SELECT seconds, fastest FROM medians WHERE ord = 1) floor
LEFT JOIN medians pb ON pb.name = m.ref_binary
LEFT JOIN medians pt ON pt.name = m.ref_text;

\if :bytes
SELECT variant, "seconds", "spread %", "x floor", "fastest", "fastest x floor", "x pgo bin time",
       messages, "bytes/change", "x pgo bin bytes", "x pgo text bytes"
FROM report ORDER BY ord;
\else
SELECT variant, "seconds", "spread %", "x floor", "fastest", "fastest x floor", "x pgo bin time"
FROM report ORDER BY ord;
\endif
