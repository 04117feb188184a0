-- add_view: the seed's three views (a staging view without topic and two
-- views built on it), their plans, the catalog, keys, envelopes, topics,
-- and the ordinary Postgres views it creates.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
\i tests/seed/schema.sql

-- plans mention relation OIDs, which differ from run to run
CREATE FUNCTION show_plan(plan jsonb) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT regexp_replace(line, '"relid": [0-9]+', '"relid": <oid>')
    FROM regexp_split_to_table(jsonb_pretty(plan), E'\n') AS line
$$;

SELECT cdc_stream.add_view('user_policies', $$
    SELECT p.id AS codpol, u.id AS codsog, u.surname, u.name, p.policy_details
    FROM source.users u JOIN source.policies p ON u.id = p.user_id $$, topic => NULL);
SELECT cdc_stream.add_view('usernames_policies', $$
    SELECT codsog, concat(name, surname) AS username, codpol, policy_details FROM user_policies $$);
SELECT cdc_stream.add_view('usernames_grouping', $$
    SELECT codsog, count(*) AS nb_policies FROM user_policies GROUP BY codsog $$);

SELECT id, view_schema, view_name, topic, key, envelope, options, state, error,
       view_oid = (view_schema || '.' || view_name)::regclass AS view_oid_ok,
       created_lsn <= pg_current_wal_lsn() AS created_lsn_ok
  FROM cdc_stream.views ORDER BY id;

-- the plans (docs/plan-format.md)
SELECT show_plan(plan) FROM cdc_stream.views WHERE view_name = 'user_policies';
SELECT show_plan(plan) FROM cdc_stream.views WHERE view_name = 'usernames_policies';
SELECT show_plan(plan) FROM cdc_stream.views WHERE view_name = 'usernames_grouping';
-- a view over a cdc_stream view holds that view's whole plan, which
-- cdc-maintainer runs once for both
SELECT (SELECT plan->'root'->'input' FROM cdc_stream.views WHERE view_name = 'usernames_policies') = root
           AS in_usernames_policies,
       (SELECT plan->'root'->'input'->'input' FROM cdc_stream.views WHERE view_name = 'usernames_grouping') = root
           AS in_usernames_grouping
FROM (SELECT plan->'root' AS root FROM cdc_stream.views WHERE view_name = 'user_policies') u;

-- the ordinary views answer from the source tables
SELECT * FROM usernames_policies ORDER BY codpol;
SELECT * FROM usernames_grouping ORDER BY codsog;

-- keys: GROUP BY columns, every column of DISTINCT and UNION, none for a
-- plain select, the empty key of an aggregate without GROUP BY, declared keys
SELECT cdc_stream.explain_view('SELECT DISTINCT surname FROM source.users')->'key' AS distinct_key;
SELECT cdc_stream.explain_view('SELECT id FROM source.users UNION SELECT user_id FROM source.policies')->'key' AS union_key;
SELECT cdc_stream.explain_view('SELECT id FROM source.users UNION ALL SELECT user_id FROM source.policies')->'key' AS union_all_key;
SELECT cdc_stream.explain_view('SELECT count(*) FROM source.policies')->'key' AS scalar_key;
SELECT cdc_stream.explain_view('SELECT user_id, policy_details, count(*) FROM source.policies GROUP BY policy_details, user_id')->'key' AS group_key;
SELECT cdc_stream.explain_view('SELECT count(*) FROM source.policies GROUP BY user_id')->'key' AS unselected_group_key;
SELECT cdc_stream.add_view('policy_details', 'SELECT id AS codpol, policy_details FROM source.policies',
    key => ARRAY['codpol'], envelope => 'upsert', options => '{"partitions": 3}');
CREATE SCHEMA mart;
SELECT cdc_stream.add_view('mart.details_flat', 'SELECT id, policy_details FROM source.policies',
    topic => 'details.flat-v1', envelope => 'debezium');
SELECT view_schema, view_name, topic, key, envelope, options, plan->'key' AS plan_key
  FROM cdc_stream.views WHERE id > 3 ORDER BY id;
SELECT * FROM policy_details ORDER BY codpol;

-- a view is created in the first schema of search_path, as CREATE VIEW does
SET search_path = mart, public;
SELECT cdc_stream.add_view('per_user', 'SELECT user_id, count(*) AS n FROM source.policies GROUP BY user_id');
RESET search_path;
SELECT view_schema, view_name, topic FROM cdc_stream.views WHERE view_name = 'per_user';
SELECT * FROM mart.per_user ORDER BY user_id;

DROP EXTENSION cdc_stream;
DROP SCHEMA source, mart CASCADE;
DROP FUNCTION show_plan;
