#!/usr/bin/env bash
# Views added, failing and dropped while cdc-maintainer runs (issue 4,
# items 3 and 6): a view over tables already held is filled at once; one
# over a table not yet streamed gets a snapshot; a view whose expression
# divides by zero goes to the error state with the message while the others
# keep going; a dropped view's topic gets nothing more.  Every running view
# rebuilt from its topic must equal the view in Postgres.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SLOT=lifecycle
workdir="$(mktemp -d)"
fresh_database lifecycle
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/schema.sql"
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/views.sql" >/dev/null
sql "CREATE TABLE source.claims (id int PRIMARY KEY, policy_id int NOT NULL, amount numeric(10,2));
     INSERT INTO source.claims VALUES (1, 1234, 100.50), (2, 5555, 20.25)"

start_maintainer "$workdir" --kafka-mock
trap end_test EXIT
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"

echo "-- a view over tables already held"
run_statement "SELECT cdc_stream.add_view('policy_count', 'SELECT count(*) AS n FROM source.policies')"
echo "-- a view over a table not streamed yet"
run_statement "SELECT cdc_stream.add_view('claims_by_user', \$\$
    SELECT p.user_id, sum(c.amount) AS total, count(*) AS claims
    FROM source.claims c JOIN source.policies p ON p.id = c.policy_id GROUP BY p.user_id \$\$)"
echo "-- a view that will divide by zero"
run_statement "SELECT cdc_stream.add_view('ratio', 'SELECT id, 100 / (user_id - 4) AS r FROM source.policies')"
[ "$(sql "SELECT state FROM cdc_stream.views WHERE view_name = 'ratio'")" = running ] || fail "ratio is not running"

while IFS= read -r statement; do
    case "$statement" in --*|"") continue ;; esac
    run_statement "$statement"
done < "$E2E_ROOT/tests/seed/statements.sql"
run_statement "INSERT INTO source.claims VALUES (3, 5678, 7.25), (4, 1234, 1.00)"

[ "$(sql "SELECT state || ': ' || error FROM cdc_stream.views WHERE view_name = 'ratio'")" = "error: division by zero" ] ||
    fail "ratio is not in the error state: $(sql "SELECT state, error FROM cdc_stream.views WHERE view_name = 'ratio'")"

echo "-- an update of a view's catalog row that leaves its definition alone"
messages_before="$(read_topic usernames_grouping | wc -l)"
run_statement "UPDATE cdc_stream.views SET error = NULL WHERE view_name = 'usernames_grouping'"
run_statement "INSERT INTO source.policies VALUES (9998, 'BIKE', 3)"
[ "$(read_topic usernames_grouping | wc -l)" = $((messages_before + 1)) ] ||
    fail "usernames_grouping was sent again after an update of its catalog row"

echo "-- a view dropped"
run_statement "SELECT cdc_stream.drop_view('policy_count')"
messages_before="$(read_topic policy_count | wc -l)"
run_statement "INSERT INTO source.policies VALUES (9999, 'BOAT', 1)"
[ "$(read_topic policy_count | wc -l)" = "$messages_before" ] || fail "a dropped view still sends messages"

status=0
for view in usernames_grouping usernames_policies claims_by_user; do
    check_view "$view" || status=1
done
[ "$(read_topic policy_count | tail -n1 | cut -f2)" = '{"after":{"row":{"n":5}},"before":{"row":{"n":4}}}' ] ||
    { echo "FAIL: policy_count's last message: $(read_topic policy_count | tail -n1)" >&2; status=1; }
[ $status -eq 0 ] || exit 1
echo "ok: views added (filled from held tables, and by snapshot), failing (error state), dropped while running"
