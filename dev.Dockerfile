# Two images from one dependency stage:
# - `staging` (the default, last stage): Debian, `--features dev` (the debug
#   tooling, libpq built in), with a shell for poking around.
# - `production` (`--target production --build-arg FEATURES=prod`): the
#   stand-in for the Alpine Dockerfile where no registry serves Alpine: an
#   empty base holding only the `prod` binary, the shared libraries `ldd`
#   lists for it, CA certificates and a non-root user. No shell, no package
#   manager. CI's compose stack, deploy proof and releases run it.
ARG RUST_IMAGE=rust:1.95-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${RUST_IMAGE} AS deps
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
WORKDIR /src
COPY requirements/debian-dev.txt /tmp/requirements.txt
# Package versions come from the pinned Debian release of the base image.
# hadolint ignore=DL3008
RUN apt-get update \
    && grep -v '^#' /tmp/requirements.txt | xargs apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/*
ENV CARGO_TERM_COLOR=never
COPY Cargo.toml Cargo.lock ./
COPY .cargo/config.toml .cargo/
COPY app/Cargo.toml app/build.rs app/
COPY bench/Cargo.toml bench/
COPY ftests/Cargo.toml ftests/
COPY testkit/Cargo.toml testkit/
COPY docker/build-deps.sh /usr/local/bin/
# Both feature sets' dependencies in one stage without FEATURES (the legacy
# builder re-runs every RUN after an ARG whose value changed): the staging
# and production builds share it and compile only the app.
RUN build-deps.sh dev prod

FROM deps AS builder
ARG FEATURES=dev
COPY migrations migrations
COPY app app
ARG GIT_REV=unknown
RUN SUPERLISTS_GIT_REV=${GIT_REV} cargo build --release --locked -p superlists --no-default-features --features "${FEATURES}" \
    && install -D target/release/superlists /out/superlists
COPY docker/scratch-rootfs.sh /usr/local/bin/
RUN scratch-rootfs.sh /out/superlists /rootfs

FROM scratch AS production
COPY --from=builder /rootfs /
COPY --from=builder --chown=10001:10001 /rootfs-home /var/lib/superlists
COPY app/static /usr/share/superlists/static
# OCI labels: scripts/release (or the forge's workflow) passes these.
ARG GIT_REV=unknown CREATED=unknown SOURCE=unknown
LABEL org.opencontainers.image.title="superlists" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${GIT_REV}" \
      org.opencontainers.image.created="${CREATED}"
ENV PATH=/usr/local/bin \
    APP_SETTINGS=production \
    BIND=0.0.0.0:8000 \
    STATIC_ROOT=/usr/share/superlists/static \
    RUST_LOG=info
USER 10001:10001
WORKDIR /var/lib/superlists
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["superlists", "healthcheck"]
CMD ["superlists", "serve"]

FROM ${RUNTIME_IMAGE} AS staging
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
COPY requirements/debian-runtime.txt /tmp/requirements.txt
# hadolint ignore=DL3008
RUN apt-get update \
    && grep -v '^#' /tmp/requirements.txt | xargs apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/* /tmp/requirements.txt \
    && groupadd --system --gid 10001 superlists \
    && useradd --system --uid 10001 --gid superlists --home-dir /var/lib/superlists --no-create-home superlists \
    && install -d -o superlists -g superlists /var/lib/superlists
COPY --from=builder /out/superlists /usr/local/bin/superlists
COPY app/static /usr/share/superlists/static
# OCI labels: scripts/release (or the forge's workflow) passes these.
ARG GIT_REV=unknown CREATED=unknown SOURCE=unknown
LABEL org.opencontainers.image.title="superlists-staging" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${GIT_REV}" \
      org.opencontainers.image.created="${CREATED}"
ENV APP_SETTINGS=staging \
    BIND=0.0.0.0:8000 \
    STATIC_ROOT=/usr/share/superlists/static \
    RUST_LOG=info
USER 10001:10001
WORKDIR /var/lib/superlists
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["superlists", "healthcheck"]
CMD ["superlists", "serve"]
