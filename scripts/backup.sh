#!/usr/bin/env bash
# `make backup`: a consistent dump of the PostgreSQL database at $DATABASE_URL, taken while it serves.
# pg_dump reads the whole database in one repeatable-read snapshot, so the dump is one instant of it (a
# comment with its outbox row, a reward with both ledger entries) without stopping writers.
# Usage: DATABASE_URL=postgres://... scripts/backup.sh [FILE]   (default: backups/<db>-<UTC time>.dump)
# Prints one JSON line: the file, its size and the seconds taken.
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL=${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to dump}
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "backup: PostgreSQL only" >&2; exit 2;; esac
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PG_DUMP=${PGBIN:+$PGBIN/}pg_dump
name=${DATABASE_URL##*/}; name=${name%%\?*}
out=${1:-backups/$name-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$out")"
start=$(date +%s%N)
# Custom format: compressed, restorable table by table and in parallel (pg_restore -j). Written beside
# the target and renamed at the end, so a file with the final name is always a whole dump.
"$PG_DUMP" --format=custom --no-owner --no-privileges --file="$out.partial" --dbname="$DATABASE_URL"
mv "$out.partial" "$out"
end=$(date +%s%N)
printf '{"file": "%s", "bytes": %s, "seconds": %.2f}\n' "$out" "$(stat -c %s "$out")" "$(( (end - start) / 1000000 ))e-3"
