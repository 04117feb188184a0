#!/usr/bin/env bash
# A throwaway Postgres 15 cluster for tests, the demo and benchmarks.
#
#   eval "$(scripts/pgcluster.sh start [DIR])"   start; exports PGHOST, PGPORT,
#                                                PGUSER, PGDATABASE, CDC_CLUSTER_DIR
#   scripts/pgcluster.sh stop DIR                stop and delete DIR
#
# The cluster lives in DIR (default: a new temporary directory), listens on a
# free non-default port on 127.0.0.1 and on a Unix socket in DIR, and is set
# up for logical decoding with the cdc_stream plugin allowed.
set -euo pipefail

bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$bindir/initdb" ] || bindir=/usr/lib/postgresql/15/bin

# Runs a server binary as the cluster's owner: initdb refuses root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The first port from $1 (default 54320) nobody listens on.  A port can still
# be taken by a client connection's local end: start() then tries the next.
free_port() {
    for port in $(seq "${1:-54320}" 54999); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "pgcluster: no free port in 54320-54999" >&2
    exit 1
}

write_config() {
    local conf=$1 port=$2 dir=$3
    cat >>"$conf" <<CONF

# --- cdc_stream throwaway cluster ---
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
wal_level = logical
max_replication_slots = 32
max_wal_senders = 32
wal_sender_timeout = 60s
fsync = off
full_page_writes = off
shared_buffers = 256MB
max_wal_size = 4GB
logical_decoding_work_mem = 256MB
log_min_messages = warning
log_line_prefix = '%m [%p] %q%a '
CONF
    # Debian's Postgres (15.19+) only lets listed output plugins be used.
    local settings
    settings=$(as_owner "$bindir/postgres" --describe-config 2>/dev/null)
    if grep -q '^output_plugin_libraries' <<<"$settings"; then
        echo "output_plugin_libraries = 'pgoutput, test_decoding, cdc_stream, wal2json, decoderbufs'" >>"$conf"
    fi
}

# Callers eval this script's output: make a failed start fail them too.
fail_start() {
    echo "echo 'pgcluster: the cluster did not start' >&2; false"
    exit 1
}

start() {
    local dir=${1:-}
    if [ -z "$dir" ]; then
        dir=$(mktemp -d /tmp/cdc_stream_pg.XXXXXX)
    fi
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    local port attempt
    port=$(free_port)
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; fail_start; }
    write_config "$dir/data/postgresql.conf" "$port" "$dir"
    # another cluster may take the free port first: then try the next one
    for attempt in 1 2 3 4 5; do
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
            break
        fi
        grep -q "could not create any TCP/IP sockets" "$dir/server.log" && [ $attempt -lt 5 ] ||
            { cat "$dir/server.log" >&2; fail_start; }
        port=$(free_port $((port + 1)))
        sed -i "s/^port = .*/port = $port/" "$dir/data/postgresql.conf"
    done
    cat <<ENV
export PGHOST='$dir'
export PGPORT='$port'
export PGUSER=postgres
export PGDATABASE=postgres
export CDC_CLUSTER_DIR='$dir'
ENV
}

stop() {
    local dir=${1:?usage: pgcluster.sh stop DIR}
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case "$dir" in
        /tmp/*) rm -rf "$dir" ;;
        *) echo "pgcluster: left $dir in place (not under /tmp)" >&2 ;;
    esac
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
