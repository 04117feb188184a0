#!/usr/bin/env bash
# The demo: a throwaway Postgres 15 cluster with the seed's schema and data,
# the seed's five statements, and what the cdc_stream output plugin decodes
# from them (text mode).  Installs what it needs; stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
make -j"$(nproc)" all >/dev/null
if [ "$(id -u)" -eq 0 ]; then make install >/dev/null; else sudo make install >/dev/null; fi

eval "$(scripts/pgcluster.sh start)"
trap 'scripts/pgcluster.sh stop "$CDC_CLUSTER_DIR"' EXIT
psql -q -v ON_ERROR_STOP=1 -f tests/seed/schema.sql
psql -q -c "SELECT 'slot created' FROM pg_create_logical_replication_slot('demo', 'cdc_stream')"

while IFS= read -r statement; do
    case "$statement" in --*|"") continue ;; esac
    echo
    echo "postgres=# $statement"
    psql -q -v ON_ERROR_STOP=1 -c "$statement"
    psql -qAt -c "SELECT data FROM pg_logical_slot_get_changes('demo', NULL, NULL,
        'format', 'text', 'tables', 'source.users, source.policies')" | sed 's/^/  cdc_stream> /'
    sleep 1
done < tests/seed/statements.sql
