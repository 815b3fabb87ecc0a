# What every script here needs; `source "$(dirname "$0")/lib.sh"` after
# `set -euo pipefail`, then the scripts/lib/*.sh a script uses (each needs
# this file first). Functions print only what callers parse on stdout;
# everything said to a person goes to stderr.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prog=$(basename "$0")

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { stopped_by="$*"; say "$*"; exit 1; }

# Why a script stopped (die's message, else the command that failed), and
# the figures it reported (lib/load.sh's `report`): `last_words` repeats both
# at the very end of an EXIT trap that first prints logs, since CI shows the
# end of the output.
stopped_by=
reported=
set -E
trap 'failed_command="$BASH_COMMAND (line $LINENO)"' ERR
last_words() { # STATUS
    [ -z "$reported" ] || printf '%s' "$reported" >&2
    say "stopped (exit $1): ${stopped_by:-${failed_command:-see above}}"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

random_secret() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }

wait_for() { # WHAT COMMAND... — up to 10 s
    local what=$1; shift
    for _ in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    die "timed out waiting for $what"
}

http_ok() { python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1"; }
