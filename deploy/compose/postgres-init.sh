#!/bin/sh
# Runs once, on an empty data directory. Creates the application role with a password before
# the audit migration runs (it then only grants to it), and the role of Temporal's databases.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_password="$IPPLEDGE_APP_PASSWORD" -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE ippledge_app LOGIN PASSWORD :'app_password';
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
SQL
