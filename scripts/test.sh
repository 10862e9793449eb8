#!/usr/bin/env bash
# The whole suite, as CI runs it: lint, then every test on PostgreSQL, then the `sqlite` tests on the
# embedded default. Test services run on free loopback ports under a temporary folder and are stopped on
# exit. Extra arguments go to both pytest runs (e.g. `make test ARGS="-k reward"`).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

echo "== lint"
.venv/bin/ruff check . || exit 1
.venv/bin/ruff format --check . || exit 1

scripts/system-packages.sh redis-server:redis-server pg_ctlcluster:postgresql chromium:chromium || exit 1

STATE=$(mktemp -d /tmp/board-test-services.XXXXXX)
export STATE PG_PORT=${PG_PORT:-$($PY scripts/free-port.py)} REDIS_PORT=${REDIS_PORT:-$($PY scripts/free-port.py)}
cleanup() { scripts/services.sh stop || true; rm -rf "$STATE"; }
trap cleanup EXIT
scripts/services.sh start || exit 1

export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DJANGO_SETTINGS_MODULE=config.settings.test

# Two test processes (pytest-xdist), each with its own test database, Redis database and folders
# (config/settings/test.py): about half the tests wait on workers, servers and browsers, not on a core.
# `worksteal` evens out the long tests. TEST_PROCESSES=0 runs everything in this one process.
PARALLEL=(-n "${TEST_PROCESSES:-2}" --dist worksteal)
# One BLAS and OpenMP thread per process: the test processes are the parallelism; two of them with two
# threads each would oversubscribe two cores.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

echo "== pytest on PostgreSQL"
DATABASE_URL="postgres://app:app@127.0.0.1:$PG_PORT/app" $PY -m pytest "${PARALLEL[@]}" "$@"
pg_status=$?

echo "== pytest -m sqlite on the embedded SQLite default"
DATABASE_URL="sqlite:///$STATE/test.sqlite3" $PY -m pytest "${PARALLEL[@]}" -m sqlite "$@"
sqlite_status=$?
# 5 means "no test collected": with extra arguments that select nothing on SQLite, that is not a failure.
[ "$sqlite_status" = 5 ] && [ $# -gt 0 ] && sqlite_status=0

[ "$pg_status" = 0 ] && exit "$sqlite_status"
exit "$pg_status"
