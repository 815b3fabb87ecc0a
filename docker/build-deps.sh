#!/bin/sh
# Compiles the dependency graph alone, from the real manifests and lock file
# with stub sources, so that the layer running this is rebuilt only when
# Cargo.toml or Cargo.lock change (a source edit rebuilds just the app).
# Chosen over cargo-chef: nothing to install, and it handles the workspace.
# Several feature sets share one target folder: the crates they have in
# common are compiled once.
#   build-deps.sh FEATURES...   e.g. build-deps.sh prod, build-deps.sh dev prod
set -eu
[ $# -gt 0 ] || { echo "usage: build-deps.sh FEATURES..." >&2; exit 2; }
mkdir -p app/src app/static bench/src/bin ftests/src testkit/src migrations/postgres migrations/sqlite
echo 'fn main() {}' > app/src/main.rs
for crate in app bench ftests testkit; do : > "$crate/src/lib.rs"; done
# One stub per [[bin]] of bench, so a new binary there needs no edit here.
awk '/^\[\[bin\]\]/ { inbin = 1; next } /^\[/ { inbin = 0 }
     inbin && $1 == "name" { gsub(/"/, "", $3); print $3 }' bench/Cargo.toml |
    while read -r bin; do echo 'fn main() {}' > "bench/src/bin/$bin.rs"; done
for features in "$@"; do
    cargo build --release --locked -p superlists --no-default-features --features "$features"
done
# Forget the stub app, so the real sources are compiled whatever their mtimes.
rm -rf app/src target/release/.fingerprint/superlists-* target/release/build/superlists-* target/release/deps/superlists-* target/release/deps/libsuperlists-*
