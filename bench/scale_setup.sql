-- bench/scale.sh: the backlog of policy changes, queued while cdc-maintainer
-- is stopped.  Changes policies first .. first + changes - 1 (modulo the
-- number of policies) to a value never used before, so every change is one
-- change of usernames_policies (two messages: the old row retracted, the new
-- one inserted) and none of usernames_grouping; commits every
-- per_transaction changes.
CREATE PROCEDURE bench_policy_updates(first bigint, changes integer, per_transaction integer)
LANGUAGE plpgsql AS $$
DECLARE
    n_policies bigint := (SELECT max(id) FROM source.policies);
BEGIN
    FOR i IN 0 .. changes - 1 LOOP
        UPDATE source.policies SET policy_details = 'BACKLOG ' || (first + i)
            WHERE id = 1 + (first + i) % n_policies;
        IF (i + 1) % per_transaction = 0 THEN
            COMMIT;
        END IF;
    END LOOP;
    COMMIT;
END $$;
