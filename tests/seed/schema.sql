-- The seed's source schema and initial data (seed-cdc_streaming.md): the
-- `datalake` database's source.users and source.policies.  REPLICA IDENTITY
-- FULL as the seed's Materialize source required; tests also run with the
-- default identity (primary key only).
CREATE SCHEMA source;
CREATE TABLE source.users (
    id integer PRIMARY KEY,
    name text NOT NULL,
    surname text NOT NULL
);
CREATE TABLE source.policies (
    id integer PRIMARY KEY,
    policy_details text NOT NULL,
    user_id integer NOT NULL  -- no foreign key: the seed deletes a user who still has a policy
);
ALTER TABLE source.users REPLICA IDENTITY FULL;
ALTER TABLE source.policies REPLICA IDENTITY FULL;

INSERT INTO source.users (id, name, surname) VALUES
    (1, 'MARIO', 'ROSSI'),
    (2, 'LUIGI', 'BIANCHI'),
    (3, 'CARLO', 'VERDI');
INSERT INTO source.policies (id, policy_details, user_id) VALUES
    (1234, 'HOME INSURANCE', 1),
    (5678, 'ANTI THEFT', 1),
    (5555, 'CAR INSURANCE', 3);
