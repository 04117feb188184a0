#!/usr/bin/env bash
# WAL retention (issue 15, item 2): while only a table no view reads
# changes, the slot still advances, so the WAL it retains stays bounded.
# The views read source.users and source.policies; RETENTION_WRITE_MB
# (default 160) of WAL is written to an unrelated table in transactions of
# about 8 MB, the maintainer otherwise idle; within RETENTION_WAIT seconds
# (default 90: Postgres logs the running transactions, from where decoding
# can restart, every 15 s) the slot's restart_lsn must be less than
# RETENTION_LIMIT_MB (default 64) behind the WAL's end, and its confirmed
# position at most 1 MB behind.  Then the seed's scenario still ends exact.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SLOT=retention
write_mb=${RETENTION_WRITE_MB:-160}
limit_mb=${RETENTION_LIMIT_MB:-64}
wait_s=${RETENTION_WAIT:-90}
workdir="$(mktemp -d)"
fresh_database retention
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/schema.sql"
psql -q -v ON_ERROR_STOP=1 -f "$E2E_ROOT/tests/seed/views.sql" >/dev/null
sql "CREATE TABLE public.unrelated (id bigserial PRIMARY KEY, padding text)"
trap end_test EXIT

read_seed_statements

start_maintainer "$workdir" --kafka-mock
wait_confirmed "$(sql "SELECT pg_current_wal_lsn()")"
run_statement "${statements[0]}"

behind_mb() {  # behind_mb COLUMN: how far the slot's COLUMN is behind the WAL's end, MB
    sql "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), $1) / 1048576.0, 1)
         FROM pg_replication_slots WHERE slot_name = '$SLOT'"
}

echo "-- $write_mb MB of WAL on a table no view reads"
start_lsn="$(sql "SELECT pg_current_wal_lsn()")"
# about 8 MB of WAL per transaction (rows of 1 kB and their index entries)
until [ "$(sql "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$start_lsn') >= $write_mb * 1048576")" = t ]; do
    sql "INSERT INTO public.unrelated (padding) SELECT repeat(md5(i::text), 32) FROM generate_series(1, 6000) i"
done
echo "written: $(sql "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$start_lsn') / 1048576.0)") MB; restart_lsn $(behind_mb restart_lsn) MB behind"

tries=0
until [ "$(sql "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) < $limit_mb * 1048576
                       AND pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) < 1048576
                FROM pg_replication_slots WHERE slot_name = '$SLOT'")" = t ]; do
    tries=$((tries + 1))
    [ $tries -lt $((wait_s * 2)) ] ||
        fail "after $wait_s s the slot retains $(behind_mb restart_lsn) MB of WAL (confirmed $(behind_mb confirmed_flush_lsn) MB behind), over $limit_mb MB"
    sleep 0.5
done
echo "ok: restart_lsn $(behind_mb restart_lsn) MB and confirmed $(behind_mb confirmed_flush_lsn) MB behind after $((tries / 2)) s"

for statement in "${statements[@]:1}"; do run_statement "$statement"; done
check_seed_topics
echo "ok: the slot follows writes to tables no view reads: the WAL it retains stays under $limit_mb MB; the scenario ends exact"
