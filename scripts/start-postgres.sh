#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Start a PostgreSQL server on 127.0.0.1:5432 for the tests, without systemd.
# Idempotent: installs the Debian package as root if missing, starts the
# cluster (pg_ctlcluster, or initdb into a temporary directory + pg_ctl when
# there is no Debian cluster), creates the role, and prints on its LAST line
#   SSC_TEST_POSTGRES_URL=postgresql+psycopg2://ssc:ssc@127.0.0.1:5432/postgres
# Environment: SSC_PG_PORT (5432), SSC_PG_USER (ssc), SSC_PG_PASSWORD (ssc).
set -euo pipefail
PORT=${SSC_PG_PORT:-5432}
ROLE=${SSC_PG_USER:-ssc}
PASS=${SSC_PG_PASSWORD:-ssc}
say() { printf '[start-postgres] %s\n' "$*" >&2; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ready() { pg_isready -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; }

install_server() {
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then say "PostgreSQL server missing; run as root"; exit 1; fi
  say "installing postgresql (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

start_debian_cluster() {
  command -v pg_lsclusters >/dev/null || return 1
  local line ver name
  line=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PORT" '$3 == p {print; exit}')
  [ -n "$line" ] || return 1
  ver=$(echo "$line" | awk '{print $1}')
  name=$(echo "$line" | awk '{print $2}')
  say "starting cluster $ver/$name"
  if [ "$(id -u)" = 0 ]; then
    pg_ctlcluster "$ver" "$name" start || true
  else
    pg_ctlcluster "$ver" "$name" start || return 1
  fi
  return 0
}

start_temp_cluster() {
  local bindir data
  bindir=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n1)")
  data=${SSC_PG_DATA:-/tmp/ssc-postgres-$PORT}
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres: "$data"
    say "initdb into $data"
    as_postgres "$bindir/initdb" -D "$data" -U postgres -A trust >/dev/null
  fi
  as_postgres "$bindir/pg_ctl" -D "$data" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" \
    -l "$data/server.log" -w start >/dev/null
}

psql_admin() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- psql -p "$PORT" -h "${PGSOCK:-/var/run/postgresql}" -qAt "$@" 2>/dev/null \
      || runuser -u postgres -- psql -p "$PORT" -h /tmp -qAt "$@"
  else
    psql -p "$PORT" -h 127.0.0.1 -U postgres -qAt "$@"
  fi
}

install_server
if ! ready; then
  start_debian_cluster || start_temp_cluster
  for _ in $(seq 1 30); do ready && break; sleep 0.5; done
  ready || { say "server did not become ready on port $PORT"; exit 1; }
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$ROLE'")" != 1 ]; then
  say "creating role $ROLE"
  psql_admin -c "CREATE ROLE \"$ROLE\" LOGIN SUPERUSER PASSWORD '$PASS'"
else
  psql_admin -c "ALTER ROLE \"$ROLE\" LOGIN SUPERUSER PASSWORD '$PASS'"
fi
echo "SSC_TEST_POSTGRES_URL=postgresql+psycopg2://$ROLE:$PASS@127.0.0.1:$PORT/postgres"
