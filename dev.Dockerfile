# Staging and development image: Debian, `--features dev` by default (the
# debug tooling, libpq built in). FEATURES=prod builds the production feature
# set on Debian against the system libpq: that is what CI runs behind nginx,
# since the Alpine image needs a registry this machine does not have.
ARG RUST_IMAGE=rust:1.95-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${RUST_IMAGE} AS builder
ARG FEATURES=dev
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
COPY app/Cargo.toml app/build.rs app/
COPY ftests/Cargo.toml ftests/
COPY testkit/Cargo.toml testkit/
COPY docker/build-deps.sh /usr/local/bin/
RUN build-deps.sh "${FEATURES}"
COPY migrations migrations
COPY app app
ARG GIT_REV=unknown
RUN SUPERLISTS_GIT_REV=${GIT_REV} cargo build --release --locked -p app --no-default-features --features "${FEATURES}" \
    && install -D target/release/superlists /out/superlists

FROM ${RUNTIME_IMAGE}
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
ENV APP_SETTINGS=staging \
    BIND=0.0.0.0:8000 \
    STATIC_ROOT=/usr/share/superlists/static \
    RUST_LOG=info
USER 10001:10001
WORKDIR /var/lib/superlists
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["superlists", "healthcheck"]
CMD ["superlists", "serve"]
