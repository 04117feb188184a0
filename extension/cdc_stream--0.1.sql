-- cdc_stream extension, version 0.1
\echo Use "CREATE EXTENSION cdc_stream" to load this file. \quit

-- The views cdc-maintainer keeps up to date, one row each.  A configuration
-- table of the extension (pg_dump keeps its rows) and a user catalog table,
-- so the output plugin may read it while decoding.
CREATE TABLE @extschema@.views (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    view_schema name NOT NULL,
    view_name name NOT NULL,
    view_oid oid NOT NULL UNIQUE,
    query text NOT NULL,
    topic text UNIQUE,
    key text[],
    envelope text NOT NULL DEFAULT 'row'
        CHECK (envelope IN ('row', 'debezium', 'upsert')),
    options jsonb NOT NULL DEFAULT '{}',
    plan jsonb NOT NULL,
    created_lsn pg_lsn NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- set by cdc-maintainer: pending until its initial content is out
    state text NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'running', 'error')),
    error text,
    UNIQUE (view_schema, view_name)
) WITH (user_catalog_table = true);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.views', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.views_id_seq', '');

COMMENT ON TABLE @extschema@.views IS
    'Views maintained by cdc-maintainer: their query, plan (docs/plan-format.md), Kafka topic and state';

CREATE FUNCTION @extschema@.add_view(
    name text,
    query text,
    topic text DEFAULT '',  -- '': the view's name; NULL: no Kafka output
    key text[] DEFAULT NULL,
    envelope text DEFAULT 'row',
    options jsonb DEFAULT '{}')
RETURNS bigint
LANGUAGE C VOLATILE
AS 'MODULE_PATHNAME', 'cdc_stream_add_view';

COMMENT ON FUNCTION @extschema@.add_view(text, text, text, text[], text, jsonb) IS
    'Defines an incrementally maintained view streamed to Kafka topic (default: the view''s name; NULL: no topic)';

CREATE FUNCTION @extschema@.explain_view(query text)
RETURNS jsonb
LANGUAGE C STABLE STRICT
AS 'MODULE_PATHNAME', 'cdc_stream_explain_view';

COMMENT ON FUNCTION @extschema@.explain_view(text) IS
    'The plan add_view would store for query, without creating anything';

CREATE FUNCTION @extschema@.drop_view(name text, cascade boolean DEFAULT false)
RETURNS void
LANGUAGE C VOLATILE STRICT
AS 'MODULE_PATHNAME', 'cdc_stream_drop_view';

COMMENT ON FUNCTION @extschema@.drop_view(text, boolean) IS
    'Drops a view defined by add_view: the Postgres view and its catalog entry';

-- A table's rows in the wire format (docs/wire-format.md), read with the
-- caller's snapshot: RELATION, then one INSERT per row.  cdc-maintainer reads
-- initial content with it inside a slot's exported snapshot.
CREATE FUNCTION @extschema@.snapshot_rows(relation regclass, columns text[])
RETURNS SETOF bytea
LANGUAGE C VOLATILE STRICT
AS 'MODULE_PATHNAME', 'cdc_stream_snapshot_rows';

-- What each cdc-maintainer last reported (every --status-interval, under
-- its replication origin, so never streamed back): read by status().
CREATE TABLE @extschema@.maintainers (
    slot_name name PRIMARY KEY,
    delivered_lsn pg_lsn NOT NULL,  -- every transaction before it is in Kafka
    waiting_since timestamptz,      -- commit time of the oldest output not yet in Kafka
    reported_at timestamptz NOT NULL
);

-- How far Kafka and the slot are behind, one row per cdc_stream slot of
-- this database (docs/operations.md, "Watching the lag").  cdc-maintainer
-- reports as its write position what is in Kafka and as its flush position
-- what is also checkpointed (the slot's confirmed LSN).  The live
-- delivered_lsn comes from pg_stat_replication, which shows it only to roles
-- that may read other sessions' statistics (pg_read_all_stats); for others
-- it is as last reported.
CREATE FUNCTION @extschema@.status()
RETURNS TABLE (
    slot_name name,
    active boolean,            -- a cdc-maintainer is connected
    pid integer,               -- its walsender
    delivered_lsn pg_lsn,      -- every transaction before it is in Kafka
    confirmed_lsn pg_lsn,      -- ... and checkpointed: WAL before it is released
    undelivered_bytes numeric, -- WAL written since delivered_lsn
    unconfirmed_bytes numeric, -- WAL written since confirmed_lsn
    retained_bytes numeric,    -- WAL kept on disk for the slot
    lag interval)              -- how long the oldest commit applied but not yet in
                               -- Kafka has waited; 0: none; NULL: no maintainer
LANGUAGE sql STABLE
SET search_path = pg_catalog
AS $$
    SELECT s.slot_name, s.active, s.active_pid, d.lsn, s.confirmed_flush_lsn,
           pg_current_wal_lsn() - d.lsn,
           pg_current_wal_lsn() - s.confirmed_flush_lsn,
           pg_current_wal_lsn() - s.restart_lsn,
           CASE WHEN m.waiting_since IS NOT NULL AND d.lsn <= m.delivered_lsn THEN now() - m.waiting_since
                WHEN s.active THEN interval '0'
           END
      FROM pg_replication_slots s
      LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid
      LEFT JOIN @extschema@.maintainers m ON m.slot_name = s.slot_name
      -- what is confirmed was delivered; a row left by an older slot of that name is behind it
      CROSS JOIN LATERAL (SELECT greatest(coalesce(r.write_lsn, m.delivered_lsn), s.confirmed_flush_lsn) AS lsn) d
     WHERE s.plugin = 'cdc_stream' AND NOT s.temporary AND s.database = current_database()
     ORDER BY s.slot_name
$$;

COMMENT ON FUNCTION @extschema@.status() IS
    'Per cdc_stream slot: what is in Kafka and confirmed, and how far behind (bytes, time)';

-- A view dropped with DROP VIEW (or by a cascade) leaves no catalog row.
CREATE FUNCTION @extschema@.forget_dropped_views()
RETURNS event_trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog
AS $$
BEGIN
    DELETE FROM @extschema@.views
     WHERE view_oid IN (SELECT objid FROM pg_event_trigger_dropped_objects()
                         WHERE classid = 'pg_class'::regclass);
END
$$;

CREATE EVENT TRIGGER cdc_stream_forget_dropped_views ON sql_drop
    EXECUTE FUNCTION @extschema@.forget_dropped_views();

-- Defining and dropping views is for roles an administrator chooses.
REVOKE ALL ON FUNCTION @extschema@.add_view(text, text, text, text[], text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.drop_view(text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.forget_dropped_views() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.snapshot_rows(regclass, text[]) FROM PUBLIC;
GRANT SELECT ON @extschema@.views TO PUBLIC;
GRANT SELECT ON @extschema@.maintainers TO PUBLIC;
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
