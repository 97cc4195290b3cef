#!/bin/sh
# Creates the read-only role Grafana's PostgreSQL datasource logs in with. Runs once, when the
# postgres container initialises an empty data directory (/docker-entrypoint-initdb.d).
# Schema `monitor` and its tables do not exist yet (the migrator creates them later, as
# $POSTGRES_USER), so the grants are default privileges for objects that role creates.
set -eu
: "${GRAFANA_DB_PASSWORD:?GRAFANA_DB_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --no-psqlrc \
     --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     --set owner="$POSTGRES_USER" \
     --set reader="${GRAFANA_DB_USER:-grafana}" \
     --set password="$GRAFANA_DB_PASSWORD" <<'SQL'
CREATE ROLE :"reader" LOGIN PASSWORD :'password';
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE ON SCHEMAS TO :"reader";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT SELECT ON TABLES TO :"reader";
SQL
