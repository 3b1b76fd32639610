#!/usr/bin/env bash
# Sets up the toolchain (scripts/setup.sh), then builds and serves the playground on
# http://127.0.0.1:8080/ with trunk (rebuilds on change). Extra arguments go to `trunk serve`,
# e.g. `scripts/serve.sh --release`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Trunk.toml makes trunk (and so cargo) offline: fetch the crates first.
cargo fetch --target wasm32-unknown-unknown
printf 'serve: zkplay on http://127.0.0.1:8080/ (Ctrl-C stops)\n'
exec trunk serve "$@"
