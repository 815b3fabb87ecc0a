#!/bin/sh
# Lays out the production image's whole filesystem under ROOTFS: BINARY in
# /usr/local/bin, every shared library `ldd` lists for it (the dynamic
# loader included) at the path it was found, CA certificates for TLS to
# PostgreSQL, and passwd/group naming the non-root user. ROOTFS-home becomes
# the user's writable home (an SQLite file can live there).
#   scratch-rootfs.sh BINARY ROOTFS
set -eu
binary=${1:?usage: scratch-rootfs.sh BINARY ROOTFS}
rootfs=${2:?usage: scratch-rootfs.sh BINARY ROOTFS}
rm -rf "$rootfs" "$rootfs-home"
install -D -m 0755 "$binary" "$rootfs/usr/local/bin/$(basename "$binary")"
# "libpq.so.5 => /lib/x86_64-linux-gnu/libpq.so.5 (0x...)" and the loader's
# "/lib64/ld-linux-x86-64.so.2 (0x...)": the paths, symlinks resolved into files.
ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | while read -r lib; do
    install -D -m 0755 "$(readlink -f "$lib")" "$rootfs$lib"
done
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/nonexistent\nsuperlists:x:10001:10001::/var/lib/superlists:/nonexistent\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nsuperlists:x:10001:\n' >"$rootfs/etc/group"
install -d -m 1777 "$rootfs/tmp"
install -d "$rootfs-home"
