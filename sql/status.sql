-- cdc_stream.status(): one row per cdc_stream slot of this database, its
-- WAL figures from pg_replication_slots and the maintainer's last report
-- (cdc_stream.maintainers).  With a cdc-maintainer connected, the figures
-- are checked by tests/e2e/seed_failures.sh while Kafka is down and after.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;

-- no slot: no row
SELECT count(*) FROM cdc_stream.status();

-- a cdc_stream slot nobody reads; a temporary one and one of another plugin are not ours
SELECT 'created' FROM pg_create_logical_replication_slot('status_idle', 'cdc_stream');
SELECT 'created' FROM pg_create_logical_replication_slot('status_temporary', 'cdc_stream', temporary => true);
SELECT 'created' FROM pg_create_logical_replication_slot('status_other', 'pgoutput');
CREATE TABLE status_t (id int PRIMARY KEY);
INSERT INTO status_t SELECT generate_series(1, 1000);

SELECT slot_name, active, pid IS NULL AS no_walsender, delivered_lsn = confirmed_lsn AS delivered_what_is_confirmed,
       undelivered_bytes = unconfirmed_bytes AS same_bytes, unconfirmed_bytes > 0 AS behind,
       retained_bytes >= unconfirmed_bytes AS retains_what_is_unconfirmed, lag IS NULL AS lag_unknown
  FROM cdc_stream.status();

-- as a maintainer reports it: output waiting for Kafka since a commit 30 s ago
INSERT INTO cdc_stream.maintainers
SELECT 'status_idle', confirmed_flush_lsn, now() - interval '30 s', now()
  FROM pg_replication_slots WHERE slot_name = 'status_idle';
SELECT slot_name, lag >= interval '30 s' AS waiting FROM cdc_stream.status();
-- a row left by an older slot of that name, behind what the slot confirmed, is not believed
UPDATE cdc_stream.maintainers SET delivered_lsn = '0/1';
SELECT slot_name, delivered_lsn = confirmed_lsn AS delivered_what_is_confirmed, lag IS NULL AS lag_unknown
  FROM cdc_stream.status();

-- the figures are the slot's
SELECT s.confirmed_lsn = r.confirmed_flush_lsn AS same_confirmed
  FROM cdc_stream.status() s JOIN pg_replication_slots r USING (slot_name);

-- anyone may look
SELECT has_function_privilege('public', 'cdc_stream.status()', 'execute') AS public_may_call,
       has_table_privilege('public', 'cdc_stream.maintainers', 'select') AS public_may_read;

SELECT pg_drop_replication_slot('status_idle');
SELECT pg_drop_replication_slot('status_temporary');
SELECT pg_drop_replication_slot('status_other');
SELECT count(*) FROM cdc_stream.status();
DROP TABLE status_t;
DROP EXTENSION cdc_stream;
