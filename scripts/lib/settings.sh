# The stack's settings file. Needs scripts/lib.sh first.
# shellcheck shell=bash
: "${root:?source scripts/lib.sh first}"

# The stack's env file: compose.env.example with made-up secrets, then
# KEY=VALUE overrides. Values are single-quoted, as compose and
# scripts/stack's load_env read them.
write_env() { # FILE [KEY=VALUE...]
    local file=$1 line key; shift
    {
        grep -E '^[A-Z_]+=' "$root/compose.env.example" | while IFS= read -r line; do
            key=${line%%=*}
            case "$key" in
                SECRET_KEY) echo "SECRET_KEY='$(random_secret)'" ;;
                POSTGRES_PASSWORD) echo "POSTGRES_PASSWORD='$(random_secret)'" ;;
                *) echo "$key='${line#*=}'" ;;
            esac
        done
        for line in "$@"; do echo "${line%%=*}='${line#*=}'"; done
    } | awk -F= '{ last[$1] = $0; if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 } }
                 END { for (i = 1; i <= n; i++) print last[order[i]] }' >"$file"
}
