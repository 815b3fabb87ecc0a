# Load while something happens: bench's `load` (target/debug/load, built
# by the caller) and one line of figures per scenario with its goal met or
# MISSED. Needs scripts/lib.sh first.
# shellcheck shell=bash
: "${root:?source scripts/lib.sh first}" "${prog:?}"

load=$root/target/debug/load
# Set to 1 by `report` when a goal is missed; callers decide when to stop.
export faults_missed=0

# One scenario's line of figures (`key=value`, from bench's `load` and the
# scenario), and whether GOAL, a shell test on those keys as variables, held.
report() { # NAME GOAL FIGURES...
    local name=$1 goal=$2; shift 2
    local line="$*" verdict=met
    (eval "$(tr ' ' '\n' <<<"$line" | grep -E '^[a-z_0-9]+=[^ ]*$' | sed 's/=\(.*\)/="\1"/')"; eval "$goal") \
        || { verdict=MISSED; faults_missed=1; }
    line=$(printf '%s: %-15s %s  goal %s' "$prog" "$name" "$line" "$verdict")
    reported+="$line"$'\n'
    echo "$line"
}

# `load` through URL for SECONDS with 32 connections; after DELAY seconds
# runs FAULT...; prints load's line once both are done.
under_load() { # URL SECONDS DELAY FAULT...
    local url=$1 seconds=$2 delay=$3 out pid
    shift 3
    out=$(mktemp)
    "$load" --url "$url" --seconds "$seconds" --connections 32 >"$out" &
    pid=$!
    sleep "$delay"
    # Quietly: `docker kill` prints the container's id, which is no figure.
    "$@" >/dev/null
    wait "$pid"
    cat "$out"
    rm -f "$out"
}

# `load` through URL for as long as COMMAND... runs (at most 10 minutes);
# prints COMMAND's figures (its stdout) and load's line, on one line.
while_loaded() { # URL COMMAND...
    local url=$1 out stop pid figures status=0
    shift
    out=$(mktemp)
    stop=$out.stop
    "$load" --url "$url" --seconds 600 --connections 32 --stop-file "$stop" >"$out" &
    pid=$!
    sleep 2
    figures=$("$@") || status=$?
    sleep 2
    touch "$stop"
    wait "$pid"
    echo "$figures $(cat "$out")"
    rm -f "$out" "$stop"
    return "$status"
}
