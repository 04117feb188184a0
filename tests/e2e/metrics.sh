#!/usr/bin/env bash
# cdc-maintainer's metrics scraped by a real Prometheus (issue 14, item 2):
# Debian's prometheus server, on loopback with its own configuration and
# storage in a temporary directory, scrapes --metrics-address every second
# during the seed's scenario and a Kafka outage (a separate kafka-mock,
# stopped and started as in seed_failures.sh).  Prometheus' HTTP API then
# shows what moved: lag and bytes behind rising during the outage and
# falling after, /healthz 503 during it and 200 after, the transactions
# applied equal to the seed's, each view's messages equal to what kcat
# reads from its topic, the snapshot's rows equal to the tables'; then views
# added (one with a snapshot), failing (division by zero) and dropped
# while running show in the view states and snapshot counts.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PROMETHEUS="${PROMETHEUS:-prometheus}"
SLOT=metrics
workdir="$(mktemp -d)"
fresh_database metrics_e2e
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/schema.sql"
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/views.sql" >/dev/null
sql "ANALYZE source.users, source.policies"  # the snapshot's estimates come from pg_class.reltuples
# WAL that no view reads (not streamed), written during the outage as an
# application's other tables would be
sql "CREATE TABLE public.other_writes (id serial PRIMARY KEY, pad text)"

start_kafka_mock cdc_stream.progress usernames_grouping usernames_policies ratio policy_count
end_metrics_test() {
    local status=$?
    set +e
    if [ -n "${PROMETHEUS_PID:-}" ]; then
        kill "$PROMETHEUS_PID" 2>/dev/null || true
        wait "$PROMETHEUS_PID" 2>/dev/null || true
    fi
    [ $status -eq 0 ] || { echo "--- prometheus log" >&2; cat "$workdir/prometheus.log" >&2 || true; }
    (exit $status)
    end_test
}
trap end_metrics_test EXIT

read_seed_statements

# the first port from $1 nobody listens on
free_port() {
    local port
    for port in $(seq "$1" $(($1 + 500))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    fail "no free port from $1"
}

# healthz: the HTTP status of cdc-maintainer's /healthz
healthz() { curl -s -o /dev/null -w '%{http_code}' "http://$METRICS/healthz"; }

# promql QUERY [TIME]: the value of the query's first sample (at TIME, Unix
# seconds; default now), or "none"
promql() {
    local args=(--data-urlencode "query=$1")
    [ -z "${2:-}" ] || args+=(--data-urlencode "time=$2")
    curl -s "${args[@]}" "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/query" |
        jq -r 'if .status == "success" then (.data.result[0].value[1] // "none") else "error: \(.error)" end'
}

# wait_promql QUERY EXPECTED SECONDS: until Prometheus answers EXPECTED
wait_promql() {
    local tries=0 value
    until value="$(promql "$1")" && [ "$value" = "$2" ]; do
        tries=$((tries + 1))
        [ $tries -lt $(($3 * 5)) ] || fail "Prometheus: $1 is $value, not $2, after $3 s"
        sleep 0.2
    done
}

# check QUERY OP NUMBER [TIME]: the query's value compares (awk) as stated
check() {
    local value
    value="$(promql "$1" "${4:-}")"
    awk -v v="$value" -v n="$3" "BEGIN { exit !(v != \"none\" && v $2 n) }" ||
        fail "Prometheus: $1 is $value${4:+ at $4}, expected $2 $3"
}

now() { date +%s.%N; }

start_maintainer "$workdir" --kafka-brokers "$KAFKA" --metrics-address 127.0.0.1:0
tries=0
until METRICS="$(sed -n 's|.*metrics on http://\([^/]*\)/metrics.*|\1|p' "$workdir/maintainer.log" | head -n1)" && [ -n "$METRICS" ]; do
    tries=$((tries + 1))
    [ $tries -lt 100 ] || fail "cdc-maintainer did not say where its metrics are"
    sleep 0.2
done
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"
[ "$(healthz)" = 200 ] || fail "/healthz is $(healthz) while streaming, not 200"

PROMETHEUS_PORT="$(free_port 19090)"
cat >"$workdir/prometheus.yml" <<CONFIG
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: cdc-maintainer
    static_configs:
      - targets: ["$METRICS"]
CONFIG
"$PROMETHEUS" --config.file="$workdir/prometheus.yml" --storage.tsdb.path="$workdir/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --log.level=warn >>"$workdir/prometheus.log" 2>&1 &
PROMETHEUS_PID=$!
wait_promql 'up{job="cdc-maintainer"}' 1 30
echo "-- Prometheus on 127.0.0.1:$PROMETHEUS_PORT scrapes cdc-maintainer on $METRICS"

# the snapshot read each table whole, out of Postgres' estimate (ANALYZE above)
for table in users policies; do
    rows="$(sql "SELECT count(*) FROM source.$table")"
    check "cdc_maintainer_snapshot_rows{table=\"source.$table\"}" == "$rows"
    check "cdc_maintainer_snapshot_rows_estimated{table=\"source.$table\"}" == "$rows"
done
check 'sum(cdc_maintainer_view_state{state="running"})' == 3
check 'cdc_maintainer_build_info' == 1

run_statement "${statements[0]}"
run_statement "${statements[1]}"
sleep 2
check 'cdc_maintainer_wal_behind_bytes{position="delivered"}' '<' 1000  # idle: only the status reports' WAL

echo "-- Kafka broker down"
mock_command down
outage_started="$(now)"
before="$(sql "SELECT pg_current_wal_lsn()")"
sql "${statements[2]}" >/dev/null
sleep 4
early="$(now)"
sql "INSERT INTO public.other_writes (pad) SELECT repeat('x', 100) FROM generate_series(1, 1000)"
sleep 11  # longer than a Kafka commit's timeout (10 s): the retry path runs
[ "$(healthz)" = 503 ] || fail "/healthz is $(healthz) during the Kafka outage, not 503"
curl -s "http://$METRICS/healthz" | grep -q "Kafka unavailable" || fail "/healthz does not say Kafka is unavailable"
sleep 1.5  # a scrape after the check
late="$(now)"
check 'cdc_maintainer_lag_seconds' '>' 10 "$late"
check 'cdc_maintainer_ready' == 0 "$late"
check 'cdc_maintainer_kafka_available' == 0 "$late"
check 'cdc_maintainer_kafka_transaction_retries_total' '>=' 1 "$late"
lag_early="$(promql cdc_maintainer_lag_seconds "$early")"
check 'cdc_maintainer_lag_seconds' '>' "$lag_early" "$late"  # rising
# the server's position comes with the status reports, which go on between
# Kafka attempts (each may wait 10 s): the first one after the first attempt
# has the other writes
for position in received delivered confirmed; do
    behind_early="$(promql "cdc_maintainer_wal_behind_bytes{position=\"$position\"}" "$early")"
    check "cdc_maintainer_wal_behind_bytes{position=\"$position\"}" '>' "$behind_early" "$late"  # rising
done
peak="$(promql "max_over_time(cdc_maintainer_wal_behind_bytes{position=\"delivered\"}[20s])" "$late")"
[ "$(sql "SELECT confirmed_flush_lsn > '$before'::pg_lsn FROM pg_replication_slots WHERE slot_name = '$SLOT'")" = f ] ||
    fail "the slot was confirmed while Kafka was down"

mock_command up
echo "-- Kafka broker up"
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")" ">="
sleep 2.5
after="$(now)"
[ "$(healthz)" = 200 ] || fail "/healthz is $(healthz) after the Kafka outage, not 200"
check 'cdc_maintainer_lag_seconds' == 0 "$after"
check 'cdc_maintainer_ready' == 1 "$after"
check 'cdc_maintainer_wal_behind_bytes{position="delivered"}' '<' "$peak" "$after"  # falling
check "max_over_time(cdc_maintainer_ready[$(awk -v a="$after" -v b="$outage_started" 'BEGIN { printf "%d", a - b }')s])" == 1 "$after"
check "min_over_time(cdc_maintainer_ready[$(awk -v a="$after" -v b="$outage_started" 'BEGIN { printf "%d", a - b }')s])" == 0 "$after"

run_statement "${statements[3]}"
run_statement "${statements[4]}"
check_seed_topics

echo "-- counts against the seed and the topics"
wait_promql 'cdc_maintainer_source_transactions_applied_total' "${#statements[@]}" 15
for view in usernames_grouping usernames_policies; do
    messages="$(read_topic "$view" | wc -l)"
    wait_promql "cdc_maintainer_view_messages_total{view=\"public.$view\"}" "$messages" 15
done
# one latency per source transaction with output (the topics' commit LSNs
# but the snapshot's), the outage's longer than 10 s
transactions="$( { read_topic usernames_grouping; read_topic usernames_policies; } | cut -f1 | sort -u | wc -l)"
check 'cdc_maintainer_commit_to_kafka_seconds_count' == $((transactions - 1))
check 'sum(cdc_maintainer_commit_to_kafka_seconds_count) - sum(cdc_maintainer_commit_to_kafka_seconds_bucket{le="10"})' == 1
check 'cdc_maintainer_kafka_transactions_committed_total' '>=' 4
check 'cdc_maintainer_state_commit_duration_seconds_count' '>' 0
check 'cdc_maintainer_checkpoint_duration_seconds_count' '>' 0
check 'cdc_maintainer_state_store_memtable_bytes' '>' 0
check 'cdc_maintainer_wal_behind_bytes{position="delivered"}' '<' "$peak"
echo "-- views added, failing and dropped while running"
sql "CREATE TABLE public.ratios (id int PRIMARY KEY, a int, b int)"
sql "INSERT INTO public.ratios VALUES (1, 6, 3), (2, 5, 1)"
sql "ANALYZE public.ratios"
sql "SELECT cdc_stream.add_view('ratio', 'SELECT id, a / b AS r FROM public.ratios')" >/dev/null
wait_promql 'cdc_maintainer_view_state{view="public.ratio",state="running"}' 1 30
check 'cdc_maintainer_snapshots_total' == 2  # the first start's and this one's: it reads a table not held
check 'cdc_maintainer_snapshot_rows{table="public.ratios"}' == 2
check 'cdc_maintainer_snapshot_rows_estimated{table="public.ratios"}' == 2
sql "SELECT cdc_stream.add_view('policy_count', 'SELECT count(*) AS n FROM source.policies')" >/dev/null
wait_promql 'cdc_maintainer_view_state{view="public.policy_count",state="running"}' 1 30
check 'cdc_maintainer_snapshots_total' == 2  # filled from the tables held
sql "INSERT INTO public.ratios VALUES (3, 1, 0)"  # division by zero: the view stops
wait_promql 'cdc_maintainer_view_state{view="public.ratio",state="error"}' 1 30
check 'cdc_maintainer_view_state{view="public.ratio",state="running"}' == 0
[ "$(sql "SELECT state FROM cdc_stream.views WHERE view_name = 'ratio'")" = error ] || fail "view ratio is not in error"
sql "SELECT cdc_stream.drop_view('policy_count')" >/dev/null
wait_promql 'count(cdc_maintainer_view_state{view="public.policy_count"})' none 30  # its series went with it
check 'sum(cdc_maintainer_view_state{state="running"})' == 3

# the alert rules docs/operations.md gives are rules Prometheus takes
awk '/^# cdc-maintainer.rules.yml/ { on = 1 } on && /^```$/ { exit } on' "$E2E_ROOT/docs/operations.md" >"$workdir/rules.yml"
promtool check rules "$workdir/rules.yml" >/dev/null || fail "the alert rules of docs/operations.md: $(promtool check rules "$workdir/rules.yml" 2>&1)"
echo "ok: Prometheus saw the seed's transactions and messages, lag and bytes behind rise and fall with a Kafka outage, /healthz 503 during it"
