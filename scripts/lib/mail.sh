# Mail the site sends, caught on this machine. Needs scripts/lib.sh first.
# shellcheck shell=bash
: "${root:?source scripts/lib.sh first}"

# A real SMTP server (aiosmtpd, from .tools/venv) delivering into the
# maildir DIR/mail, listening on ADDRESS; prints its port. Its pid is in
# DIR/smtp.pid.
start_smtp() { # DIR ADDRESS
    local dir=$1 address=$2 port
    port=$(free_port)
    [ -x "$root/.tools/venv/bin/python" ] || "$root/scripts/install-requirements" --pip ci-tools
    "$root/.tools/venv/bin/python" -m aiosmtpd -n -l "$address:$port" -c aiosmtpd.handlers.Mailbox "$dir/mail" \
        >"$dir/smtp.log" 2>&1 &
    echo $! >"$dir/smtp.pid"
    wait_for "SMTP on $address:$port" python3 -c "import socket; socket.create_connection(('$address', $port))"
    echo "$port"
}
