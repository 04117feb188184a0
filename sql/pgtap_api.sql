-- pgTAP checks of the SQL API: the catalog's shape, the functions'
-- signatures, and who may call them.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION cdc_stream;
SELECT plan(32);

SELECT has_schema('cdc_stream');
SELECT has_table('cdc_stream', 'views', 'the catalog table exists');
SELECT columns_are('cdc_stream', 'views', ARRAY['id', 'view_schema', 'view_name', 'view_oid', 'query',
    'topic', 'key', 'envelope', 'options', 'plan', 'created_lsn', 'created_at', 'state', 'error']);
SELECT col_is_pk('cdc_stream', 'views', 'id', 'views are identified by id');
SELECT col_type_is('cdc_stream', 'views', 'plan', 'jsonb', 'plans are jsonb');
SELECT col_type_is('cdc_stream', 'views', 'key', 'text[]', 'keys are arrays of column names');
SELECT col_type_is('cdc_stream', 'views', 'created_lsn', 'pg_lsn', 'created_lsn is an LSN');
SELECT col_not_null('cdc_stream', 'views', 'envelope', 'every view has an envelope');
SELECT col_is_unique('cdc_stream', 'views', ARRAY['view_schema', 'view_name']);
SELECT col_is_unique('cdc_stream', 'views', ARRAY['topic'], 'a topic belongs to one view');
SELECT is((SELECT reloptions FROM pg_class WHERE oid = 'cdc_stream.views'::regclass),
    ARRAY['user_catalog_table=true'], 'the output plugin may read the catalog while decoding');
SELECT ok((SELECT 'cdc_stream.views'::regclass = ANY (extconfig) FROM pg_extension
           WHERE extname = 'cdc_stream'), 'pg_dump keeps the catalog''s rows');

SELECT has_function('cdc_stream', 'add_view', ARRAY['text', 'text', 'text', 'text[]', 'text', 'jsonb']);
SELECT function_returns('cdc_stream', 'add_view', ARRAY['text', 'text', 'text', 'text[]', 'text', 'jsonb'], 'bigint');
SELECT has_function('cdc_stream', 'drop_view', ARRAY['text', 'boolean']);
SELECT function_returns('cdc_stream', 'drop_view', ARRAY['text', 'boolean'], 'void');
SELECT has_function('cdc_stream', 'explain_view', ARRAY['text']);
SELECT function_returns('cdc_stream', 'explain_view', ARRAY['text'], 'jsonb');
SELECT is_strict('cdc_stream', 'explain_view', ARRAY['text']);
SELECT has_function('cdc_stream', 'status', ARRAY[]::text[]);
SELECT function_returns('cdc_stream', 'status', ARRAY[]::text[], 'setof record');
SELECT volatility_is('cdc_stream', 'add_view', ARRAY['text', 'text', 'text', 'text[]', 'text', 'jsonb'], 'volatile');
SELECT is((SELECT pg_get_function_arguments('cdc_stream.add_view'::regproc)),
    'name text, query text, topic text DEFAULT ''''::text, key text[] DEFAULT NULL::text[], envelope text DEFAULT ''row''::text, options jsonb DEFAULT ''{}''::jsonb',
    'add_view''s parameters and defaults');

SELECT function_privs_are('cdc_stream', 'add_view', ARRAY['text', 'text', 'text', 'text[]', 'text', 'jsonb'],
    'public', ARRAY[]::text[], 'PUBLIC may not add views');
SELECT function_privs_are('cdc_stream', 'drop_view', ARRAY['text', 'boolean'],
    'public', ARRAY[]::text[], 'PUBLIC may not drop views');
SELECT function_privs_are('cdc_stream', 'explain_view', ARRAY['text'],
    'public', ARRAY['EXECUTE'], 'everyone may explain');
SELECT function_privs_are('cdc_stream', 'status', ARRAY[]::text[],
    'public', ARRAY['EXECUTE'], 'everyone may see the lag');
SELECT table_privs_are('cdc_stream', 'views', 'public', ARRAY['SELECT'], 'everyone may read the catalog');
SELECT columns_are('cdc_stream', 'maintainers', ARRAY['slot_name', 'delivered_lsn', 'waiting_since', 'reported_at']);
SELECT table_privs_are('cdc_stream', 'maintainers', 'public', ARRAY['SELECT'], 'everyone may read maintainers'' reports');
SELECT is((SELECT evtevent FROM pg_event_trigger WHERE evtname = 'cdc_stream_forget_dropped_views'),
    'sql_drop', 'an event trigger forgets views dropped with DROP VIEW');
SELECT throws_ok($$SELECT cdc_stream.add_view('v', 'SELECT now()')$$, '0A000', NULL,
    'refusals use SQLSTATE feature_not_supported');

SELECT * FROM finish();
DROP EXTENSION cdc_stream;
