-- The workload bench/decode.sh decodes: :inserts inserts, then :updates
-- updates, each in transactions of at most :txn_rows rows (\gexec runs every
-- generated statement as its own transaction).  Prints the WAL position just
-- after it, which bounds every decode.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

SELECT format($q$
    INSERT INTO public.bench_rows
    SELECT g,
           (g::bigint * 7919 %% 1000000)::int,
           substr(md5(g::text), 1, 20),
           round((g %% 100000) * 1.37, 2),
           timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second'
    FROM generate_series(%s, %s) g$q$,
    lo, least(lo + :txn_rows - 1, :inserts))
FROM generate_series(1, :inserts, :txn_rows) lo
\gexec

-- Updates leave the key alone, so no old key is logged (REPLICA IDENTITY
-- DEFAULT): each is one new row, as in the common case.
SELECT format($q$
    UPDATE public.bench_rows
    SET a = a + 1, c = c + 0.01, d = d + interval '1 hour'
    WHERE id BETWEEN %s AND %s$q$,
    lo, least(lo + :txn_rows - 1, :updates))
FROM generate_series(1, :updates, :txn_rows) lo
\gexec

\pset tuples_only on
\pset format unaligned
SELECT pg_current_wal_lsn();
