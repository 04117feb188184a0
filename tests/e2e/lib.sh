# Helpers for the end-to-end tests: a database per test in the cluster that
# scripts/test.sh started (PG* variables set), a cdc-maintainer with its own
# in-process Kafka mock, and topics read back with kcat.
# Source it and set SLOT (the replication slot of the test's maintainer).

E2E_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MAINTAINER="${MAINTAINER:-$E2E_ROOT/maintainer/cdc-maintainer}"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# fresh_database NAME: an empty database with cdc_stream; PGDATABASE set to it
fresh_database() {
    dropdb --if-exists --force "$1" 2>/dev/null || true
    createdb "$1"
    export PGDATABASE="$1"
    psql -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cdc_stream"
}

sql() { psql -qAt -v ON_ERROR_STOP=1 -c "$1"; }

# start_maintainer WORKDIR OPTIONS...: sets MAINTAINER_PID, and with
# --kafka-mock KAFKA (the mock's bootstrap address, which cdc-maintainer
# prints on stdout); logs go to WORKDIR/maintainer.log.  The slot is $SLOT.
start_maintainer() {
    local workdir="$1"
    shift
    mkdir -p "$workdir"
    : >"$workdir/maintainer.out"
    "$MAINTAINER" --dsn "dbname=$PGDATABASE" --slot "$SLOT" --state-dir "$workdir/state" \
        --checkpoint-interval 1 --status-interval 1 "$@" >"$workdir/maintainer.out" 2>>"$workdir/maintainer.log" &
    MAINTAINER_PID=$!
    if [[ " $* " == *" --kafka-mock "* ]]; then
        KAFKA="$(first_line "$workdir/maintainer.out")" || fail "no Kafka address from cdc-maintainer: $(cat "$workdir/maintainer.log")"
    fi
}

# start_kafka_mock TOPIC...: a Kafka that outlives cdc-maintainer's
# restarts, tests/tools/kafka-mock, with these topics (the mock has no
# CreateTopics: list the topics of views added later too) in $workdir; it
# reads commands ("down", "up") on descriptor 7 (mock_command).  Sets KAFKA.
start_kafka_mock() {
    mkfifo "$workdir/mock.in"
    "$E2E_ROOT/build/maintainer/kafka-mock" "$@" <"$workdir/mock.in" >"$workdir/mock.out" 2>>"$workdir/kafka-mock.log" &
    exec 7>"$workdir/mock.in"
    KAFKA="$(first_line "$workdir/mock.out")" || fail "kafka-mock did not start"
}
mock_command() { echo "$1" >&7; }

# read_seed_statements: the seed's statements, in order, into the array statements
read_seed_statements() {
    local line
    statements=()
    while IFS= read -r line; do
        case "$line" in --*|"") ;; *) statements+=("$line") ;; esac
    done < "$E2E_ROOT/tests/seed/statements.sql"
}

# first_line FILE: waits up to 30 s for a line in FILE and prints it
first_line() {
    local tries=0
    until [ -s "$1" ] && [ "$(wc -l <"$1")" -ge 1 ]; do
        tries=$((tries + 1))
        [ $tries -lt 150 ] || return 1
        sleep 0.2
    done
    head -n1 "$1"
}

stop_maintainer() {
    [ -n "${MAINTAINER_PID:-}" ] || return 0
    kill -TERM "$MAINTAINER_PID" 2>/dev/null || return 0
    local waited=0
    while kill -0 "$MAINTAINER_PID" 2>/dev/null; do
        sleep 0.2
        waited=$((waited + 1))
        [ $waited -lt 150 ] || fail "cdc-maintainer did not stop within 30 s"
    done
}

# wait_confirmed LSN [>=]: until $SLOT is confirmed past LSN (or to it at
# least): everything committed before it is in Kafka and in a checkpoint
wait_confirmed() {
    local lsn="$1" compare="${2:->}" slot="$SLOT" tries=0
    until [ "$(sql "SELECT coalesce(confirmed_flush_lsn $compare '$lsn'::pg_lsn, false) FROM pg_replication_slots WHERE slot_name = '$slot'")" = t ]; do
        tries=$((tries + 1))
        [ $tries -lt 300 ] || fail "slot $slot not confirmed to $compare $lsn within 60 s"
        sleep 0.2
    done
}

# run_statement SQL: runs it and waits until the maintainer has it in Kafka.
# It waits for the WAL's end after the commit: a position between the
# statement's first record and its commit may be confirmed before the
# transaction is decoded (a keepalive's WAL end, which Postgres allows, as
# it decodes every transaction committed after the confirmed position).
run_statement() {
    local after
    sql "$1" >/dev/null
    after="$(sql "SELECT pg_current_wal_lsn()")"
    wait_confirmed "$after" ">="
}

# read_topic TOPIC: every committed message as "LSN<TAB>VALUE" (jq -cS form)
read_topic() {
    kcat -b "$KAFKA" -C -t "$1" -e -q -f '%h\t%s\n' -X isolation.level=read_committed |
        while IFS=$'\t' read -r headers value; do
            lsn="$(tr ',' '\n' <<<"$headers" | sed -n 's/^cdc.lsn=//p')"
            printf '%s\t%s\n' "$lsn" "$(jq -cS . <<<"$value")"
        done
}

# group_by_transaction: "LSN<TAB>VALUE" lines to one block per source
# transaction (in order), values sorted inside a block, blocks ended by "--"
group_by_transaction() {
    awk -F'\t' '$1 != last { block++; last = $1 } { printf "%08d\t%s\n", block, $2 }' |
        LC_ALL=C sort -t$'\t' -k1,1 -k2 |
        awk -F'\t' 'NR > 1 && $1 != last { print "--" } { print $2; last = $1 } END { if (NR > 0) print "--" }'
}

# rebuild_view VIEW: the view's rows as its topic's changes leave them
# (row envelope: before.row retracted, after.row inserted), each read back
# into the view's row type by Postgres and printed in its text form, sorted;
# comparable with view_rows, numeric digits and all
rebuild_view() {
    read_topic "$1" | cut -f2 |
        jq -c '(if .before then ["-", .before.row] else empty end), (if .after then ["+", .after.row] else empty end)' |
        jq -rs 'reduce .[] as [$op, $row] ({}; ($row | tojson) as $k | .[$k] += (if $op == "+" then 1 else -1 end))
                | to_entries[] | select(.value != 0)
                | if .value < 0 then error("row retracted more often than inserted: \(.key)") else range(.value) as $i | .key end' |
        psql -qAt -v ON_ERROR_STOP=1 -c "CREATE TEMP TABLE rebuilt (row_json json)" \
            -c "\\copy rebuilt FROM pstdin WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')" \
            -c "SELECT json_populate_record(NULL::$1, row_json)::text FROM rebuilt" | LC_ALL=C sort
}

# view_rows VIEW: SELECT * FROM VIEW, each row in its text form, sorted
view_rows() {
    sql "SELECT v::text FROM $1 v" | LC_ALL=C sort
}

# drop_slot: drops $SLOT once its walsender has gone
drop_slot() {
    local tries=0
    until [ "$(sql "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$SLOT' AND NOT active")" = 1 ] ||
        [ "$(sql "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$SLOT'")" = 0 ]; do
        tries=$((tries + 1))
        [ $tries -lt 50 ] || break
        sleep 0.2
    done
    sql "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
}

# check_view VIEW: the view rebuilt from its topic equals the view in Postgres
check_view() {
    diff -u <(view_rows "$1") <(rebuild_view "$1") ||
        { echo "FAIL: $1 rebuilt from its topic differs from the view in Postgres" >&2; return 1; }
}

# check_seed_topics: both topics hold exactly the seed's messages, in the
# seed's order of source transactions, and rebuild the views exactly
check_seed_topics() {
    local view status=0
    for view in usernames_grouping usernames_policies; do
        diff -u "$E2E_ROOT/tests/seed/$view.expected" <(read_topic "$view" | group_by_transaction) ||
            { echo "FAIL: topic $view differs from the seed's messages" >&2; status=1; }
        check_view "$view" || status=1
    done
    return $status
}

# end_test: the EXIT trap of every test (trap end_test EXIT): on failure the
# maintainer's log; then the maintainer, its slot, $workdir and descriptor 7
# (where a test keeps a kafka-mock's command pipe) go
end_test() {
    local status=$?
    [ $status -eq 0 ] || { echo "--- maintainer log" >&2; cat "$workdir/maintainer.log" >&2; }
    exec 7>&-
    stop_maintainer
    drop_slot
    rm -rf "$workdir"
}
