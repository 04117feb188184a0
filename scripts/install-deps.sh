#!/usr/bin/env bash
# Installs the Debian 12 packages cdc_stream needs to build, test and demo.
# As root it runs apt-get; otherwise it prints the command to run.
# Idempotent: does nothing when everything is already installed.
set -euo pipefail

packages=(
    g++ make pkg-config
    postgresql-15 postgresql-server-dev-15 libpq-dev
    postgresql-15-pgtap postgresql-15-wal2json postgresql-15-decoderbufs
    librdkafka-dev kcat jq
    libboost-dev libboost-program-options-dev
    nlohmann-json3-dev libgtest-dev libgmock-dev
    librocksdb-dev libjemalloc-dev
    prometheus-cpp-dev prometheus curl
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "cdc_stream needs these packages: ${missing[*]}" >&2
    echo "Run as root: $command" >&2
    exit 1
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian package creates and starts a cluster on port 5432; ours run on
# their own ports and directories, so leave it alone.  Likewise, where
# systemd runs, the prometheus package enables a server on port 9090;
# tests/e2e/metrics.sh starts its own on loopback.
