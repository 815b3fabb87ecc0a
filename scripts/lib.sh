# What every script here needs; `source "$(dirname "$0")/lib.sh"` after
# `set -euo pipefail`. Functions print only what callers parse on stdout;
# everything said to a person goes to stderr.
# shellcheck shell=bash

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prog=$(basename "$0")

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { say "$*"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

random_secret() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }

wait_for() { # WHAT COMMAND... — up to 10 s
    local what=$1; shift
    for _ in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    die "timed out waiting for $what"
}

http_ok() { python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1"; }

# --- PostgreSQL: a throwaway cluster --------------------------------------

pg_bin() {
    local bin
    bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$bin/initdb" ] || die "no PostgreSQL server (apt-get install postgresql-15, or scripts/install-requirements ci)"
    echo "$bin"
}

# initdb and postgres refuse to run as root.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() { # DIR [SERVER OPTIONS] — prints the superuser's URL
    local dir=$1 options=${2:-} bin port
    bin=$(pg_bin)
    port=$(free_port)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    echo "$bin" >"$dir/bin"
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

# --- Settings -------------------------------------------------------------

# The stack's env file: compose.env.example with made-up secrets, then
# KEY=VALUE overrides. Values are single-quoted, as compose and load_env read them.
write_env() { # FILE [KEY=VALUE...]
    local file=$1 line key; shift
    {
        grep -E '^[A-Z_]+=' "$root/compose.env.example" | while IFS= read -r line; do
            key=${line%%=*}
            case "$key" in
                SECRET_KEY) echo "SECRET_KEY='$(random_secret)'" ;;
                POSTGRES_PASSWORD) echo "POSTGRES_PASSWORD='$(random_secret)'" ;;
                *) echo "$key='${line#*=}'" ;;
            esac
        done
        for line in "$@"; do echo "${line%%=*}='${line#*=}'"; done
    } | awk -F= '{ last[$1] = $0; if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 } }
                 END { for (i = 1; i <= n; i++) print last[order[i]] }' >"$file"
}

load_env() { # FILE — exports its KEY='VALUE' lines
    local line value
    while IFS= read -r line; do
        value=${line#*=}; value=${value#\'}; value=${value%\'}
        export "${line%%=*}=$value"
    done < <(grep -E '^[A-Z_]+=' "$1")
}

# --- nginx ----------------------------------------------------------------

nginx_render() { # DIR PORT WEB_UPSTREAM STAGING_UPSTREAM — DIR/nginx.conf from our template
    local dir=$1 resolvers
    mkdir -p "$dir/conf.d" "$dir/temp"
    resolvers=$(awk '/^nameserver/ && $2 !~ /:/ { printf "%s ", $2 }' /etc/resolv.conf)
    NGINX_PORT=$2 NGINX_LOCAL_RESOLVERS=${resolvers:-127.0.0.1} WEB_UPSTREAM=$3 STAGING_UPSTREAM=$4 \
        NGINX_STATIC_ROOT=$root/app/static NGINX_ACCESS_LOG=$dir/access.log \
        envsubst '${NGINX_PORT} ${NGINX_LOCAL_RESOLVERS} ${WEB_UPSTREAM} ${STAGING_UPSTREAM} ${NGINX_STATIC_ROOT} ${NGINX_ACCESS_LOG}' \
        <"$root/nginx/templates/default.conf.template" >"$dir/conf.d/default.conf"
    cat >"$dir/nginx.conf" <<CONF
# Debian's nginx with our own prefix: no daemon on :80, nothing in /var.
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
worker_processes 2;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $dir/conf.d/*.conf;
}
CONF
}

# nginx logs which replica answered each request (upstream=ADDRESS:PORT).
check_replicas_served() { # EXPECTED — reads the access log on stdin
    local served
    served=$(grep -o 'upstream=[0-9.]*:[0-9]*' | sort | uniq -c)
    say "requests per replica through nginx:"$'\n'"$served"
    [ "$(grep -c upstream= <<<"$served")" -ge "$1" ] || die "not every one of $1 replicas served requests"
}
