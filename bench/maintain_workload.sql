-- One small source transaction, as the seed's statements are: a new policy,
-- a changed one, a deleted one.  :n numbers the transaction.
BEGIN;
INSERT INTO source.policies VALUES (10000000 + :n, 'NEW POLICY', 1 + (:n::bigint * 104729) % :users);
UPDATE source.policies SET policy_details = 'CHANGED ' || :n WHERE id = 1 + (:n * 31) % (3 * :users);
DELETE FROM source.policies WHERE id = 2 + (:n * 37) % (3 * :users);
COMMIT;
