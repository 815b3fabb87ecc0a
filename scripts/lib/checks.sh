# What nginx in front of the replicas must do, checked on a running stack
# (scripts/stack, scripts/stack-docker). Needs scripts/lib.sh first.
# shellcheck shell=bash
: "${root:?source scripts/lib.sh first}"

# nginx refuses a Host it does not serve, and serves one it does.
check_unknown_host() { # URL
    local foreign known
    foreign=$(curl -s -w ' %{http_code}' -H 'Host: elsewhere.example' "$1/")
    known=$(curl -s -o /dev/null -w '%{http_code}' "$1/")
    echo "check_unknown_host: Host elsewhere.example: ${foreign##* }, the site's own: $known" >&2
    [ "${foreign##* }" = 400 ] && [[ $foreign == *"does not serve that host name"* ]] && [ "$known" = 200 ]
}

# nginx logs which replica answered each request (upstream=ADDRESS:PORT).
check_replicas_served() { # EXPECTED — reads the access log on stdin
    local served
    served=$(grep -o 'upstream=[0-9.]*:[0-9]*' | sort | uniq -c)
    say "requests per replica through nginx:"$'\n'"$served"
    [ "$(grep -c upstream= <<<"$served")" -ge "$1" ] || die "not every one of $1 replicas served requests"
}
