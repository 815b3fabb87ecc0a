# Local stand-in for the official rust:<ver>-bookworm image (no registry
# here): the Debian base, a C toolchain, and the host's Rust toolchain
# (copied into the build context by scripts/stack-docker), laid out as the
# official image: RUSTUP_HOME, CARGO_HOME and PATH the same.
ARG BASE_IMAGE=superlists-local/debian:bookworm
FROM ${BASE_IMAGE}
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev make pkg-config \
    && rm -rf /var/lib/apt/lists/*
COPY toolchain /usr/local/rustup/toolchains/local
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:$PATH
RUN install -d /usr/local/cargo/bin \
    && for tool in /usr/local/rustup/toolchains/local/bin/*; do ln -s "$tool" /usr/local/cargo/bin/; done \
    && cargo --version && rustc --version
