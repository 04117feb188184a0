#!/usr/bin/env bash
# The seed's scenario through failures (issue 4, item 6): Postgres kills the
# walsender mid-run, the Kafka broker is down for a while, and the
# maintainer itself is killed (SIGKILL) and restarted.  Kafka (a separate
# kafka-mock process) must end up with exactly the seed's messages: nothing
# lost, nothing twice, transactions in order.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SLOT=seed_failures
workdir="$(mktemp -d)"
fresh_database seed_failures
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/schema.sql"
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/views.sql" >/dev/null

# kafka-mock reads its commands from a FIFO kept open on descriptor 7; it
# creates the topics, as the mock has no CreateTopics API
start_kafka_mock cdc_stream.progress usernames_grouping usernames_policies
trap end_test EXIT

read_seed_statements

start_maintainer "$workdir" --kafka-brokers "$KAFKA"
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"

run_statement "${statements[0]}"
echo "-- walsender terminated"
sql "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
run_statement "${statements[1]}"

echo "-- Kafka broker down"
mock_command down
before="$(sql "SELECT pg_current_wal_lsn()")"
sql "${statements[2]}" >/dev/null
after="$(sql "SELECT pg_current_wal_lsn()")"
sleep 14  # longer than a Kafka commit's timeout (10 s): the retry path runs
[ "$(sql "SELECT confirmed_flush_lsn >= '$after'::pg_lsn FROM pg_replication_slots WHERE slot_name = '$SLOT'")" = f ] ||
    fail "the slot was confirmed while Kafka was down"
# cdc_stream.status() shows the wait: the statement's commit, 14 s ago, is not in Kafka
status="$(sql "SELECT active, lag > interval '10 s', undelivered_bytes > 0, delivered_lsn
               FROM cdc_stream.status() WHERE slot_name = '$SLOT'")"
[ "${status%|*}" = "t|t|t" ] || fail "cdc_stream.status() during the outage: $status (active, lag > 10 s, bytes behind)"
delivered_during_outage="${status##*|}"
mock_command up
echo "-- Kafka broker up"
wait_confirmed "$after" ">="
status="$(sql "SELECT lag, delivered_lsn > '$before'::pg_lsn FROM cdc_stream.status() WHERE slot_name = '$SLOT'")"
[ "$status" = "00:00:00|t" ] || fail "cdc_stream.status() after the outage: $status (lag, delivered)"
# the statement's commit LSN, as its messages carry it: not delivered during the outage
commit_lsn="$( { read_topic usernames_grouping; read_topic usernames_policies; } | cut -f1 |
    psql -qAt -v ON_ERROR_STOP=1 -c "CREATE TEMP TABLE lsns (lsn pg_lsn)" -c "\\copy lsns FROM pstdin" \
        -c "SELECT min(lsn) FROM lsns WHERE lsn > '$before'")"
[ "$(sql "SELECT '$delivered_during_outage'::pg_lsn < '$commit_lsn'::pg_lsn")" = t ] ||
    fail "cdc_stream.status() said $delivered_during_outage was delivered during the outage; the commit was at $commit_lsn"

echo "-- cdc-maintainer killed and restarted"
before="$(sql "SELECT pg_current_wal_lsn()")"
sql "${statements[3]}" >/dev/null
sleep 0.5
kill -KILL "$MAINTAINER_PID"
wait "$MAINTAINER_PID" 2>/dev/null || true
start_maintainer "$workdir" --kafka-brokers "$KAFKA"
wait_confirmed "$before"
run_statement "${statements[4]}"

check_seed_topics
grep -q "Postgres connection lost" "$workdir/maintainer.log" || fail "the walsender was not seen to go"
grep -q "Kafka transaction failed" "$workdir/maintainer.log" || fail "the broker outage was not seen"
echo "ok: seed scenario through a killed walsender, a Kafka outage and a killed maintainer: nothing lost, nothing twice"
