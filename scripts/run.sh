#!/usr/bin/env bash
# `make run`: Redis (started here unless one already answers), migrations, then the web server, a Celery
# worker and beat under honcho on 127.0.0.1:$PORT (default 8000); in local settings it then loads the demo
# board once the worker screens it and prints the demo moderator's sign-in. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
export PORT=${PORT:-8000}
REDIS_PORT=${REDIS_PORT:-6379}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/0}
# How long the demo loader waits for the worker to screen the demo comments (about 5 s on 2 cores).
DEMO_WAIT_SECONDS=${DEMO_WAIT_SECONDS:-120}
mkdir -p .state/redis

redis_pid=
honcho_pid=
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  scripts/system-packages.sh redis-server:redis-server
  # In the foreground process group, so Ctrl-C reaches it with the rest.
  redis-server scripts/redis.conf --port "$REDIS_PORT" --dir "$PWD/.state/redis" --logfile "" &
  redis_pid=$!
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
stop_all() {
  [ -z "$honcho_pid" ] || { kill -TERM "$honcho_pid" 2>/dev/null || true; wait "$honcho_pid" 2>/dev/null || true; }
  [ -z "$redis_pid" ] || { kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; }
}
trap stop_all EXIT
trap 'exit 130' INT TERM

.venv/bin/python manage.py migrate --noinput -v 0
# collectstatic compresses every file again (about 30 s of CPU): only when a static file or a package changed.
stamp=.state/collectstatic.stamp
if [ ! -f "$stamp" ] || [ .venv/.runtime -nt "$stamp" ] \
    || [ -n "$(find board moderation -path '*/static/*' -newer "$stamp" -print -quit)" ]; then
  .venv/bin/python manage.py collectstatic --noinput -v 0
  touch "$stamp"
fi
# honcho gives the first process of the Procfile (web) the port it starts from.
.venv/bin/honcho -f Procfile start --port "$PORT" &
honcho_pid=$!
if [ "$DJANGO_SETTINGS_MODULE" = config.settings.local ]; then
  # After the worker starts: demo comments are screened like any others before readers see them.
  .venv/bin/python manage.py load_demo --wait "$DEMO_WAIT_SECONDS"
fi
echo "Serving http://127.0.0.1:$PORT/ (admin: http://127.0.0.1:$PORT/admin/); Ctrl-C stops everything"
wait "$honcho_pid"
