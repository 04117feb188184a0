-- The seed's schema at scale: :users users with three policies each on
-- average, the seed's three views as cdc_stream views, and the same two
-- output queries as materialized views (the alternative measured), unless
-- psql's variable skip_materialized_views is set (bench/scale.sh).
CREATE SCHEMA source;
CREATE TABLE source.users (id integer PRIMARY KEY, name text NOT NULL, surname text NOT NULL);
CREATE TABLE source.policies (id integer PRIMARY KEY, policy_details text NOT NULL, user_id integer NOT NULL);
INSERT INTO source.users
    SELECT i, 'NAME' || i, 'SURNAME' || i FROM generate_series(1, :users) i;
INSERT INTO source.policies
    SELECT i, (ARRAY['HOME INSURANCE', 'ANTI THEFT', 'CAR INSURANCE'])[1 + i % 3], 1 + (i::bigint * 7919) % :users
    FROM generate_series(1, 3 * :users) i;
ANALYZE;

CREATE EXTENSION cdc_stream;
\i tests/seed/views.sql

\if :{?skip_materialized_views}
\else
CREATE MATERIALIZED VIEW mv_usernames_policies AS
    SELECT u.id AS codsog, concat(u.name, u.surname) AS username, p.id AS codpol, p.policy_details
    FROM source.users u JOIN source.policies p ON u.id = p.user_id;
CREATE UNIQUE INDEX ON mv_usernames_policies (codpol);
CREATE MATERIALIZED VIEW mv_usernames_grouping AS
    SELECT u.id AS codsog, count(*) AS nb_policies
    FROM source.users u JOIN source.policies p ON u.id = p.user_id GROUP BY u.id;
CREATE UNIQUE INDEX ON mv_usernames_grouping (codsog);
\endif
