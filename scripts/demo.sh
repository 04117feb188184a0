#!/usr/bin/env bash
# The demo: a throwaway Postgres 15 cluster with the seed's schema, data and
# views, cdc-maintainer with librdkafka's mock cluster inside it, the seed's
# five statements one by one, and each topic's messages as kcat reads them.
# Installs what it needs; stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
make -j"$(nproc)" all >/dev/null
if [ "$(id -u)" -eq 0 ]; then make install >/dev/null; else sudo make install >/dev/null; fi

eval "$(scripts/pgcluster.sh start)"
source tests/e2e/lib.sh
SLOT=demo
workdir="$(mktemp -d)"
cleanup() {
    # kcat may have ended already, when the mock inside cdc-maintainer went
    if [ -n "${tail_pids:-}" ]; then kill $tail_pids 2>/dev/null || true; wait $tail_pids 2>/dev/null || true; fi
    [ -n "${MAINTAINER_PID:-}" ] && stop_maintainer
    scripts/pgcluster.sh stop "$CDC_CLUSTER_DIR"
    rm -rf "$workdir"
}
trap cleanup EXIT

fresh_database datalake
psql -q -v ON_ERROR_STOP=1 -f tests/seed/schema.sql
echo "== the seed's views, defined with cdc_stream.add_view"
sed -n '/^SELECT/,/\$\$);/p' tests/seed/views.sql
psql -q -v ON_ERROR_STOP=1 -f tests/seed/views.sql >/dev/null

start_maintainer "$workdir" --kafka-mock
echo "== cdc-maintainer is running; its Kafka mock listens on $KAFKA (logs: $workdir/maintainer.log)"
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"

# kcat follows each topic and prints every message as it arrives; line
# buffered, so the two never split each other's lines
tail_pids=""
for topic in usernames_grouping usernames_policies; do
    stdbuf -oL kcat -b "$KAFKA" -C -t "$topic" -q -f "  [$topic] %s\n" -X isolation.level=read_committed 2>/dev/null &
    tail_pids="$tail_pids $!"
done
sleep 2

while IFS= read -r statement; do
    case "$statement" in --*|"") continue ;; esac
    echo
    echo "datalake=# $statement"
    before="$(sql "SELECT pg_current_wal_lsn()")"
    sql "$statement" >/dev/null
    wait_confirmed "$before"
    sleep 1.5  # let kcat print
done < tests/seed/statements.sql

echo
echo "== the views in Postgres now"
psql -c "TABLE usernames_grouping" -c "TABLE usernames_policies"
echo "== how far Kafka is behind (docs/operations.md)"
psql -c "SELECT * FROM cdc_stream.status()"
stop_maintainer
drop_slot
