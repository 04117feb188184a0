-- drop_view, DROP VIEW, dependencies on the source tables, DROP EXTENSION:
-- no catalog row outlives its view, and no source table its views.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
\i tests/seed/schema.sql
SELECT cdc_stream.add_view('user_policies', $$
    SELECT p.id AS codpol, u.id AS codsog, u.surname, u.name, p.policy_details
    FROM source.users u JOIN source.policies p ON u.id = p.user_id $$, topic => NULL);
SELECT cdc_stream.add_view('usernames_policies', $$
    SELECT codsog, concat(name, surname) AS username, codpol, policy_details FROM user_policies $$);
SELECT cdc_stream.add_view('usernames_grouping', $$
    SELECT codsog, count(*) AS nb_policies FROM user_policies GROUP BY codsog $$);

-- Postgres protects the sources: tables, columns and views in use
DROP TABLE source.policies;
ALTER TABLE source.users DROP COLUMN surname;
ALTER TABLE source.users ALTER COLUMN name TYPE varchar(10);
ALTER TABLE source.users ADD COLUMN email text;   -- unused columns may change
DROP VIEW user_policies;

-- drop_view drops the Postgres view and its catalog row
SELECT cdc_stream.drop_view('usernames_grouping');
SELECT view_name FROM cdc_stream.views ORDER BY id;
SELECT to_regclass('usernames_grouping') IS NULL AS view_gone;
SELECT cdc_stream.drop_view('usernames_grouping');
SELECT cdc_stream.drop_view('source.users');
-- a view others build on needs cascade, which drops them all
SELECT cdc_stream.drop_view('user_policies');
SELECT cdc_stream.drop_view('user_policies', cascade => true);
SELECT view_name FROM cdc_stream.views ORDER BY id;

-- DROP VIEW and DROP ... CASCADE leave no orphan catalog rows either
SELECT cdc_stream.add_view('users_copy', 'SELECT id, name FROM source.users');
SELECT cdc_stream.add_view('policies_copy', 'SELECT id, user_id FROM source.policies');
DROP VIEW users_copy;
DROP TABLE source.policies CASCADE;
SELECT view_name FROM cdc_stream.views ORDER BY id;

-- DROP EXTENSION removes the catalog and leaves the ordinary views working
SELECT cdc_stream.add_view('users_again', 'SELECT id, name FROM source.users');
DROP EXTENSION cdc_stream;
SELECT to_regclass('cdc_stream.views') IS NULL AS catalog_gone;
SELECT count(*) FROM users_again;

DROP SCHEMA source CASCADE;
