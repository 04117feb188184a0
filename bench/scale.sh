#!/usr/bin/env bash
# State at scale (issue 10): what cdc-maintainer costs as the seed's tables
# grow, each figure measured in the same run as what it is compared with.
#
#   bench/scale.sh
#
# For each size, in a throwaway cluster (scripts/pgcluster.sh) with the
# seed's tables and three views (bench/maintain_setup.sql) and one Kafka mock
# for the whole run (build/maintainer/kafka-mock, so that Kafka outlives each
# restart of cdc-maintainer, as a real one would):
#
#  1. first snapshot: from the start of cdc-maintainer until every initial
#     message of both topics is in Kafka (the topics' end offsets), against
#     COPY of the columns the views read and SELECT * FROM the two views,
#     output discarded;
#  2. peak resident memory (VmHWM) of the first process, and of the
#     restarted ones, and the state dir's bytes (du -sb) against the size of
#     the column data (sum of pg_column_size of the columns the views read);
#  3. restart: SIGTERM until exit, then start until the log says it streams,
#     and until a change committed while it was stopped is in Kafka;
#  4. commits of the state store: the longest while streaming and how
#     many held the stream up for over 50 ms, from the log ("state
#     committed in X s", which cdc-maintainer logs for those and for a
#     snapshot's commit); the state dir's bytes show what the store holds;
#  5. sustained: a backlog of BENCH_BACKLOG policy changes queued while it is
#     stopped, in single-row and then in 100-row transactions, drained from
#     "streaming" until every change is in Kafka, against pg_recvlogical
#     draining the same backlog with the cdc_stream plugin and the options
#     cdc-maintainer uses (read from its walsender's START_REPLICATION), from
#     a copy of its slot made when it stopped;
#  6. commit -> Kafka latency of single-row transactions run by pgbench at
#     each rate of BENCH_RATES for BENCH_LATENCY_SECONDS: from the commit time
#     (header cdc.commit_time) to the moment a kcat consumer reads the
#     transaction's last message, p50 and p99 (also to the producer's message
#     timestamp, in the trailing line).
#
# Settings (environment):
#   BENCH_USERS            users, one table per size (policies: three times
#                          as many)                  (default "100000 333334")
#   BENCH_BACKLOG          changes in each backlog   (default 400000)
#   BENCH_RATES            transactions/s for the latency figure
#                                                    (default "1000 5000")
#   BENCH_LATENCY_SECONDS  seconds at each rate      (default 30)
#   BENCH_RESULTS          also append "users,figure,value" CSV lines here
#   BENCH_KEEP             keep the maintainer's log and the state dir's
#                          listing in DIR/USERS.*
#   MAINTAINER             the cdc-maintainer binary (default: this checkout's)
#
# Needs `make` and `make test-tools` (cdc-maintainer, kafka-mock), the
# extension installed, kcat, pgbench and pg_recvlogical.  cdc-maintainer runs
# as bench/maintain.sh runs it (tests/e2e/lib.sh: --checkpoint-interval 1
# --status-interval 1, otherwise its defaults).  Progress goes to stderr;
# the tables to stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
sizes=${BENCH_USERS:-100000 333334}
backlog=${BENCH_BACKLOG:-400000}
rates=${BENCH_RATES:-1000 5000}
latency_seconds=${BENCH_LATENCY_SECONDS:-30}
results=${BENCH_RESULTS:-}
keep=${BENCH_KEEP:-}
bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$bindir/pg_recvlogical" ] || bindir=/usr/lib/postgresql/15/bin
say() { echo "scale bench: $*" >&2; }

cd "$root"
source tests/e2e/lib.sh
SLOT=bench
KAFKA_MOCK=$root/build/maintainer/kafka-mock
for tool in "$MAINTAINER" "$KAFKA_MOCK"; do
    [ -x "$tool" ] || { echo "scale bench: $tool is missing: run make && make test-tools" >&2; exit 1; }
done

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
larger() { awk "BEGIN { printf \"%.1f\", ($1 > $2 ? $1 : $2) }"; }
tools() { perl "$here/scale_tools.pl" "$@"; }

cluster=""
workdir=""
mock_pid=""
consumer_pids=()
cleanup() {
    stop_maintainer || true
    stop_consumer
    if [ -n "$mock_pid" ]; then
        exec 7>&-
        wait "$mock_pid" 2>/dev/null || true
    fi
    [ -z "$cluster" ] || scripts/pgcluster.sh stop "$cluster"
    [ -z "$workdir" ] || rm -rf "$workdir"
    cluster="" workdir="" mock_pid="" MAINTAINER_PID=""
}
trap cleanup EXIT

# poll SECONDS COMMAND...: until COMMAND succeeds, every 0.1 s
poll() {
    local limit=$1 started
    shift
    started=$(now)
    until "$@"; do
        awk "BEGIN { exit !($(now) - $started > $limit) }" && fail "not within $limit s: $*"
        sleep 0.1
    done
}

# end_offset TOPIC: the end offset of the topic's one partition, i.e. how
# many messages it has had (kafka-mock creates each topic with one)
end_offset() {
    kcat -b "$KAFKA" -Q -t "$1:0:-1" 2>/dev/null | awk '/offset/ { print $NF }'
}
offset_reached() { [ "$(end_offset "$1")" -ge "$2" ]; }

# log_lines PATTERN: how many lines of the maintainer's log match
log_lines() { grep -c -- "$1" "$workdir/maintainer.log" || true; }
log_has() { [ "$(log_lines "$1")" -ge "$2" ]; }
# log_time PATTERN [first]: epoch seconds of the last (or first) log line
# matching PATTERN
log_time() {
    local pick=tail
    [ "${2:-}" != first ] || pick=head
    date -d "$(grep -- "$1" "$workdir/maintainer.log" | $pick -n1 | cut -d' ' -f1)" +%s.%N
}

peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$MAINTAINER_PID/status"; }
state_mb() { du -sb "$workdir/state" | awk '{ printf "%.1f", $1 / 1048576 }'; }

# start: cdc-maintainer on the Kafka mock; sets started (epoch seconds)
start() {
    started=$(now)
    start_maintainer "$workdir" --kafka-brokers "$KAFKA"
}
# wait_streaming COUNT: until the log has its COUNT-th "streaming slot"
# line; prints the seconds from $started to that line
wait_streaming() {
    poll 900 log_has "INFO: streaming slot" "$1"
    calc "$(log_time "INFO: streaming slot") - $started"
}

# start_consumer FILE: a kcat consumer of usernames_policies from its end,
# each line stamped with its arrival time
start_consumer() {
    rm -f "$workdir/consumer.fifo"
    mkfifo "$workdir/consumer.fifo"
    tools stamp <"$workdir/consumer.fifo" >"$1" &
    consumer_pids=($!)
    kcat -b "$KAFKA" -C -t usernames_policies -o end -u -q -X fetch.wait.max.ms=5 \
        -f '%T %h\n' >"$workdir/consumer.fifo" 2>>"$workdir/consumer.log" &
    consumer_pids+=($!)
}
stop_consumer() {
    local pid
    [ ${#consumer_pids[@]} -gt 0 ] || return 0
    kill "${consumer_pids[1]}" 2>/dev/null || true
    for pid in "${consumer_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    consumer_pids=()
}

record() { [ -z "$results" ] || echo "$users,$1,$2" >>"$results"; }

run_size() {
    users=$1
    local policies=$((3 * users))
    eval "$(scripts/pgcluster.sh start)"
    cluster=$CDC_CLUSTER_DIR
    export PGDATABASE=postgres
    workdir=$(mktemp -d)
    say "$users users: cluster in $cluster, port $PGPORT; loading $policies policies"
    psql -X -q -v ON_ERROR_STOP=1 -v users="$users" -v skip_materialized_views=1 \
        -f bench/maintain_setup.sql >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -f bench/scale_setup.sql
    sql "VACUUM ANALYZE" >/dev/null

    local column_mb view_rows grouping_rows
    column_mb=$(sql "SELECT round(((SELECT sum(pg_column_size(id) + pg_column_size(name) + pg_column_size(surname))
                                    FROM source.users)
                                 + (SELECT sum(pg_column_size(id) + pg_column_size(policy_details) + pg_column_size(user_id))
                                    FROM source.policies)) / 1048576.0, 1)")
    view_rows=$(sql "SELECT count(*) FROM usernames_policies")
    grouping_rows=$(sql "SELECT count(*) FROM usernames_grouping")

    # 1. the comparisons of the first snapshot, caches warm (the COPY once before)
    local copy_columns="COPY (SELECT id, name, surname FROM source.users) TO STDOUT"
    local copy_policies="COPY (SELECT id, policy_details, user_id FROM source.policies) TO STDOUT"
    psql -X -q -c "$copy_columns" -c "$copy_policies" >/dev/null
    say "COPY of the columns the views read; SELECT * FROM the views"
    local t copy_s select_s
    t=$(now)
    psql -X -q -c "$copy_columns" -c "$copy_policies" >/dev/null
    copy_s=$(calc "$(now) - $t")
    t=$(now)
    psql -X -q -At -c "SELECT * FROM usernames_policies" -c "SELECT * FROM usernames_grouping" >/dev/null
    select_s=$(calc "$(now) - $t")

    # one Kafka for the whole run, with the topics of one partition each
    mkfifo "$workdir/mock.in"
    "$KAFKA_MOCK" cdc_stream.progress usernames_grouping usernames_policies \
        <"$workdir/mock.in" >"$workdir/mock.out" 2>>"$workdir/kafka-mock.log" &
    mock_pid=$!
    exec 7>"$workdir/mock.in"
    KAFKA=$(first_line "$workdir/mock.out") || fail "kafka-mock did not start"

    say "first snapshot: $view_rows + $grouping_rows initial messages"
    start
    local snapshot_s snapshot_stream_s
    poll 900 offset_reached usernames_policies "$view_rows"
    poll 60 offset_reached usernames_grouping "$grouping_rows"
    snapshot_s=$(calc "$(now) - $started")
    snapshot_stream_s=$(wait_streaming 1)
    # its phases, from the log: tables read, views filled, then the
    # commit with the initial content and sending it to Kafka
    local read_s fill_s send_s
    read_s=$(calc "$(log_time "INFO: snapshot at") - $(log_time "INFO: created replication slot")")
    fill_s=$(calc "$(log_time " added: ") - $(log_time "INFO: snapshot at")")
    send_s=$(calc "$(log_time "INFO: streaming slot" first) - $(log_time " added: ")")
    local plugin_query
    plugin_query=$(sql "SELECT query FROM pg_stat_activity WHERE backend_type = 'walsender' AND query LIKE 'START_REPLICATION SLOT \"$SLOT\"%'")
    local -a plugin_options
    mapfile -t plugin_options < <(tools options "$plugin_query")
    [ ${#plugin_options[@]} -gt 0 ] || fail "no plugin options in the walsender's command: $plugin_query"
    say "plugin options: ${plugin_options[*]}"

    # 2. a few seconds after: the outbox is dropped with the next commit
    sleep 3
    local rss_first state_first
    rss_first=$(peak_rss_mb)
    state_first=$(state_mb)

    # 3. restart
    say "restart"
    local stop_s restart_stream_s restart_kafka_s base
    t=$(now)
    stop_maintainer
    stop_s=$(calc "$(now) - $t")
    base=$(end_offset usernames_policies)
    sql "UPDATE source.policies SET policy_details = 'RESTART MARK' WHERE id = 1" >/dev/null
    start
    restart_stream_s=$(wait_streaming 2)
    poll 900 offset_reached usernames_policies $((base + 2))
    restart_kafka_s=$(calc "$(now) - $started")

    # 5. sustained, from a stopped maintainer: a backlog, pg_recvlogical on a
    # copy of the slot, then cdc-maintainer
    local per_transaction streams=2 rss_restarted=0 first=0
    local -A queue_s drain_s total_s recv_s
    for per_transaction in 1 100; do
        rss_restarted=$(larger "$rss_restarted" "$(peak_rss_mb)")
        stop_maintainer
        sql "SELECT pg_copy_logical_replication_slot('$SLOT', '${SLOT}_recv')" >/dev/null
        base=$(end_offset usernames_policies)
        say "sustained: queueing $backlog changes in $per_transaction-row transactions"
        t=$(now)
        sql "CALL bench_policy_updates($first, $backlog, $per_transaction)" >/dev/null
        queue_s[$per_transaction]=$(calc "$(now) - $t")
        first=$((first + backlog))
        local upto
        upto=$(sql "SELECT pg_current_wal_lsn()")
        say "sustained: pg_recvlogical drains it"
        t=$(now)
        "$bindir/pg_recvlogical" --dbname="$PGDATABASE" --slot="${SLOT}_recv" --start --no-loop \
            --endpos="$upto" --file=/dev/null "${plugin_options[@]}"
        recv_s[$per_transaction]=$(calc "$(now) - $t")
        sql "SELECT pg_drop_replication_slot('${SLOT}_recv')" >/dev/null
        say "sustained: cdc-maintainer drains it"
        start
        streams=$((streams + 1))
        local streaming_s
        streaming_s=$(wait_streaming $streams)
        poll 900 offset_reached usernames_policies $((base + 2 * backlog))
        total_s[$per_transaction]=$(calc "$(now) - $started")
        drain_s[$per_transaction]=$(calc "${total_s[$per_transaction]} - $streaming_s")
    done

    # 6. latency, on the running maintainer
    local rate
    local -A achieved latency
    for rate in $rates; do
        say "latency: single-row transactions at $rate/s for $latency_seconds s"
        base=$(end_offset usernames_policies)
        start_consumer "$workdir/consumer.$rate"
        sleep 1
        local from to done_transactions
        from=$(now)
        pgbench -n -f bench/scale_latency.sql -D policies="$policies" -R "$rate" -T "$latency_seconds" \
            -c 8 -j 2 >"$workdir/pgbench.$rate" 2>&1 || { cat "$workdir/pgbench.$rate" >&2; fail "pgbench failed"; }
        to=$(now)
        done_transactions=$(awk '/number of transactions actually processed/ { print $NF }' "$workdir/pgbench.$rate")
        achieved[$rate]=$(awk '/^tps = / { printf "%.0f", $3 }' "$workdir/pgbench.$rate")
        poll 300 offset_reached usernames_policies $((base + 2 * done_transactions))
        sleep 0.5
        stop_consumer
        latency[$rate]=$(tools latency "$from" "$to" <"$workdir/consumer.$rate")
    done
    local state_last
    rss_restarted=$(larger "$rss_restarted" "$(peak_rss_mb)")
    stop_maintainer
    state_last=$(state_mb)
    ls -l "$workdir/state" >"$workdir/state.ls"
    if [ -n "$keep" ]; then
        mkdir -p "$keep"
        local file
        for file in maintainer.log state.ls; do cp "$workdir/$file" "$keep/$users.$file"; done
    fi

    # 4. commits: the snapshot's (with the initial content) and the
    # longest while streaming (not at stops)
    local commit_first commit_stall
    commit_first=$(awk '/state committed in .*initial content/ { s = $0; sub(/.*state committed in /, "", s); print s + 0; exit }' \
        "$workdir/maintainer.log")
    commit_stall=$(awk '/INFO: streaming slot/ { streaming = 1 } /INFO: stopping/ { streaming = 0 }
        streaming && /state committed in/ && !/initial content/ { s = $0; sub(/.*state committed in /, "", s); s += 0;
                                                                 if (s > max) max = s; n++ }
        END { if (n) printf "%.3f %d", max, n; else print "<0.050 0" }' "$workdir/maintainer.log")
    local stall_s=${commit_stall% *} stalls_logged=${commit_stall#* }

    # the table
    local version
    version=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
    printf '\n Scale: %s users, %s policies (%s + %s rows in the two views; column data %s MB), PostgreSQL %s, cdc-maintainer %s\n' \
        "$users" "$policies" "$view_rows" "$grouping_rows" "$column_mb" "$(sql "SHOW server_version")" "$version"
    row() { printf ' %-62s | %14s | %-40s | %10s | %s\n' "$@"; }
    ratio() { calc "$1 / $2" | awk '{ printf "%.2f", $1 }'; }
    row "figure" "cdc-maintainer" "compared with" "value" "ratio"
    row "first snapshot until all initial messages in Kafka, s" "$snapshot_s" "COPY of the columns the views read, s" \
        "$copy_s" "$(ratio "$snapshot_s" "$copy_s")"
    row "" "" "SELECT * FROM the two views, s" "$select_s" "$(ratio "$snapshot_s" "$select_s")"
    row "  (tables read $read_s s, views filled $fill_s s, commit + Kafka $send_s s)" "" "" "" ""
    row "peak RSS after the first snapshot, MB" "$rss_first" "column data (sum of pg_column_size), MB" "$column_mb" \
        "$(ratio "$rss_first" "$column_mb")"
    row "peak RSS of the restarted processes, MB" "$rss_restarted" "column data, MB" "$column_mb" \
        "$(ratio "$rss_restarted" "$column_mb")"
    row "state dir after the first snapshot, MB" "$state_first" "column data, MB" "$column_mb" \
        "$(ratio "$state_first" "$column_mb")"
    row "state dir at the end (stopped), MB" "$state_last" "column data, MB" "$column_mb" "$(ratio "$state_last" "$column_mb")"
    row "stop: SIGTERM until exit, s" "$stop_s" "" "" ""
    row "restart: start until streaming (log), s" "$restart_stream_s" "" "" ""
    row "restart: start until a change made while stopped in Kafka, s" "$restart_kafka_s" "" "" ""
    row "state commit with the initial content, s" "${commit_first:--}" "" "" ""
    row "longest state commit while streaming, s" "$stall_s" "commits over 0.05 s" "$stalls_logged" ""
    for per_transaction in 1 100; do
        local ours theirs
        ours=$(calc "$backlog / ${drain_s[$per_transaction]}")
        theirs=$(calc "$backlog / ${recv_s[$per_transaction]}")
        row "sustained, $backlog changes, $per_transaction-row txns: changes/s" "$(printf '%.0f' "$ours")" \
            "pg_recvlogical, same backlog, changes/s" "$(printf '%.0f' "$theirs")" "$(ratio "$ours" "$theirs")"
        row "  (drain ${drain_s[$per_transaction]} s after streaming; ${total_s[$per_transaction]} s from start)" "" \
            "  (queued in ${queue_s[$per_transaction]} s by Postgres)" "" ""
        record "sustained_${per_transaction}_per_s" "$ours"
        record "recvlogical_${per_transaction}_per_s" "$theirs"
        record "sustained_${per_transaction}_total_s" "${total_s[$per_transaction]}"
    done
    for rate in $rates; do
        local n p50 p99 max pp50 pp99 pmax
        read -r n p50 p99 max pp50 pp99 pmax <<<"${latency[$rate]}"
        row "commit -> Kafka consumer at $rate txn/s: p50 / p99 ms" "$p50 / $p99" "achieved txn/s (pgbench)" \
            "${achieved[$rate]}" ""
        row "  (max $max ms; to the producer's timestamp: $pp50 / $pp99 / max $pmax; $n txns)" "" "" "" ""
        record "latency_${rate}_p50_ms" "$p50"
        record "latency_${rate}_p99_ms" "$p99"
        record "latency_${rate}_max_ms" "$max"
        record "latency_${rate}_achieved" "${achieved[$rate]}"
        record "latency_${rate}_produce_p50_ms" "$pp50"
        record "latency_${rate}_produce_p99_ms" "$pp99"
    done
    record snapshot_s "$snapshot_s"
    record snapshot_streaming_s "$snapshot_stream_s"
    record snapshot_read_s "$read_s"
    record snapshot_fill_s "$fill_s"
    record snapshot_send_s "$send_s"
    record copy_s "$copy_s"
    record select_s "$select_s"
    record column_mb "$column_mb"
    record rss_first_mb "$rss_first"
    record rss_restarted_mb "$rss_restarted"
    record state_first_mb "$state_first"
    record state_last_mb "$state_last"
    record stop_s "$stop_s"
    record restart_streaming_s "$restart_stream_s"
    record restart_kafka_s "$restart_kafka_s"
    record commit_first_s "${commit_first:--}"
    record commit_stall_s "$stall_s"
    record commits_over_50ms "$stalls_logged"
    cleanup
}

for size in $sizes; do
    run_size "$size"
done
