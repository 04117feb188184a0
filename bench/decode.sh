#!/usr/bin/env bash
# Decode benchmark: how long each output plugin takes to decode the same WAL
# and how many bytes it produces, next to the floor (decoding with no output).
#
#   bench/decode.sh
#
# Starts a throwaway cluster (scripts/pgcluster.sh), creates one logical slot
# per variant, runs the workload, then decodes every slot BENCH_RUNS times
# with pg_logical_slot_peek_binary_changes, timed on the server, and prints
# one table of medians.  Then it decodes the variants marked stream BENCH_RUNS
# times again through the replication protocol, as cdc-maintainer does:
# pg_recvlogical --start on a copy of the slot up to the end of the workload,
# writing to /dev/null, timed by the client; and prints a second table.
# Settings (environment):
#
#   BENCH_INSERTS   rows inserted              (default 500000)
#   BENCH_UPDATES   rows then updated          (default 125000, <= inserts)
#   BENCH_TXN_ROWS  rows per transaction       (default 100000)
#   BENCH_RUNS      decodes per variant        (default 3; the median is shown)
#   BENCH_RAW       a file to copy every run's CSV line to (default: none;
#                   the replication runs go to BENCH_RAW.stream)
#   BENCH_STREAM    0 to skip the replication-protocol table (default 1)
#
# Needs the cdc_stream plugin installed (make install) and wal2json and
# decoderbufs (scripts/install-deps.sh).  Progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
inserts=${BENCH_INSERTS:-500000}
updates=${BENCH_UPDATES:-125000}
txn_rows=${BENCH_TXN_ROWS:-100000}
runs=${BENCH_RUNS:-3}

say() { echo "decode bench: $*" >&2; }

# psql without ~/.psqlrc, stopping at the first error.  decoderbufs greets
# every decoding session with an INFO, which no setting silences: drop it.
psql_bench() {
    psql -X -q -v ON_ERROR_STOP=1 "$@" 2> >(grep -v 'INFO:  Exiting startup callback' >&2)
}

check_settings() {
    local name
    for name in inserts updates txn_rows runs; do
        [[ ${!name} =~ ^[1-9][0-9]*$ ]] || { say "$name must be a positive integer"; exit 2; }
    done
    ((updates <= inserts)) || { say "BENCH_UPDATES must be <= BENCH_INSERTS"; exit 2; }
    local plugin libdir
    libdir=$(pg_config --pkglibdir)
    for plugin in cdc_stream wal2json decoderbufs; do
        [ -f "$libdir/$plugin.so" ] ||
            { say "$libdir/$plugin.so missing: make install; scripts/install-deps.sh"; exit 1; }
    done
}

start_cluster() {
    eval "$("$root/scripts/pgcluster.sh" start)"
    # shellcheck disable=SC2064  # expand the directory now
    trap "'$root/scripts/pgcluster.sh' stop '$CDC_CLUSTER_DIR'" EXIT
    say "cluster in $CDC_CLUSTER_DIR, port $PGPORT"
}

# Decodes every variant once per run.  Runs go round-robin over the variants
# rather than variant by variant, so a slow moment of the machine spreads over
# all of them instead of one.  Each decode is a new backend, like a new
# replication connection: caches start cold for every variant alike.
measure() {
    local upto=$1 results=$2 run variant
    local -a variants
    mapfile -t variants < <(psql_bench -At -c "SELECT name FROM bench.variants ORDER BY ord")
    # Warm-up: reads the WAL once so the first variant does not pay for the page cache.
    psql_bench -v variant="${variants[0]}" -v upto="$upto" >/dev/null \
        <<<"SELECT bench.decode_once(:'variant', :'upto')"
    for run in $(seq 1 "$runs"); do
        say "run $run of $runs"
        for variant in "${variants[@]}"; do
            psql_bench -t --csv -v variant="$variant" -v upto="$upto" -v run="$run" \
                >>"$results" <<<"SELECT :run, :'variant', * FROM bench.decode_once(:'variant', :'upto')"
        done
    done
}

# One decode of variant through the replication protocol, printed as a CSV
# line (run, variant, seconds).  pg_recvlogical confirms what it receives, so
# it streams from a copy of the variant's slot (made before the clock starts,
# at the slot's position before the workload) and the slot itself never
# moves.  It stops at upto, the end of the workload: on the first message or
# keepalive at or past it.
stream_once() {
    local run=$1 variant=$2 upto=$3 slot copy started ended
    local -a options
    slot=$(psql_bench -At -v variant="$variant" <<<"SELECT slot FROM bench.variants WHERE name = :'variant'")
    mapfile -t options < <(psql_bench -At -v variant="$variant" <<<"
        SELECT '--option=' || options[i] || '=' || options[i + 1]
        FROM bench.variants, generate_subscripts(options, 1) i
        WHERE name = :'variant' AND i % 2 = 1 ORDER BY i")
    copy="${slot}_stream"
    psql_bench -v slot="$slot" -v copy="$copy" >/dev/null \
        <<<"SELECT pg_copy_logical_replication_slot(:'slot', :'copy')"
    started=$(date +%s.%N)
    pg_recvlogical --dbname="$PGDATABASE" --slot="$copy" --start --no-loop \
        --endpos="$upto" --file=/dev/null "${options[@]}" \
        2> >(grep -v 'INFO:  Exiting startup callback' >&2)
    ended=$(date +%s.%N)
    psql_bench -v copy="$copy" >/dev/null <<<"SELECT pg_drop_replication_slot(:'copy')"
    echo "$run,\"$variant\",$(echo "$ended - $started" | bc),,"  # bytes: as in the first table
}

measure_stream() {
    local upto=$1 results=$2 run variant
    local -a variants
    mapfile -t variants < <(psql_bench -At -c "SELECT name FROM bench.variants WHERE stream ORDER BY ord")
    stream_once 0 "${variants[0]}" "$upto" >/dev/null   # warm-up
    for run in $(seq 1 "$runs"); do
        say "replication protocol: run $run of $runs"
        for variant in "${variants[@]}"; do
            stream_once "$run" "$variant" "$upto" >>"$results"
        done
    done
}

main() {
    check_settings
    start_cluster
    local results="$CDC_CLUSTER_DIR/results.csv" upto
    psql_bench -f "$here/decode_setup.sql" >/dev/null
    say "workload: $inserts inserts + $updates updates, $txn_rows rows a transaction"
    upto=$(psql_bench -v inserts="$inserts" -v updates="$updates" -v txn_rows="$txn_rows" \
        -f "$here/decode_workload.sql")
    # Flush dirty buffers now rather than during the measurements.
    psql_bench -c "CHECKPOINT"
    measure "$upto" "$results"
    [ -z "${BENCH_RAW:-}" ] || cp "$results" "$BENCH_RAW"
    psql_bench -P footer=off -P title="Decoding $inserts inserts + $updates updates (median of $runs runs, PostgreSQL $(pg_config --version | cut -d' ' -f2))" \
        -v changes=$((inserts + updates)) -v bytes=true -f "$here/decode_report.sql" <"$results"
    [ "${BENCH_STREAM:-1}" != 0 ] || return 0
    echo
    measure_stream "$upto" "$results.stream"
    [ -z "${BENCH_RAW:-}" ] || cp "$results.stream" "$BENCH_RAW.stream"
    psql_bench -P footer=off -P title="Through the replication protocol: pg_recvlogical to /dev/null (median of $runs runs)" \
        -v changes=$((inserts + updates)) -v bytes=false -f "$here/decode_report.sql" <"$results.stream"
}

main "$@"
