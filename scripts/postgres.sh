#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the test suite and print its URL.
# Installs Debian's postgresql when the machine has none. Idempotent: reuses a running one.
set -euo pipefail
PORT="${JMS_PG_PORT:-54329}"
DATA="${JMS_PG_DIR:-/tmp/jms-pg-$PORT}"

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pgbin)" ]; then
  echo "installing PostgreSQL from Debian packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql >&2
fi
BIN="$(pgbin)"

as_pg() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

if ! as_pg "'$BIN/pg_ctl' -D '$DATA' status" >/dev/null 2>&1; then
  # Not running: start from a new cluster (test data is throw-away; a stale lock file or a
  # half-written cluster from an interrupted run cannot get in the way).
  rm -rf "$DATA"
  mkdir -p "$DATA"
  if [ "$(id -u)" = "0" ]; then chown postgres: "$DATA"; fi
  as_pg "'$BIN/initdb' -D '$DATA' -A trust -U postgres --no-sync" >/dev/null
  as_pg "'$BIN/pg_ctl' -D '$DATA' -w -l '$DATA/server.log' \
    -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
