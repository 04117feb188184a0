#!/usr/bin/env bash
# State that cannot be trusted (issue 15, item 3): cdc-maintainer refuses to
# start, says what is wrong and what to do, and sends nothing, when its
# state directory is an older copy than the slot (the slot no longer has the
# transactions in between), when RocksDB finds the store damaged (a table
# file or the manifest with flipped bytes, an empty CURRENT file), and when
# the state directory cannot be created.  Put back as it was, the same state
# resumes and the seed's scenario ends exact.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SLOT=damaged
workdir="$(mktemp -d)"
fresh_database damaged
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/schema.sql"
# enough users for the store to write table files (a 2 MB write buffer at
# --memory-budget 16), not only its write-ahead log; the views show only the
# seed's users, as these have no policies
sql "INSERT INTO source.users SELECT i, 'filler' || i, 'user' FROM generate_series(1000, 60999) i"
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/views.sql" >/dev/null

start_kafka_mock cdc_stream.progress usernames_grouping usernames_policies
trap end_test EXIT

read_seed_statements

start() { start_maintainer "$workdir" --kafka-brokers "$KAFKA" --memory-budget 16 "$@"; }
end_offsets() {
    local topic
    for topic in usernames_grouping usernames_policies cdc_stream.progress; do
        kcat -b "$KAFKA" -Q -t "$topic:0:-1" 2>/dev/null | awk '/offset/ { printf "%s ", $NF }'
    done
}

# refused WHAT PATTERN [OPTIONS...]: a start exits with an error whose log
# line matches PATTERN and names the way out, and Kafka gets nothing
refused() {
    local what="$1" pattern="$2" before tries=0
    shift 2
    before="$(end_offsets)"
    : >"$workdir/maintainer.log"
    start "$@"
    while kill -0 "$MAINTAINER_PID" 2>/dev/null; do
        tries=$((tries + 1))
        [ $tries -lt 150 ] || fail "$what: cdc-maintainer did not refuse to start within 30 s"
        sleep 0.2
    done
    wait "$MAINTAINER_PID" && fail "$what: cdc-maintainer exited with 0"
    MAINTAINER_PID=""
    grep "ERROR" "$workdir/maintainer.log" | grep -q -- "$pattern" ||
        fail "$what: no error matching \"$pattern\": $(cat "$workdir/maintainer.log")"
    [ "$what" = "state dir not creatable" ] || grep "ERROR" "$workdir/maintainer.log" | grep -q "pg_drop_replication_slot('$SLOT')" ||
        fail "$what: the error does not say how to start over: $(grep ERROR "$workdir/maintainer.log")"
    [ "$(end_offsets)" = "$before" ] || fail "$what: Kafka got messages from a state it refused"
    echo "ok: $what refused: $(grep ERROR "$workdir/maintainer.log" | sed 's/.*ERROR: //' | cut -c1-150)..."
}

# flip FILE: overwrites 64 bytes in the middle of FILE
flip() {
    local size
    size=$(stat -c %s "$1")
    printf '%*s' 64 '' | tr ' ' '\377' | dd of="$1" bs=1 seek=$((size / 2)) conv=notrunc status=none
}

store="$workdir/state/$SLOT.store"
start
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"
run_statement "${statements[0]}"
stop_maintainer
cp -a "$store" "$workdir/older.store"

start
run_statement "${statements[1]}"
run_statement "${statements[2]}"
stop_maintainer
cp -a "$store" "$workdir/good.store"

echo "-- an older copy of the state"
rm -rf "$store" && cp -a "$workdir/older.store" "$store"
refused "an older copy of the state" "but slot $SLOT is confirmed to"

echo "-- a table file with flipped bytes"
rm -rf "$store" && cp -a "$workdir/good.store" "$store"
table_file="$(ls -S "$store"/*.sst 2>/dev/null | head -n1)"
[ -n "$table_file" ] || fail "the store has no table file to damage: $(ls "$store")"
flip "$table_file"
refused "a damaged table file" "The state store is damaged"

echo "-- a manifest with flipped bytes"
rm -rf "$store" && cp -a "$workdir/good.store" "$store"
flip "$(ls "$store"/MANIFEST-* | head -n1)"
refused "a damaged manifest" "The state store is damaged"

echo "-- an empty CURRENT file"
rm -rf "$store" && cp -a "$workdir/good.store" "$store"
: >"$store/CURRENT"
refused "an empty CURRENT file" "The state store is damaged"

echo "-- a state directory that cannot be created"
mv "$workdir/state" "$workdir/state.dir"
: >"$workdir/state"  # a file where the directory should be
refused "state dir not creatable" "could not create the state directory $workdir/state (--state-dir): Not a directory"
rm "$workdir/state"
mv "$workdir/state.dir" "$workdir/state"

echo "-- the state put back as it was"
rm -rf "$store" && cp -a "$workdir/good.store" "$store"
start
run_statement "${statements[3]}"
run_statement "${statements[4]}"
check_seed_topics
echo "ok: damaged or older state refused with what to do, nothing sent from it; the state put back resumes exact"
