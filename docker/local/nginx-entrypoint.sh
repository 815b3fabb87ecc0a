#!/usr/bin/env bash
# The official nginx image's entrypoint, in short (15-local-resolvers.envsh
# and 20-envsubst-on-templates.sh): only variables defined in the
# environment are substituted, so nginx's own $variables survive.
set -euo pipefail
if [ -n "${NGINX_ENTRYPOINT_LOCAL_RESOLVERS:-}" ]; then
    NGINX_LOCAL_RESOLVERS=$(awk '/^nameserver/ { a = $2; if (a ~ /:/) a = "[" a "]"; printf "%s%s", sep, a; sep = " " }' /etc/resolv.conf)
    export NGINX_LOCAL_RESOLVERS
fi
defined=$(awk 'BEGIN { for (name in ENVIRON) printf "${%s} ", name }')
for template in /etc/nginx/templates/*.template; do
    [ -e "$template" ] || continue
    out=/etc/nginx/conf.d/$(basename "$template" .template)
    envsubst "$defined" <"$template" >"$out"
    echo "nginx-entrypoint: rendered $template to $out"
done
exec "$@"
