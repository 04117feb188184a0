#!/usr/bin/env bash
# Columns renamed and privileges revoked under running views (issue 16,
# items 1 and 12).  A renamed column a view reads is followed by attribute
# number: the stream goes on, across a restart too, and views added after
# the rename (filled from the held table, or by a snapshot that needs one
# more column) read it under its new name.  A view whose owner lost SELECT
# goes to the error state when cdc-maintainer restarts; the others go on.
# Every running view rebuilt from its topic must equal the view in Postgres.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SLOT=renames
workdir="$(mktemp -d)"
fresh_database renames
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/schema.sql"
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/views.sql" >/dev/null
sql "DROP ROLE IF EXISTS renames_owner; CREATE ROLE renames_owner;
     GRANT USAGE ON SCHEMA source TO renames_owner; GRANT SELECT ON source.users TO renames_owner;
     GRANT EXECUTE ON FUNCTION cdc_stream.add_view(text, text, text, text[], text, jsonb) TO renames_owner;
     GRANT CREATE ON SCHEMA public TO renames_owner;
     SET ROLE renames_owner; SELECT cdc_stream.add_view('user_names', 'SELECT id, name FROM source.users'); RESET ROLE" >/dev/null

# one Kafka for every start: kafka-mock creates the topics (the mock has no
# CreateTopics) and reads commands on descriptor 7, as in seed_failures.sh
start_kafka_mock cdc_stream.progress usernames_grouping usernames_policies user_names owners details
start_maintainer "$workdir" --kafka-brokers "$KAFKA"
trap end_test EXIT
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"

echo "-- a column every seed view reads is renamed"
run_statement "ALTER TABLE source.policies RENAME COLUMN user_id TO owner_id"
run_statement "INSERT INTO source.policies (id, policy_details, owner_id) VALUES (7000, 'BOAT', 2)"
run_statement "ALTER TABLE source.users RENAME COLUMN surname TO family_name"
run_statement "UPDATE source.users SET family_name = 'NERI' WHERE id = 2"

echo "-- restarted after the renames"
stop_maintainer
start_maintainer "$workdir" --kafka-brokers "$KAFKA"
run_statement "DELETE FROM source.policies WHERE id = 1234"

echo "-- views added after the renames: from the held tables, and by a snapshot"
run_statement "SELECT cdc_stream.add_view('owners', 'SELECT owner_id, count(*) AS n FROM source.policies GROUP BY owner_id')"
run_statement "SELECT cdc_stream.add_view('details', 'SELECT p.id, policy_details, family_name FROM source.policies p JOIN source.users u ON u.id = p.owner_id')"
run_statement "INSERT INTO source.policies (id, policy_details, owner_id) VALUES (7001, 'BIKE', 3)"

[ "$(sql "SELECT string_agg(view_name || '=' || state, ' ' ORDER BY id) FROM cdc_stream.views")" = \
    "user_policies=running usernames_policies=running usernames_grouping=running user_names=running owners=running details=running" ] ||
    fail "views not running: $(sql "SELECT view_name, state, error FROM cdc_stream.views")"

echo "-- the owner of user_names loses SELECT on source.users"
sql "REVOKE SELECT ON source.users FROM renames_owner"
stop_maintainer
start_maintainer "$workdir" --kafka-brokers "$KAFKA"
run_statement "INSERT INTO source.users VALUES (4, 'ANNA', 'BLU')"
error="$(sql "SELECT state || ': ' || error FROM cdc_stream.views WHERE view_name = 'user_names'")"
[[ "$error" == "error: the view's owner renames_owner may no longer read column id of table source.users" ]] ||
    fail "user_names is not in the error state for lost privileges: $error"
messages_before="$(read_topic user_names | wc -l)"
run_statement "INSERT INTO source.users VALUES (5, 'PIA', 'ROSA')"
[ "$(read_topic user_names | wc -l)" = "$messages_before" ] || fail "user_names still streams without its privileges"

status=0
for view in usernames_grouping usernames_policies owners details; do
    check_view "$view" || status=1
done
[ $status -eq 0 ] || exit 1
echo "ok: renamed columns followed (streaming, restart, new views); a view whose owner lost SELECT stopped"
