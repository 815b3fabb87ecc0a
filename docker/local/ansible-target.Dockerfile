# A throwaway "fresh Debian 12 server" for the playbook's test run
# (scripts/ansible): SSH, Python and sudo, as a cloud image has them, and
# nothing else. The admin user's key is added when the container starts.
ARG BASE_IMAGE=superlists-local/debian:bookworm
FROM ${BASE_IMAGE}
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-server python3 sudo \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --shell /bin/bash admin \
    && echo 'admin ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/admin \
    && install -d -m 0755 /run/sshd
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D", "-e"]
