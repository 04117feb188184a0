-- The output plugin's messages in text mode: BEGIN/COMMIT around the changes
-- of tracked tables, RELATION before a relation's first row and again after
-- it changed, INSERT/UPDATE/DELETE, transactions with several tables,
-- savepoints, and transactions that produce nothing.
SET client_min_messages = warning;
CREATE SCHEMA source;
CREATE TABLE source.users (id int PRIMARY KEY, name text, surname text);
CREATE TABLE source.policies (id int PRIMARY KEY, policy_details text, user_id int);
CREATE TABLE source.untracked (id int PRIMARY KEY);
SELECT 'slot' FROM pg_create_logical_replication_slot('messages', 'cdc_stream');

CREATE FUNCTION changes() RETURNS SETOF text LANGUAGE sql AS $$
    SELECT data FROM pg_logical_slot_get_changes('messages', NULL, NULL,
        'format', 'text', 'tables', 'source.users, source.policies')
$$;

-- the seed's five statements
INSERT INTO source.users (id, name, surname) VALUES (4, 'CAIO', 'MARIO');
INSERT INTO source.policies (id, policy_details, user_id) VALUES
    (5672, 'ANTI THEFT', 4), (5559, 'MOTO INSURANCE', 4);
UPDATE source.policies SET policy_details = 'HOME INSURANCE' WHERE id = 5559;
DELETE FROM source.policies WHERE id = 5559;
DELETE FROM source.users WHERE id = 4;
SELECT * FROM changes();

-- RELATION is sent once per decoding session, and again after the table
-- changed (one get_changes call is one session)
INSERT INTO source.users VALUES (1, 'MARIO', 'ROSSI');
INSERT INTO source.users VALUES (2, 'LUCA', 'BIANCHI');
ALTER TABLE source.users ADD COLUMN email text;
INSERT INTO source.users VALUES (3, 'CARLO', 'VERDI', 'carlo@example.com');
SELECT * FROM changes();

-- several tables in one transaction, in commit order
BEGIN;
INSERT INTO source.policies VALUES (1234, 'HOME INSURANCE', 1);
UPDATE source.users SET email = 'mario@example.com' WHERE id = 1;
INSERT INTO source.policies VALUES (5678, 'ANTI THEFT', 1);
COMMIT;
SELECT * FROM changes();

-- a rolled back savepoint leaves nothing behind; the rest commits
BEGIN;
INSERT INTO source.policies VALUES (5555, 'CAR INSURANCE', 3);
SAVEPOINT s1;
INSERT INTO source.policies VALUES (9999, 'ROLLED BACK', 3);
UPDATE source.users SET name = 'NOBODY' WHERE id = 3;
ROLLBACK TO SAVEPOINT s1;
UPDATE source.users SET surname = 'VERDI JR' WHERE id = 3;
COMMIT;
SELECT * FROM changes();

-- aborted transactions and transactions on untracked tables send nothing
BEGIN;
INSERT INTO source.users VALUES (7, 'ABORTED', 'TXN');
ROLLBACK;
INSERT INTO source.untracked VALUES (1);
SELECT count(*) AS messages FROM changes();

-- without the tables option every table is sent
INSERT INTO source.untracked VALUES (2);
SELECT data FROM pg_logical_slot_get_changes('messages', NULL, NULL, 'format', 'text');

SELECT pg_drop_replication_slot('messages');
DROP SCHEMA source CASCADE;
