# A throwaway PostgreSQL cluster in a folder. Needs scripts/lib.sh first.
# shellcheck shell=bash
: "${root:?source scripts/lib.sh first}"

pg_bin() {
    local bin
    bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$bin/initdb" ] || die "no PostgreSQL server (apt-get install postgresql-15, or scripts/install-requirements ci)"
    echo "$bin"
}

# initdb and postgres refuse to run as root.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# DIR/bin and DIR/options keep the server's folder and options, for a
# restart with pg_ctl (scripts/faults).
pg_start() { # DIR [SERVER OPTIONS] — prints the superuser's URL
    local dir=$1 options=${2:-} bin port
    bin=$(pg_bin)
    port=$(free_port)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    echo "$bin" >"$dir/bin"
    echo "-p $port -k $dir -c listen_addresses=127.0.0.1 $options" >"$dir/options"
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $options" start >/dev/null \
        || { cat "$dir/server.log" >&2; die "PostgreSQL did not start"; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
}

pg_stop() { # DIR
    [ -f "$1/bin" ] || return 0
    as_postgres "$(cat "$1/bin")/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}
