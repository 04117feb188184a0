#!/usr/bin/env bash
# The seed's scenario through restarts (issue 16, items 2, 5, 9):
# cdc-maintainer started while Kafka is down starts once Kafka is back (each
# failed start says why, none trips over its own replication origin);
# reconnects that succeed keep the reconnect delay short; after Postgres
# restarts with -m immediate, status reports go on, so cdc_stream.status()
# shows a later Kafka outage.  Kafka ends up with exactly the seed's messages.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SLOT=restarts
workdir="$(mktemp -d)"
fresh_database restarts
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/schema.sql"
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/views.sql" >/dev/null

start_kafka_mock cdc_stream.progress usernames_grouping usernames_policies
trap end_test EXIT

read_seed_statements

# wait_log COUNT PATTERN SECONDS: until the maintainer's log has COUNT lines matching PATTERN
wait_log() {
    local tries=0
    until [ "$(grep -c -- "$2" "$workdir/maintainer.log")" -ge "$1" ]; do
        tries=$((tries + 1))
        [ $tries -lt $(($3 * 5)) ] || fail "not $1 lines \"$2\" in the log within $3 s"
        sleep 0.2
    done
}

echo "-- started while Kafka is down"
mock_command down
start_maintainer "$workdir" --kafka-brokers "$KAFKA"
wait_log 2 "Kafka unreachable" 90  # the second start failed for Kafka too, not for the origin
mock_command up
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"
! grep -q "already active" "$workdir/maintainer.log" || fail "a retried start found its own replication origin busy"
run_statement "${statements[0]}"

echo "-- walsender terminated twice"
for statement in "${statements[1]}" "${statements[2]}"; do
    sql "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
    run_statement "$statement"
done
[ "$(grep -c "Postgres connection lost, reconnecting in 1000 ms" "$workdir/maintainer.log")" -ge 2 ] ||
    fail "the reconnect delay was not reset after a reconnect that worked: $(grep "reconnecting in" "$workdir/maintainer.log")"

echo "-- Postgres restarted with -m immediate"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_owner "$(pg_config --bindir)/pg_ctl" -D "$CDC_CLUSTER_DIR/data" -l "$CDC_CLUSTER_DIR/server.log" -m immediate -w restart >/dev/null
run_statement "${statements[3]}"
reported="$(sql "SELECT reported_at FROM cdc_stream.maintainers WHERE slot_name = '$SLOT'")"
sleep 3  # --status-interval 1
[ "$(sql "SELECT reported_at > '$reported' FROM cdc_stream.maintainers WHERE slot_name = '$SLOT'")" = t ] ||
    fail "no status report since the restart: $(grep "could not\|no more status" "$workdir/maintainer.log")"

echo "-- Kafka broker down"
mock_command down
sql "${statements[4]}" >/dev/null
after="$(sql "SELECT pg_current_wal_lsn()")"
sleep 14  # longer than a Kafka commit's timeout (10 s)
status="$(sql "SELECT lag > interval '10 s' FROM cdc_stream.status() WHERE slot_name = '$SLOT'")"
[ "$status" = t ] || fail "cdc_stream.status() showed no lag during the outage after the restart"
mock_command up
echo "-- Kafka broker up"
wait_confirmed "$after" ">="

check_seed_topics
echo "ok: seed scenario through a start without Kafka, reconnects and an immediate restart of Postgres"
