# Containers on this machine's engine, which no outside registry serves:
# local stand-ins for the official images, made from Debian's packages under
# superlists-local/* names and passed in through the image variables of
# docker-compose.yml and the Dockerfiles. Never an official image's name.
# Needs scripts/lib.sh first.
# shellcheck shell=bash
: "${root:?source scripts/lib.sh first}"

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
