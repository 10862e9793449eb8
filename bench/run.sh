#!/usr/bin/env bash
# `make bench` / `make bench-scale`: the benchmark on its own PostgreSQL and Redis (free loopback ports
# under a temporary folder, stopped on exit, like scripts/test.sh), then the report.
# Usage: bench/run.sh [--scale] [other bench/run.py options]
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

scripts/system-packages.sh redis-server:redis-server pg_ctlcluster:postgresql wrk:wrk || exit 1

STATE=$(mktemp -d /tmp/board-bench.XXXXXX)
export STATE PG_PORT=${PG_PORT:-$($PY scripts/free-port.py)} REDIS_PORT=${REDIS_PORT:-$($PY scripts/free-port.py)}
cleanup() { scripts/services.sh stop || true; rm -rf "$STATE"; }
trap cleanup EXIT
scripts/services.sh start || exit 1

export DATABASE_URL="postgres://app:app@127.0.0.1:$PG_PORT/app"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
$PY bench/run.py --state "$STATE/run" "$@"
