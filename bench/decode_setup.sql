-- Schema, publications, one logical slot per variant and the timing function
-- for bench/decode.sh.  Everything here happens BEFORE the workload, so every
-- slot's restart point precedes it and each slot decodes the same WAL.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE SCHEMA bench;

-- Autovacuum off: it would compete with decoding for the machine's 2 cores.
CREATE TABLE public.bench_rows (
    id bigint PRIMARY KEY,
    a  int,
    b  text,
    c  numeric,
    d  timestamptz
) WITH (autovacuum_enabled = false);

CREATE PUBLICATION bench_full FOR TABLE public.bench_rows;
CREATE PUBLICATION bench_cols FOR TABLE public.bench_rows (id, a);
-- Matches no table: pgoutput decodes every change and sends nothing.  The
-- cost of decoding without output is the floor every plugin pays.
CREATE PUBLICATION bench_none;

-- ref_binary and ref_text: the pgoutput variant sending the same columns,
-- which the report divides by.  stream: also decoded through the
-- replication protocol (pg_recvlogical), as cdc-maintainer consumes it.
CREATE TABLE bench.variants (
    ord        int PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    plugin     text NOT NULL,
    options    text[] NOT NULL,
    ref_binary text NOT NULL,
    ref_text   text NOT NULL,
    stream     bool NOT NULL DEFAULT false,
    slot       name GENERATED ALWAYS AS ('bench_' || ord) STORED
);

INSERT INTO bench.variants (ord, name, plugin, options, ref_binary, ref_text, stream) VALUES
 (1,  'floor: pgoutput, no table', 'pgoutput',
      '{proto_version,1,publication_names,bench_none}',
      'pgoutput binary', 'pgoutput text', true),
 (2,  'cdc_stream binary', 'cdc_stream', '{format,binary}',
      'pgoutput binary', 'pgoutput text', true),
 (3,  'cdc_stream binary v1', 'cdc_stream', '{format,binary,proto_version,1}',
      'pgoutput binary', 'pgoutput text', true),
 (4,  'cdc_stream text', 'cdc_stream', '{format,text}',
      'pgoutput binary', 'pgoutput text', false),
 (5,  'pgoutput binary', 'pgoutput',
      '{proto_version,1,publication_names,bench_full,binary,true}',
      'pgoutput binary', 'pgoutput text', true),
 (6,  'pgoutput text', 'pgoutput',
      '{proto_version,1,publication_names,bench_full}',
      'pgoutput binary', 'pgoutput text', true),
 (7,  'wal2json v2', 'wal2json', '{format-version,2}',
      'pgoutput binary', 'pgoutput text', false),
 (8,  'decoderbufs', 'decoderbufs', '{}',
      'pgoutput binary', 'pgoutput text', false),
 (9,  'test_decoding', 'test_decoding', '{}',
      'pgoutput binary', 'pgoutput text', false),
 (10, 'cdc_stream binary (id, a)', 'cdc_stream',
      '{format,binary,tables,"public.bench_rows(id, a)"}',
      'pgoutput binary (id, a)', 'pgoutput text (id, a)', true),
 (11, 'pgoutput binary (id, a)', 'pgoutput',
      '{proto_version,1,publication_names,bench_cols,binary,true}',
      'pgoutput binary (id, a)', 'pgoutput text (id, a)', true),
 (12, 'pgoutput text (id, a)', 'pgoutput',
      '{proto_version,1,publication_names,bench_cols}',
      'pgoutput binary (id, a)', 'pgoutput text (id, a)', false);

SELECT count(pg_create_logical_replication_slot(slot, plugin)) AS slots
FROM bench.variants;

-- Decodes the variant's slot once, up to upto, and times it on the server.
-- Peek, not get: the slot does not advance, so every run decodes the same
-- WAL.  The rows go to a tuplestore and are only counted, never sent to the
-- client; work_mem is large so that tuplestore stays in memory and the time
-- is decoding, not temporary-file I/O.
CREATE FUNCTION bench.decode_once(variant text, upto pg_lsn,
                                  OUT seconds float8, OUT messages bigint,
                                  OUT bytes bigint)
LANGUAGE plpgsql
SET work_mem = '4GB'
SET client_min_messages = warning  -- decoderbufs says INFO on every startup
AS $$
DECLARE
    v bench.variants;
    started timestamptz;
BEGIN
    SELECT * INTO STRICT v FROM bench.variants WHERE name = variant;
    started := clock_timestamp();
    SELECT count(*), coalesce(sum(octet_length(data)), 0)
      INTO messages, bytes
      FROM pg_logical_slot_peek_binary_changes(v.slot, upto, NULL,
                                               VARIADIC v.options);
    seconds := extract(epoch FROM clock_timestamp() - started);
END
$$;
