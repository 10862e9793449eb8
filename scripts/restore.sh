#!/usr/bin/env bash
# `make restore`: a dump from scripts/backup.sh into a NEW database on the same server, then the checks:
# counters and ledger (`counters_recompute --check`) and the screening outbox (`screening_check --check`).
# Never overwrites: it refuses a database that exists. Point the board at the new database once it passes.
# Usage: DATABASE_URL=postgres://.../any_db [SINCE=iso-time] scripts/restore.sh DUMP NEW_DB
# SINCE: only content created from then on must have its screening request (content bulk-loaded by a
# seeder, as the benchmark's thread, has none).
# DATABASE_URL only names the server and a role that may create databases; its database is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL=${DATABASE_URL:?set DATABASE_URL to a database on the target server}
dump=${1:?usage: restore.sh DUMP NEW_DB}; new=${2:?usage: restore.sh DUMP NEW_DB}
[[ "$new" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "restore: database name [a-z_][a-z0-9_]*" >&2; exit 2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PY=${PY:-.venv/bin/python}
server=${DATABASE_URL%/*}
start=$(date +%s%N)
"${PGBIN:+$PGBIN/}psql" -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "CREATE DATABASE $new"
# One transaction: a failed restore leaves an empty database, never a half-filled one.
"${PGBIN:+$PGBIN/}pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$server/$new" "$dump"
end=$(date +%s%N)
printf 'restored %s into %s in %.2f s\n' "$dump" "$new" "$(( (end - start) / 1000000 ))e-3"
export DATABASE_URL="$server/$new"
$PY manage.py counters_recompute --check
$PY manage.py screening_check --check ${SINCE:+--since "$SINCE"}
