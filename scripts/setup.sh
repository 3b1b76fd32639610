#!/usr/bin/env bash
# Installs whatever zkplay's build and tests need and is missing. Idempotent: on a machine that
# has everything it only checks versions (seconds). Versions: see ../shared/TOOLCHAIN.md.
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
PLAYWRIGHT_CORE_VERSION=1.65.1
TERSER_VERSION=5.46.0

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools"
export PATH="$tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's chromium and its matching chromedriver: headless browser tests and e2e.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing chromium + chromium-driver (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

# The CLI must equal the wasm-bindgen crate version exactly. (--locked fails here: see TOOLCHAIN.md.)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  cargo install -q --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes)"
  cargo install -q --force --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-opt from npm: Debian's binaryen is too old for wasm-bindgen 0.2.130's output.
# playwright-core drives the system chromium in the end-to-end tests (it downloads no browser).
# terser minifies wasm-bindgen's JS loader in release builds (scripts/minify-js.mjs).
if [ ! -x "$tools/node_modules/.bin/wasm-opt" ] \
  || [ ! -d "$tools/node_modules/playwright-core" ] \
  || ! grep -q "\"version\": \"$PLAYWRIGHT_CORE_VERSION\"" "$tools/node_modules/playwright-core/package.json" \
  || ! grep -q "\"version\": \"$TERSER_VERSION\"" "$tools/node_modules/terser/package.json" 2>/dev/null; then
  say "installing binaryen@$BINARYEN_VERSION, playwright-core@$PLAYWRIGHT_CORE_VERSION and terser@$TERSER_VERSION (npm)"
  (cd "$tools" && npm install --silent --no-audit --no-fund --prefix "$tools" \
    "binaryen@$BINARYEN_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION" "terser@$TERSER_VERSION" >/dev/null)
fi

say "toolchain ready"
