#!/bin/sh
# Compiles the dependency graph alone, from the real manifests and lock file
# with stub sources, so that the layer running this is rebuilt only when
# Cargo.toml or Cargo.lock change (a source edit rebuilds just the app).
# Chosen over cargo-chef: nothing to install, and it handles the workspace.
#   build-deps.sh FEATURES      e.g. build-deps.sh prod
set -eu
features=${1:?usage: build-deps.sh FEATURES}
mkdir -p app/src app/static ftests/src testkit/src migrations/postgres migrations/sqlite
echo 'fn main() {}' > app/src/main.rs
: > app/src/lib.rs
: > ftests/src/lib.rs
: > testkit/src/lib.rs
cargo build --release --locked -p app --no-default-features --features "$features"
# Forget the stub app, so the real sources are compiled whatever their mtimes.
rm -rf app/src target/release/.fingerprint/app-* target/release/build/app-* target/release/deps/superlists-* target/release/deps/libsuperlists-*
