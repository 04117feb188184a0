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
GRANT SELECT ON @extschema@.views TO PUBLIC;
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
