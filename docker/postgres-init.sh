#!/usr/bin/env bash
# Runs once, when the official image's entrypoint creates the data
# directory: logical decoding on, the cdc_stream output plugin allowed, and
# the extension created in $POSTGRES_DB.  The entrypoint restarts the server
# afterwards, so wal_level takes effect.
set -euo pipefail

cat >>"$PGDATA/postgresql.conf" <<CONF
wal_level = logical
max_replication_slots = 16
max_wal_senders = 16
CONF
# Debian's Postgres 15.19+ loads only the output plugins listed here
settings="$(postgres --describe-config)"
if grep -q '^output_plugin_libraries' <<<"$settings"; then
    echo "output_plugin_libraries = 'pgoutput, test_decoding, cdc_stream'" >>"$PGDATA/postgresql.conf"
fi
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "CREATE EXTENSION IF NOT EXISTS cdc_stream"
