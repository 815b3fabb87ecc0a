# Debian's nginx in a folder of its own, from our template (as in compose)
# or a configuration of the caller's. Needs scripts/lib.sh first.
# shellcheck shell=bash
: "${root:?source scripts/lib.sh first}"

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
