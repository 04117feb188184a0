#!/usr/bin/env bash
# The oracle harness (issue 5, docs/testing.md): a seeded random workload
# against a cluster's database, every view rebuilt from Kafka compared with
# Postgres after every transaction.
#   run.sh short                          2,000 transactions, a random seed (CI)
#   run.sh long                           100,000 transactions, with throughput
#   run.sh --seed N [--transactions M]    replays one seed
# Needs PGHOST/PGPORT/PGUSER of a cluster with cdc_stream installed and
# wal_level=logical (scripts/pgcluster.sh); uses database $ORACLE_DB (oracle_test),
# slot $ORACLE_SLOT (cdc_oracle) and $ORACLE_MAINTAINER (maintainer/cdc-maintainer).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

args=()
case "${1:-short}" in
    short) args=(--transactions "${ORACLE_TRANSACTIONS:-2000}"); shift || true ;;
    long) args=(--transactions "${ORACLE_TRANSACTIONS:-100000}" --batch 500); shift || true ;;
esac
args+=("$@")

make -s oracle
maintainer="${ORACLE_MAINTAINER:-maintainer/cdc-maintainer}"
db="${ORACLE_DB:-oracle_test}"
dropdb --if-exists --force "$db" 2>/dev/null || true
createdb "$db"
psql -q -d "$db" -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cdc_stream"
workdir="$(mktemp -d)"
status=0
build/oracle/oracle --dsn "dbname=$db" --maintainer "$maintainer" --workdir "$workdir" \
    --slot "${ORACLE_SLOT:-cdc_oracle}" "${args[@]}" || status=$?
if [ $status -ne 0 ]; then
    echo "--- cdc-maintainer log (last 40 lines): $workdir/maintainer.log" >&2
    tail -n 40 "$workdir/maintainer.log" >&2
    exit $status
fi
rm -rf "$workdir"
dropdb --if-exists --force "$db" 2>/dev/null || true
