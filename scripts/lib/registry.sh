# An image registry on loopback: Debian's docker-registry (CNCF
# Distribution) with a config of our own (the packaged one asks for
# htpasswd). Needs scripts/lib.sh first.
# shellcheck shell=bash
: "${root:?source scripts/lib.sh first}"

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
