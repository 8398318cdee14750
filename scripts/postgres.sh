#!/usr/bin/env bash
# A PostgreSQL for the warehouse tests and bench: Debian's package installed when missing, its
# cluster started, a role and a database named icrm. Idempotent. Needs root (apt-get and the
# postgres system user). The last line printed is the connection URL (set it as ICRM_PG_URL).
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq postgresql) >/tmp/icrm-postgres-apt.log 2>&1 \
    || { echo "could not install Debian's postgresql (see /tmp/icrm-postgres-apt.log)" >&2; exit 1; }
fi
cluster=$(pg_lsclusters -h 2>/dev/null | head -1)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_createcluster "$version" main >/dev/null || { echo "could not create a PostgreSQL $version cluster" >&2; exit 1; }
  cluster=$(pg_lsclusters -h | head -1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$name" start || { echo "could not start PostgreSQL $version/$name (see /var/log/postgresql)" >&2; exit 1; }
fi
as_postgres() { su postgres -s /bin/sh -c "$1"; }
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'icrm'\"" | grep -q 1 \
  || as_postgres "psql -p $port -qc \"CREATE ROLE icrm LOGIN PASSWORD 'icrm'\"" || exit 1
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'icrm'\"" | grep -q 1 \
  || as_postgres "createdb -p $port -O icrm icrm" || exit 1
echo "postgres://icrm:icrm@127.0.0.1:$port/icrm"
