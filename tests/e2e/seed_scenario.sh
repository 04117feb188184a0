#!/usr/bin/env bash
# The seed's scenario end to end (issue 4, item 7): the seed's schema, data
# and three views, cdc-maintainer with its Kafka mock, the seed's five
# statements; the messages kcat reads from usernames_grouping and
# usernames_policies must be the seed's (same source transactions in the
# same order; any order inside one), and each view rebuilt from its topic
# must equal SELECT * FROM the view in Postgres.
# Usage: seed_scenario.sh full|default   (the tables' REPLICA IDENTITY)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

identity="${1:-full}"
SLOT="seed_$identity"
workdir="$(mktemp -d)"
fresh_database "seed_$identity"
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/schema.sql"
if [ "$identity" = default ]; then
    sql "ALTER TABLE source.users REPLICA IDENTITY DEFAULT; ALTER TABLE source.policies REPLICA IDENTITY DEFAULT"
fi
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/views.sql" >/dev/null

start_maintainer "$workdir" --kafka-mock
trap end_test EXIT
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"

while IFS= read -r statement; do
    case "$statement" in --*|"") continue ;; esac
    run_statement "$statement"
done < "$E2E_ROOT/tests/seed/statements.sql"

check_seed_topics
echo "ok: seed scenario, REPLICA IDENTITY $identity: kcat reads the seed's messages; views rebuilt from Kafka equal Postgres"
