# Local stand-in for the official nginx image (no registry here), built from
# Debian's nginx and keeping the contract nginx/Dockerfile relies on:
# /etc/nginx/templates/*.template rendered by envsubst into conf.d/ at start,
# NGINX_ENTRYPOINT_LOCAL_RESOLVERS exporting NGINX_LOCAL_RESOLVERS from
# /etc/resolv.conf, logs to the container's output, `nginx -g 'daemon off;'`.
ARG BASE_IMAGE=superlists-local/debian:bookworm
FROM ${BASE_IMAGE}
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
COPY requirements/nginx.txt /tmp/requirements.txt
# hadolint ignore=DL3008
RUN apt-get update \
    && grep -v '^#' /tmp/requirements.txt | xargs apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/* /tmp/requirements.txt /etc/nginx/sites-enabled/* \
    && install -d /etc/nginx/templates /usr/share/nginx/html \
    && ln -sf /dev/stdout /var/log/nginx/access.log \
    && ln -sf /dev/stderr /var/log/nginx/error.log
COPY docker/local/nginx-entrypoint.sh /docker-entrypoint.sh
STOPSIGNAL SIGQUIT
EXPOSE 80
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
