#!/usr/bin/env bash
# The official postgres image's contract, in short: first start initialises
# PGDATA with POSTGRES_USER / POSTGRES_PASSWORD (or the file
# POSTGRES_PASSWORD_FILE names: a Docker secret) and creates POSTGRES_DB,
# then runs /docker-entrypoint-initdb.d/*.sql; the server runs as postgres.
set -euo pipefail
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then POSTGRES_PASSWORD=$(cat "$POSTGRES_PASSWORD_FILE"); fi
if [ "$(id -u)" = 0 ]; then
    install -d -o postgres -g postgres -m 0700 "$PGDATA"
    exec runuser -u postgres -- "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
    user=${POSTGRES_USER:-postgres}
    db=${POSTGRES_DB:-$user}
    initdb -D "$PGDATA" -U "$user" --pwfile=<(printf '%s' "$POSTGRES_PASSWORD") -A scram-sha-256 -E UTF8 >/dev/null
    printf "host all all all scram-sha-256\n" >>"$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /var/run/postgresql" -w start >/dev/null
    export PGHOST=/var/run/postgresql PGUSER=$user PGPASSWORD=$POSTGRES_PASSWORD
    [ "$db" = postgres ] || psql -q -d postgres -c "CREATE DATABASE \"$db\""
    for f in /docker-entrypoint-initdb.d/*.sql; do
        [ -e "$f" ] && psql -q -v ON_ERROR_STOP=1 -d "$db" -f "$f"
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "postgres-entrypoint: initialised $PGDATA ($db owned by $user)"
fi
exec "$@" -c listen_addresses='*' -k /var/run/postgresql
