# Local stand-in for the official postgres image (no registry here), built
# from Debian's PostgreSQL 15 and keeping the contract compose relies on:
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, initdb on first start as
# the postgres user, PGDATA at /var/lib/postgresql/data, pg_isready, port 5432.
ARG BASE_IMAGE=superlists-local/debian:bookworm
FROM ${BASE_IMAGE}
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
COPY requirements/postgres-server.txt /tmp/requirements.txt
# hadolint ignore=DL3008
RUN apt-get update \
    && grep -v '^#' /tmp/requirements.txt | xargs apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/* /tmp/requirements.txt \
    && install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data \
    && install -d -o postgres -g postgres /var/run/postgresql
COPY docker/local/postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
