#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on private loopback ports under $STATE, for tests and CI.
# Usage: STATE=dir PG_PORT=n REDIS_PORT=n scripts/services.sh start|stop
# SERVICES=postgres starts PostgreSQL alone (the soak runs a Redis of its own, which it kills at will).
# Installs the Debian packages it needs when they are missing and we are root.
set -euo pipefail
STATE=${STATE:?set STATE to a directory outside any root-only (700) tree}
PG_PORT=${PG_PORT:-5440}
REDIS_PORT=${REDIS_PORT:-6390}
SERVICES=${SERVICES:-postgres redis}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PGDATA=$STATE/pg/data
HERE=$(cd "$(dirname "$0")" && pwd)

case "${1:-}" in
start)
  mkdir -p "$STATE/pg" "$STATE/redis"
  chmod 755 "$STATE"                      # the postgres user must traverse it
  chown postgres:postgres "$STATE/pg"
  [ -f "$PGDATA/PG_VERSION" ] || runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" \
      -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$STATE/pg/server.log" -w -o \
      "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$STATE/pg -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  psql_pg() { runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
  psql_pg -tAc "select 1 from pg_roles where rolname='app'" | grep -q 1 || \
      psql_pg -c "create role app login password 'app' createdb" -c "create database app owner app"
  [[ " $SERVICES " == *" redis "* ]] || exit 0
  redis-server "$HERE/redis.conf" --daemonize yes --port "$REDIS_PORT" --dir "$STATE/redis" \
      --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$REDIS_PORT" ping >/dev/null
  ;;
stop)
  if [ -f "$STATE/redis/redis.pid" ]; then
    pid=$(cat "$STATE/redis/redis.pid"); kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  [ ! -f "$PGDATA/postmaster.pid" ] || runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  ;;
*) echo "usage: STATE=dir $0 start|stop" >&2; exit 2;;
esac
