#!/usr/bin/env bash
# `make soak`: the soak (bench/soak.py) on its own PostgreSQL (free loopback port under a temporary
# folder, stopped on exit, like bench/run.sh); the soak starts Redis, gunicorn, Celery and the clients.
# Usage: bench/soak.sh [--duration 600] [--rate R] [--schedule name@s,...|short] [other bench/soak.py options]
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

scripts/system-packages.sh redis-server:redis-server pg_ctlcluster:postgresql || exit 1

STATE=$(mktemp -d /tmp/board-soak.XXXXXX)
export STATE PG_PORT=${PG_PORT:-$($PY scripts/free-port.py)} SERVICES=postgres
cleanup() { scripts/services.sh stop || true; rm -rf "$STATE"; }
trap cleanup EXIT
scripts/services.sh start || exit 1

export DATABASE_URL="postgres://app:app@127.0.0.1:$PG_PORT/app"
$PY bench/soak.py "$@"
