#!/usr/bin/env bash
# `make bench-data`: the benchmark database (docs/performance.md). Never a province's real
# database: load_history adds synthetic dossiers, citizens and staff.
#
#   BENCH_DOSSIERS      how many dossiers to load (default 1000000)
#   BENCH_YEARS         over how many years (default 3)
#   BENCH_DATABASE_URL  the database to fill; empty: database motcua_bench on the local
#                       cluster that `make serve` set up (created here, owned by its role)
#
# Steps: create the database (and the extensions, which need the postgres superuser), migrate,
# build the demo province (units, catalogue, calendars, accounts), load the history, VACUUM
# (ANALYZE): the visibility map lets the statistics read their covering index alone, as on a
# database autovacuum has been through.
# The URL is written to var/bench/bench.env, where bench/run_all.py finds it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
SUDO=${SUDO:-}
DOSSIERS=${BENCH_DOSSIERS:-1000000}
YEARS=${BENCH_YEARS:-3}
mkdir -p var/bench

if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  pg_server() { ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1; }
  if [ -z "$(pg_server)" ] || [ ! -s var/serve/db_password ]; then
    echo "bench-data: run \`make serve\` once first (it installs PostgreSQL and creates the role)," >&2
    echo "or give BENCH_DATABASE_URL." >&2
    exit 1
  fi
  PG_VERSION=$(basename "$(dirname "$(dirname "$(pg_server)")")")
  PG_PORT=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $3}')
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 ~ /^online/ {f=1} END {exit !f}'; then
    $SUDO pg_ctlcluster "$PG_VERSION" main start
  fi
  (cd / && $SUDO runuser -u postgres -- psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1) >/dev/null <<'SQL'
SELECT 'CREATE DATABASE motcua_bench OWNER motcua_app' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'motcua_bench')
\gexec
\c motcua_bench
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SQL
  BENCH_DATABASE_URL="postgres://motcua_app:$(cat var/serve/db_password)@127.0.0.1:$PG_PORT/motcua_bench"
fi
(umask 077 && printf 'DATABASE_URL=%q\n' "$BENCH_DATABASE_URL" >var/bench/bench.env)

export DATABASE_URL=$BENCH_DATABASE_URL
export DJANGO_SETTINGS_MODULE=motcua.settings.development
export MOTCUA_VAR_DIR=$ROOT/var/bench
echo "== bench-data: migrating"
"$BIN/python" manage.py migrate --noinput
if ! "$BIN/python" manage.py shell -c \
  "import sys; from motcua.agencies.models import Unit; sys.exit(not Unit.objects.exists())"; then
  echo "== bench-data: building the demo province (its people and catalogue; the history is loaded next)"
  MOTCUA_DEMO_DOSSIERS=0 "$BIN/python" manage.py seed_demo
fi
echo "== bench-data: loading $DOSSIERS dossiers over $YEARS years"
"$BIN/python" manage.py load_history --dossiers "$DOSSIERS" --years "$YEARS"
"$BIN/python" manage.py shell -c "from django.db import connection; connection.cursor().execute('VACUUM (ANALYZE)')"
# The URL without its password: logs of this command are often kept or pasted.
echo "== bench-data: ready ($(printf %s "$BENCH_DATABASE_URL" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#') written to var/bench/bench.env)"
