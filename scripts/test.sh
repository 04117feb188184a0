#!/usr/bin/env bash
# Runs every cdc_stream test on a fresh machine: installs what is missing,
# builds, starts a throwaway Postgres 15 cluster, runs pg_regress + pgTAP,
# the unit tests and the end-to-end tests, and stops the cluster.
# This is the README's test command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
make -j"$(nproc)" all test-tools
if [ "$(id -u)" -eq 0 ]; then
    make install >/dev/null
else
    sudo make install >/dev/null
fi

eval "$(scripts/pgcluster.sh start)"
trap 'scripts/pgcluster.sh stop "$CDC_CLUSTER_DIR"' EXIT

echo "== pg_regress and pgTAP"
if ! make installcheck; then
    cat build/regress/regression.diffs >&2 || true
    exit 1
fi

echo "== unit tests"
make unit-test

echo "== end to end: the seed's scenario"
tests/e2e/seed_scenario.sh full
tests/e2e/seed_scenario.sh default
tests/e2e/seed_failures.sh
tests/e2e/restarts.sh
tests/e2e/damaged_state.sh
tests/e2e/wal_retention.sh
tests/e2e/view_lifecycle.sh
tests/e2e/renames_privileges.sh

echo "== end to end: metrics scraped by a real Prometheus"
tests/e2e/metrics.sh

echo "== the oracle: random workloads, every view checked against Postgres at every commit"
tests/oracle/run.sh short

echo "== all tests passed"
