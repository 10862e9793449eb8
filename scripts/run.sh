#!/usr/bin/env bash
# `make run`: Redis (started here unless one already answers), migrations, demo content, then the web
# server, a Celery worker and beat under honcho on 127.0.0.1:8000. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
REDIS_PORT=${REDIS_PORT:-6379}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/0}
mkdir -p .state/redis

redis_pid=
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  scripts/system-packages.sh redis-server:redis-server
  # In the foreground process group, so Ctrl-C reaches it with the rest.
  redis-server scripts/redis.conf --port "$REDIS_PORT" --dir "$PWD/.state/redis" --logfile "" &
  redis_pid=$!
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
stop_redis() { [ -z "$redis_pid" ] || { kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; }; }
trap stop_redis EXIT

.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py collectstatic --noinput -v 0
echo "Starting web, worker and beat on http://127.0.0.1:8000/ (Ctrl-C stops them)"
.venv/bin/honcho -f Procfile start
