# Production image: the `prod` feature set on Alpine (musl), linked against
# Alpine's libpq, run as a non-root user. Base images are build arguments:
# a machine without a registry builds against local images of the same
# contract (see scripts/stack-docker).
ARG RUST_IMAGE=rust:1.95-alpine3.22
ARG RUNTIME_IMAGE=alpine:3.22

FROM ${RUST_IMAGE} AS builder
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
WORKDIR /src
COPY requirements/alpine-build.txt /tmp/requirements.txt
# Package versions come from the pinned Alpine release of the base image.
# hadolint ignore=DL3018
RUN grep -v '^#' /tmp/requirements.txt | xargs apk add --no-cache
# A static musl binary cannot load libpq.so: link musl dynamically.
ENV RUSTFLAGS="-C target-feature=-crt-static" CARGO_TERM_COLOR=never
COPY Cargo.toml Cargo.lock ./
COPY .cargo/config.toml .cargo/
COPY app/Cargo.toml app/build.rs app/
COPY bench/Cargo.toml bench/
COPY ftests/Cargo.toml ftests/
COPY testkit/Cargo.toml testkit/
COPY docker/build-deps.sh /usr/local/bin/
RUN build-deps.sh prod
COPY migrations migrations
COPY app app
ARG GIT_REV=unknown
RUN SUPERLISTS_GIT_REV=${GIT_REV} cargo build --release --locked -p superlists --no-default-features --features prod \
    && install -D target/release/superlists /out/superlists

FROM ${RUNTIME_IMAGE} AS production
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
COPY requirements/alpine-runtime.txt /tmp/requirements.txt
# hadolint ignore=DL3018
RUN grep -v '^#' /tmp/requirements.txt | xargs apk add --no-cache \
    && rm /tmp/requirements.txt \
    && addgroup -S -g 10001 superlists \
    && adduser -S -D -H -u 10001 -G superlists -h /var/lib/superlists superlists \
    && install -d -o superlists -g superlists /var/lib/superlists
COPY --from=builder /out/superlists /usr/local/bin/superlists
COPY app/static /usr/share/superlists/static
# OCI labels: scripts/release (or the forge's workflow) passes these.
ARG GIT_REV=unknown CREATED=unknown SOURCE=unknown
LABEL org.opencontainers.image.title="superlists" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${GIT_REV}" \
      org.opencontainers.image.created="${CREATED}"
# DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS come from the deployment's env
# file: production refuses to start without them. /var/lib/superlists is
# writable for an SQLite file (DATABASE_URL=sqlite:///var/lib/superlists/db.sqlite3).
ENV APP_SETTINGS=production \
    BIND=0.0.0.0:8000 \
    STATIC_ROOT=/usr/share/superlists/static \
    RUST_LOG=info
USER 10001:10001
WORKDIR /var/lib/superlists
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["superlists", "healthcheck"]
CMD ["superlists", "serve"]
