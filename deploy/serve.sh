#!/usr/bin/env bash
# Production mode on one machine (`make serve`, docs/deployment.md): PostgreSQL, Redis,
# gunicorn, a Celery worker and Celery beat, with the production settings.
#
# It installs Debian's postgresql and redis-server when they are missing (apt-get; run as
# root or with SUDO=sudo), starts the PostgreSQL cluster, creates the role and the database,
# generates the secrets once (under var/, outside git), migrates, collects the static files,
# builds the demo province once, then runs the processes in the foreground; Ctrl+C (or
# SIGTERM) stops them all, and when one of them dies the others are stopped too.
#
# Settings come from the environment, with defaults for this loopback setup:
#   DATABASE_URL   empty: the local cluster, role motcua_app, database motcua
#   REDIS_URL      empty: a Redis on 127.0.0.1:6379, started here (under var/) if none answers
#   HOST, PORT     127.0.0.1, 8000
#   SEED_DEMO      1: build the demo province into a database without units; 0: never
#   SECURE_COOKIES 0 here (plain HTTP on loopback); behind HTTPS leave it at its default
# var/serve.env holds the resulting settings, for running manage.py against the same stack:
#   set -a; . var/serve.env; set +a; .venv/bin/python manage.py <command>
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
export MOTCUA_VAR_DIR=${MOTCUA_VAR_DIR:-$ROOT/var}
STATE=$MOTCUA_VAR_DIR/serve
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
SUDO=${SUDO:-}
mkdir -p "$STATE"
chmod 700 "$STATE"

say() { echo "== serve: $*"; }

# Debian packages ---------------------------------------------------------------------------
pg_server() { ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1; }
missing=()
[ -n "${DATABASE_URL:-}" ] || [ -n "$(pg_server)" ] || missing+=(postgresql)
[ -n "${REDIS_URL:-}" ] || command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (apt-get)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A secret generated once and kept in a file readable only by its owner.
secret_file() {
  local file=$1 length=$2
  if [ ! -s "$file" ]; then
    (umask 077 && "$BIN/python" -c "import secrets; print(secrets.token_urlsafe($length))" >"$file")
  fi
  cat "$file"
}

# PostgreSQL --------------------------------------------------------------------------------
if [ -z "${DATABASE_URL:-}" ]; then
  PG_VERSION=$(basename "$(dirname "$(dirname "$(pg_server)")")")
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {f=1} END {exit !f}'; then
    $SUDO pg_createcluster "$PG_VERSION" main >/dev/null
  fi
  PG_PORT=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $3}')
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 ~ /^online/ {f=1} END {exit !f}'; then
    say "starting PostgreSQL $PG_VERSION (cluster main, port $PG_PORT)"
    $SUDO pg_ctlcluster "$PG_VERSION" main start
  fi
  for _ in $(seq 60); do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
  DB_PASSWORD=$(secret_file "$STATE/db_password" 24)
  # The application's role owns its database and nothing else (no superuser); the extensions
  # that need a superuser are created here.
  (cd / && $SUDO runuser -u postgres -- psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 \
    -v password="$DB_PASSWORD") >/dev/null <<'SQL'
SET client_min_messages = warning;
SELECT 'CREATE ROLE motcua_app LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'motcua_app')
\gexec
ALTER ROLE motcua_app LOGIN PASSWORD :'password';
SELECT 'CREATE DATABASE motcua OWNER motcua_app' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'motcua')
\gexec
\c motcua
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SQL
  DATABASE_URL="postgres://motcua_app:$DB_PASSWORD@127.0.0.1:$PG_PORT/motcua"
fi

# Redis -------------------------------------------------------------------------------------
children=()
start_redis=0
if [ -z "${REDIS_URL:-}" ]; then
  REDIS_URL="redis://127.0.0.1:6379/0"
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    start_redis=1
  fi
fi

# The environment of every process -----------------------------------------------------------
export DJANGO_SETTINGS_MODULE=motcua.settings.production
export DATABASE_URL REDIS_URL
export SECRET_KEY=${SECRET_KEY:-$(secret_file "$STATE/secret_key" 50)}
export SECURE_COOKIES=${SECURE_COOKIES:-0}
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}
export WEB_BIND=${WEB_BIND:-$HOST:$PORT}
unset DEBUG
(
  umask 077
  for name in DJANGO_SETTINGS_MODULE MOTCUA_VAR_DIR DATABASE_URL REDIS_URL SECRET_KEY \
    SECURE_COOKIES SITE_URL; do
    printf '%s=%q\n' "$name" "${!name}"
  done
) >"$MOTCUA_VAR_DIR/serve.env"

stop_all() {
  trap - INT TERM EXIT
  if [ ${#children[@]} -gt 0 ]; then
    say "stopping (${children[*]})"
    kill -TERM "${children[@]}" 2>/dev/null || true
    # Celery finishes its running tasks first; give everything some time, then insist.
    for _ in $(seq 30); do
      alive=0
      for pid in "${children[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ $alive = 0 ] && break
      sleep 1
    done
    kill -KILL "${children[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
  fi
  say "stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

if [ $start_redis = 1 ]; then
  say "starting Redis on 127.0.0.1:6379 (data in $STATE/redis)"
  mkdir -p "$STATE/redis"
  # Cached answers carry an expiry and may be evicted when memory runs short; Celery's
  # queue and the generation tokens carry none and never are (docs/deployment.md).
  redis-server --bind 127.0.0.1 --port 6379 --dir "$STATE/redis" --save 300 10 \
    --appendonly no --loglevel warning --maxmemory 256mb --maxmemory-policy volatile-lru &
  children+=($!)
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
    sleep 0.1
  done
fi

# The database and the static files ----------------------------------------------------------
say "migrating"
"$BIN/python" manage.py migrate --noinput
say "collecting static files"
"$BIN/python" manage.py collectstatic --noinput --verbosity 0
# The deployment checks: errors stop here (the HTTPS warnings are expected on loopback).
if ! report=$("$BIN/python" manage.py check --deploy --fail-level ERROR 2>&1); then
  echo "$report"
  exit 1
fi
# Once: into a database that has no unit yet (seed_demo adds nothing twice when run again).
if [ "${SEED_DEMO:-1}" = 1 ] && ! "$BIN/python" manage.py shell -c \
  "import sys; from motcua.agencies.models import Unit; sys.exit(not Unit.objects.exists())"; then
  say "building the demo province"
  "$BIN/python" manage.py seed_demo
fi

# The processes ------------------------------------------------------------------------------
"$BIN/gunicorn" --config deploy/gunicorn.conf.py &
children+=($!)
"$BIN/celery" -A motcua.celery worker --loglevel INFO --concurrency "${WORKER_CONCURRENCY:-2}" \
  --hostname "motcua@%h" &
children+=($!)
"$BIN/celery" -A motcua.celery beat --loglevel INFO \
  --schedule "$STATE/celerybeat-schedule" --pidfile "$STATE/celerybeat.pid" &
children+=($!)
say "Một Cửa runs on $SITE_URL/ (Ctrl+C stops everything)"

# The first process to end ends the rest.
set +e
wait -n "${children[@]}"
status=$?
say "a process ended (status $status)"
exit $((status == 0 ? 1 : status))
