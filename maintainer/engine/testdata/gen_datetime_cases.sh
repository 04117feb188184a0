#!/usr/bin/env bash
# Regenerates datetime_cases.tsv, the answers functions_datetime_cases_test
# checks the maintainer against, from the Postgres that PGHOST/PGPORT name
# (e.g. a cluster of scripts/pgcluster.sh):
#   maintainer/engine/testdata/gen_datetime_cases.sh
# once per time zone of the corpus: UTC and a fixed UTC+05:30.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/datetime_cases.tsv
: >"$out"
for zone in UTC '<+0530>-05:30'; do
    PGTZ=$zone psql -X -q -v ON_ERROR_STOP=1 -f "$here/datetime_cases.sql" >>"$out"
done
echo "$(wc -l <"$out") cases in $out"
