#!/usr/bin/env bash
# Maintenance benchmark: keeping the seed's views up to date while small
# transactions change their tables, by cdc-maintainer (incremental, into
# Kafka) and by the alternative inside Postgres, REFRESH MATERIALIZED VIEW
# after every transaction (CONCURRENTLY too), each at the same freshness.
#
#   bench/maintain.sh
#
# Settings (environment):
#   BENCH_USERS          users (policies: three times as many)  (default 100000)
#   BENCH_TRANSACTIONS   source transactions for cdc-maintainer (default 2000)
#   BENCH_REFRESHES      transactions for the refresh variants  (default 20)
#
# Starts its own throwaway cluster; needs `make` (cdc-maintainer built) and
# `make install`.  Progress goes to stderr; the table to stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
users=${BENCH_USERS:-100000}
transactions=${BENCH_TRANSACTIONS:-2000}
refreshes=${BENCH_REFRESHES:-20}
say() { echo "maintain bench: $*" >&2; }

cd "$root"
eval "$(scripts/pgcluster.sh start)"
source tests/e2e/lib.sh
SLOT=bench
workdir=$(mktemp -d)
trap 'stop_maintainer; scripts/pgcluster.sh stop "$CDC_CLUSTER_DIR"; rm -rf "$workdir"' EXIT
export PGDATABASE=postgres

say "loading $users users and $((3 * users)) policies"
psql -X -q -v ON_ERROR_STOP=1 -v users="$users" -f bench/maintain_setup.sql >/dev/null

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }

# runs transactions FROM..TO of the workload in one psql session, each
# followed by the SQL in $2 (empty: nothing)
run_workload() {
    local from=$1 to=$2 after=$3 n
    for ((n = from; n <= to; n++)); do
        echo "\\set n $n"
        echo "\\i bench/maintain_workload.sql"
        [ -z "$after" ] || echo "$after"
    done | psql -X -q -v ON_ERROR_STOP=1 -v users="$users" >/dev/null
}

say "cdc-maintainer: initial snapshot"
started=$(now)
start_maintainer "$workdir" --kafka-mock --batch-max-delay-ms 50
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"
initial=$(calc "$(now) - $started")

say "cdc-maintainer: $transactions transactions"
started=$(now)
run_workload 1 "$transactions" ""
written=$(calc "$(now) - $started")
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"
maintained=$(calc "$(now) - $started")
# the mock keeps about 5 MB per partition: count by offsets, not by reading
messages=$(( $(kcat -b "$KAFKA" -C -t usernames_policies -e -q -f '%o\n' | tail -n1) + 1 ))
stop_maintainer

say "REFRESH MATERIALIZED VIEW after each of $refreshes transactions"
started=$(now)
run_workload $((transactions + 1)) $((transactions + refreshes)) \
    "REFRESH MATERIALIZED VIEW mv_usernames_policies; REFRESH MATERIALIZED VIEW mv_usernames_grouping;"
refresh=$(calc "$(now) - $started")
say "REFRESH MATERIALIZED VIEW CONCURRENTLY after each of $refreshes transactions"
started=$(now)
run_workload $((transactions + refreshes + 1)) $((transactions + 2 * refreshes)) \
    "REFRESH MATERIALIZED VIEW CONCURRENTLY mv_usernames_policies; REFRESH MATERIALIZED VIEW CONCURRENTLY mv_usernames_grouping;"
concurrent=$(calc "$(now) - $started")

per_txn() { calc "1000 * $1 / $2"; }
ours=$(per_txn "$maintained" "$transactions")
printf '\n Keeping the seed'"'"'s views fresh after every transaction: %s users, %s policies, PostgreSQL %s\n' \
    "$users" "$((3 * users))" "$(sql "SHOW server_version")"
printf ' %-44s | %12s | %8s | %12s | %s\n' "approach" "transactions" "seconds" "ms per txn" "x cdc-maintainer"
printf ' %-44s | %12s | %8.2f | %12.3f | %s\n' "cdc-maintainer (commit to Kafka, confirmed)" "$transactions" \
    "$maintained" "$ours" "1.00"
printf ' %-44s | %12s | %8.2f | %12.3f | %s\n' "  (the transactions alone, writing)" "$transactions" "$written" \
    "$(per_txn "$written" "$transactions")" "-"
printf ' %-44s | %12s | %8.2f | %12.3f | %.1f\n' "REFRESH MATERIALIZED VIEW" "$refreshes" "$refresh" \
    "$(per_txn "$refresh" "$refreshes")" "$(calc "$(per_txn "$refresh" "$refreshes") / $ours")"
printf ' %-44s | %12s | %8.2f | %12.3f | %.1f\n' "REFRESH MATERIALIZED VIEW CONCURRENTLY" "$refreshes" "$concurrent" \
    "$(per_txn "$concurrent" "$refreshes")" "$(calc "$(per_txn "$concurrent" "$refreshes") / $ours")"
printf '\n initial snapshot and content: %.2f s; usernames_policies messages: %s\n' "$initial" "$messages"
