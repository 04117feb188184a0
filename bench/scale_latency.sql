-- bench/scale.sh, pgbench: one single-row transaction, a policy changed to a
-- value never used before (run with -D policies=N)
\set id random(1, :policies)
UPDATE source.policies SET policy_details = 'LATENCY ' || :client_id || ' ' || clock_timestamp() WHERE id = :id;
