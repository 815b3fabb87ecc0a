# What every script here needs; `source "$(dirname "$0")/lib.sh"` after
# `set -euo pipefail`. Functions print only what callers parse on stdout;
# everything said to a person goes to stderr.
# shellcheck shell=bash

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prog=$(basename "$0")

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { stopped_by="$*"; say "$*"; exit 1; }

# Why a script stopped (die's message, else the command that failed), and
# the figures it reported: `last_words` repeats both at the very end of an
# EXIT trap that first prints logs, since CI shows the end of the output.
stopped_by=
reported=
set -E
trap 'failed_command="$BASH_COMMAND (line $LINENO)"' ERR
last_words() { # STATUS
    [ -z "$reported" ] || printf '%s' "$reported" >&2
    say "stopped (exit $1): ${stopped_by:-${failed_command:-see above}}"
}

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
    echo "-p $port -k $dir -c listen_addresses=127.0.0.1 $options" >"$dir/options"
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $options" start >/dev/null \
        || { cat "$dir/server.log" >&2; die "PostgreSQL did not start"; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
}

# Stopped for SECONDS (fast shutdown: sessions are cut), then started again.
pg_restart() { # DIR SECONDS
    local bin
    bin=$(cat "$1/bin")
    as_postgres "$bin/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null
    sleep "$2"
    as_postgres "$bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -o "$(cat "$1/options")" start >/dev/null
}

pg_stop() { # DIR
    [ -f "$1/bin" ] || return 0
    as_postgres "$(cat "$1/bin")/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}

# --- Mail -----------------------------------------------------------------

# A real SMTP server (aiosmtpd, from .tools/venv) delivering into the
# maildir DIR/mail, listening on ADDRESS; prints its port.
start_smtp() { # DIR ADDRESS
    local dir=$1 address=$2 port
    port=$(free_port)
    [ -x "$root/.tools/venv/bin/python" ] || "$root/scripts/install-requirements" --pip ci-tools
    "$root/.tools/venv/bin/python" -m aiosmtpd -n -l "$address:$port" -c aiosmtpd.handlers.Mailbox "$dir/mail" \
        >"$dir/smtp.log" 2>&1 &
    echo $! >"$dir/smtp.pid"
    wait_for "SMTP on $address:$port" python3 -c "import socket; socket.create_connection(('$address', $port))"
    echo "$port"
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
        NGINX_WRITE_RATE=${NGINX_WRITE_RATE:-10r/s} NGINX_WRITE_BURST=${NGINX_WRITE_BURST:-50} \
        NGINX_SERVER_NAMES=${NGINX_SERVER_NAMES:-localhost 127.0.0.1} \
        envsubst '${NGINX_PORT} ${NGINX_LOCAL_RESOLVERS} ${WEB_UPSTREAM} ${STAGING_UPSTREAM} ${NGINX_STATIC_ROOT} ${NGINX_ACCESS_LOG} ${NGINX_WRITE_RATE} ${NGINX_WRITE_BURST} ${NGINX_SERVER_NAMES}' \
        <"$root/nginx/templates/default.conf.template" >"$dir/conf.d/default.conf"
    nginx_main "$dir"
}

# nginx from our template in front of the replicas on PORTS, started in
# the background ($! is its pid). /staging/ has no replica natively: 502.
nginx_proxy() { # DIR PORT REPLICA_PORTS...
    local dir=$1 port=$2
    shift 2
    nginx_render "$dir" "$port" superlists_web superlists_staging
    {
        echo "upstream superlists_web {"
        for p in "$@"; do echo "    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"; done
        # Idle connections kept per worker: at 16, a load of 32 connections
        # made nginx open (and close) new ones to the replica.
        echo "    keepalive 64;"
        # Shorter than the app's keep-alive (15 s) and SHUTDOWN_DRAIN (5 s):
        # nginx closes idle connections before a replica would.
        echo "    keepalive_timeout 4s;"
        echo "}"
        echo "upstream superlists_staging { server 127.0.0.1:9 down; }"
    } >"$dir/conf.d/upstreams.conf"
    nginx -t -q -p "$dir" -c "$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
}

# DIR/nginx.conf for Debian's nginx with our own prefix, serving what
# DIR/conf.d/*.conf holds: no daemon on :80, nothing in /var.
nginx_main() { # DIR
    local dir=$1
    mkdir -p "$dir/conf.d" "$dir/temp"
    cat >"$dir/nginx.conf" <<CONF
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

# A burst of POSTs from one client meets nginx's write limit: some 429s,
# each with Retry-After, and not before a good part of the burst allowance
# is spent (the tests before it used some). Then a burst of the API's
# PATCHes, the allowance spent already: 429s too, in JSON.
check_write_limit() { # URL
    python3 - "$1" <<'PY'
import sys, urllib.error, urllib.request
ok = True
writes = [("POST", "/lists/new", "application/x-www-form-urlencoded", b"text=x", "text/plain"),
          ("PATCH", "/api/lists/aaaaaaaaaaaaaaaa/items/0123456789abcdef", "application/json", b"{}", "application/json")]
for method, path, sent_type, body, limit_type in writes:
    codes, retry, typed = {}, 0, 0
    for _ in range(150):
        request = urllib.request.Request(sys.argv[1] + path, data=body, method=method, headers={"Content-Type": sent_type})
        try:
            code = urllib.request.urlopen(request, timeout=5).status
        except urllib.error.HTTPError as e:
            code = e.code
            if code == 429:
                retry += bool(e.headers.get("Retry-After"))
                typed += e.headers.get("Content-Type", "").startswith(limit_type)
        codes[code] = codes.get(code, 0) + 1
    limited = codes.get(429, 0)
    print(f"check_write_limit: 150 {method} {path} at once:", " ".join(f"{k}:{v}" for k, v in sorted(codes.items())), file=sys.stderr)
    some_passed = method != "POST" or limited <= 150 - 20
    ok = ok and 0 < limited and some_passed and retry == limited and typed == limited
sys.exit(0 if ok else 1)
PY
}

# nginx refuses a Host it does not serve, and serves one it does.
check_unknown_host() { # URL
    local foreign known
    foreign=$(curl -s -w ' %{http_code}' -H 'Host: elsewhere.example' "$1/")
    known=$(curl -s -o /dev/null -w '%{http_code}' "$1/")
    echo "check_unknown_host: Host elsewhere.example: ${foreign##* }, the site's own: $known" >&2
    [ "${foreign##* }" = 400 ] && [[ $foreign == *"does not serve that host name"* ]] && [ "$known" = 200 ]
}

# A real Prometheus scrapes DIR/metrics-targets (one ADDRESS:PORT a line)
# until every target is up and the replicas' request counts arrive.
check_prometheus() { # DIR EXPECTED_TARGETS
    command -v prometheus >/dev/null || { say "no prometheus (scripts/install-requirements ci)"; return 1; }
    local dir=$1/prometheus port status=1 pid
    port=$(free_port)
    mkdir -p "$dir"
    {
        echo "global: { scrape_interval: 1s, scrape_timeout: 1s }"
        echo "scrape_configs:"
        echo "  - job_name: superlists"
        echo "    static_configs:"
        echo "      - targets: [$(sed "s/.*/'&'/" "$1/metrics-targets" | paste -sd,)]"
    } >"$dir/prometheus.yml"
    prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
        --web.listen-address="127.0.0.1:$port" >"$dir/log" 2>&1 &
    pid=$!
    for _ in $(seq 1 60); do
        if python3 - "http://127.0.0.1:$port/api/v1/query" "$2" <<'PY'; then status=0; break; fi
import json, sys, urllib.parse, urllib.request
def query(q):
    url = sys.argv[1] + "?" + urllib.parse.urlencode({"query": q})
    return json.load(urllib.request.urlopen(url, timeout=2))["data"]["result"]
up = sum(float(r["value"][1]) for r in query("up"))
counted = sum(float(r["value"][1]) for r in query("sum(superlists_http_requests_total)"))
print(f"check_prometheus: {up:.0f} of {sys.argv[2]} replicas up, {counted:.0f} requests counted", file=sys.stderr)
sys.exit(0 if up == float(sys.argv[2]) and counted > 0 else 1)
PY
        sleep 1
    done 2>"$dir/checks"
    tail -n 1 "$dir/checks" >&2
    kill "$pid"; wait "$pid" 2>/dev/null || true
    return "$status"
}

# nginx logs which replica answered each request (upstream=ADDRESS:PORT).
check_replicas_served() { # EXPECTED — reads the access log on stdin
    local served
    served=$(grep -o 'upstream=[0-9.]*:[0-9]*' | sort | uniq -c)
    say "requests per replica through nginx:"$'\n'"$served"
    [ "$(grep -c upstream= <<<"$served")" -ge "$1" ] || die "not every one of $1 replicas served requests"
}

# --- Faults under load ------------------------------------------------------

load=$root/target/debug/load
# Set to 1 by `report` when a goal is missed; callers decide when to stop.
export faults_missed=0

# One scenario's line of figures (`key=value`, from bench's `load` and the
# scenario), and whether GOAL, a shell test on those keys as variables, held.
report() { # NAME GOAL FIGURES...
    local name=$1 goal=$2; shift 2
    local line="$*" verdict=met
    (eval "$(tr ' ' '\n' <<<"$line" | grep -E '^[a-z_0-9]+=[^ ]*$' | sed 's/=\(.*\)/="\1"/')"; eval "$goal") \
        || { verdict=MISSED; faults_missed=1; }
    line=$(printf '%s: %-15s %s  goal %s' "$prog" "$name" "$line" "$verdict")
    reported+="$line"$'\n'
    echo "$line"
}

# `load` through URL for SECONDS with 32 connections; after DELAY seconds
# runs FAULT...; prints load's line once both are done.
under_load() { # URL SECONDS DELAY FAULT...
    local url=$1 seconds=$2 delay=$3 out pid
    shift 3
    out=$(mktemp)
    "$load" --url "$url" --seconds "$seconds" --connections 32 >"$out" &
    pid=$!
    sleep "$delay"
    # Quietly: `docker kill` prints the container's id, which is no figure.
    "$@" >/dev/null
    wait "$pid"
    cat "$out"
    rm -f "$out"
}

# `load` through URL for as long as COMMAND... runs (at most 10 minutes);
# prints COMMAND's figures (its stdout) and load's line, on one line.
while_loaded() { # URL COMMAND...
    local url=$1 out stop pid figures status=0
    shift
    out=$(mktemp)
    stop=$out.stop
    "$load" --url "$url" --seconds 600 --connections 32 --stop-file "$stop" >"$out" &
    pid=$!
    sleep 2
    figures=$("$@") || status=$?
    sleep 2
    touch "$stop"
    wait "$pid"
    echo "$figures $(cat "$out")"
    rm -f "$out" "$stop"
    return "$status"
}

# --- TLS in front: nginx/host-vhost.conf.example, rendered for this host
# with a throwaway CA (openssl), run by Debian's nginx before the stack.

# DIR/ca.pem, and a certificate it signed for localhost and 127.0.0.1.
tls_certificates() { # DIR
    local dir=$1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Superlists test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
        -keyout "$dir/site.key" -out "$dir/site.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' >"$dir/site.ext"
    openssl x509 -req -in "$dir/site.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
        -extfile "$dir/site.ext" -out "$dir/site.pem" 2>/dev/null
}

# Starts nginx with the example vhost in front of 127.0.0.1:UPSTREAM_PORT;
# prints "HTTP_PORT HTTPS_PORT". Stop it with `kill "$(cat DIR/nginx.pid)"`.
tls_front() { # DIR UPSTREAM_PORT
    local dir=$1 http_port https_port
    nginx_main "$dir"
    tls_certificates "$dir"
    http_port=$(free_port)
    https_port=$(free_port)
    sed -e '/^ *#/d' -e '/listen \[::\]/d' \
        -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
        -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
        -e 's|server_name superlists.example.com;|server_name localhost;|' \
        -e "s|/etc/letsencrypt/live/superlists.example.com/fullchain.pem|$dir/site.pem|" \
        -e "s|/etc/letsencrypt/live/superlists.example.com/privkey.pem|$dir/site.key|" \
        -e "s|/var/www/letsencrypt|$dir/acme|" \
        -e "s|http://127.0.0.1:8080;|http://127.0.0.1:$2;|" \
        "$root/nginx/host-vhost.conf.example" >"$dir/conf.d/vhost.conf"
    if grep -Eq 'example\.com|:8080;|listen (80|443)' "$dir/conf.d/vhost.conf"; then
        die "the vhost example changed shape: tls_front no longer renders it ($dir/conf.d/vhost.conf)"
    fi
    nginx -t -q -p "$dir" -c "$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
    wait_for "nginx with TLS on port $https_port" curl -fsS -o /dev/null --cacert "$dir/ca.pem" "https://localhost:$https_port/healthz"
    echo "$http_port $https_port"
}

# What TLS in front must give a visitor: HTTP redirected to HTTPS, HSTS,
# and every cookie the site sets marked Secure.
check_tls_front() { # DIR HTTP_PORT HTTPS_PORT
    local dir=$1 https=https://localhost:$3 headers location cookies
    location=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$2/lists/new?x=1")
    [ "$location" = "301 https://localhost/lists/new?x=1" ] || die "http is not redirected to https: $location"
    headers=$(curl -sS -D - -o /dev/null --cacert "$dir/ca.pem" "$https/")
    grep -qi '^strict-transport-security: max-age=[1-9]' <<<"$headers" || die "no HSTS over https: $headers"
    cookies=$(grep -i '^set-cookie:' <<<"$headers" || true)
    [ -n "$cookies" ] || die "the home page set no cookie to check: $headers"
    if grep -vqi '; *secure' <<<"$cookies"; then die "a cookie without Secure over https: $cookies"; fi
    say "TLS in front: http 301 to https, HSTS, $(wc -l <<<"$cookies") cookie(s) all Secure"
}

# --- An image registry on loopback: Debian's docker-registry (CNCF
# Distribution) with a config of our own (the packaged one asks for htpasswd).

registry_start() { # DIR — prints the registry's address, localhost:PORT
    local dir=$1 port
    port=$(free_port)
    mkdir -p "$dir/data"
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:%s\n' \
        "$dir/data" "$port" >"$dir/config.yml"
    docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
    echo $! >"$dir/pid"
    wait_for "the registry on port $port" curl -fsS "http://127.0.0.1:$port/v2/"
    echo "localhost:$port"
}

registry_stop() { # DIR
    if [ -f "$1/pid" ]; then
        kill "$(cat "$1/pid")" 2>/dev/null || true
        rm -f "$1/pid"
    fi
}

# --- Containers on this machine's engine, which no outside registry serves:
# local stand-ins for the official images, made from Debian's packages under
# superlists-local/* names and passed in through the image variables of
# docker-compose.yml and the Dockerfiles. Never an official image's name.

use_local_images() {
    export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
    export POSTGRES_IMAGE=superlists-local/postgres:15
    export NGINX_IMAGE=superlists-local/nginx:1.22
    export RUST_IMAGE=superlists-local/rust:bookworm
    export RUNTIME_IMAGE=superlists-local/debian:bookworm
    export STAGING_RUST_IMAGE=$RUST_IMAGE STAGING_RUNTIME_IMAGE=$RUNTIME_IMAGE
    export WEB_DOCKERFILE=dev.Dockerfile WEB_FEATURES=prod PRODUCTION_DOCKERFILE=dev.Dockerfile
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

build_local() { # IMAGE DOCKERFILE [CONTEXT]
    docker build -q -f "$2" --build-arg "BASE_IMAGE=$RUNTIME_IMAGE" -t "$1" "${3:-$root}" >/dev/null 2>&1 ||
        die "could not build $1"
}

# The base image and the Rust image are made once (minutes); PostgreSQL's and
# nginx's are built every time, from the cache unless their files changed.
local_images() {
    have_image "$RUNTIME_IMAGE" || { say "making $RUNTIME_IMAGE with debootstrap"; docker/local/debian-base.sh "$RUNTIME_IMAGE" >/dev/null; }
    build_local "$POSTGRES_IMAGE" docker/local/postgres.Dockerfile
    build_local "$NGINX_IMAGE" docker/local/nginx.Dockerfile
    if ! have_image "$RUST_IMAGE"; then
        say "making $RUST_IMAGE from this host's toolchain"
        local context sysroot
        context=$(mktemp -d)
        # The host's toolchain without its documentation.
        mkdir "$context/toolchain"
        sysroot=$(rustc --print sysroot)
        cp -a "$sysroot/bin" "$sysroot/lib" "$sysroot/libexec" "$context/toolchain/"
        build_local "$RUST_IMAGE" docker/local/rust.Dockerfile "$context"
        rm -rf "$context"
    fi
}

# The host as containers reach it: the default bridge's address.
host_address() { ip -4 -o addr show docker0 | awk '{ split($4, a, "/"); print a[1]; exit }'; }

# A registry in DIR, this commit built, pushed and promoted there
# (scripts/release), the promoted image pulled as a host would. Exports
# REGISTRY, SHA, WEB_IMAGE (:production) and STAGING_IMAGE (:staging).
release_to_local_registry() { # DIR
    REGISTRY=$(registry_start "$1")
    export REGISTRY
    say "scripts/release build, on the registry at $REGISTRY"
    local started=$SECONDS
    SHA=$("$root/scripts/release" build)
    say "built and pushed in $((SECONDS - started)) s"
    "$root/scripts/release" promote "$SHA" >&2
    export SHA WEB_IMAGE=$REGISTRY/superlists:production STAGING_IMAGE=$REGISTRY/superlists:staging
    # The promoted tag exists in the registry only.
    docker pull -q "$WEB_IMAGE" >/dev/null
}
