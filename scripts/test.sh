#!/usr/bin/env bash
# Sets up the toolchain (scripts/setup.sh) and runs every test: formatting, clippy for both
# targets, the native tests and the browser tests (headless Chromium). Fails if either test
# runner ran zero tests: a test compiled for the wrong target vanishes silently.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

stage() { printf '\n==> %s\n' "$*"; }

# Runs a test command, echoing its output to the terminal and keeping it in $logs/$1.log.
run_tests() {
  local name=$1
  shift
  set +e
  "$@" 2>&1 | tee "$logs/$name.log"
  local status=${PIPESTATUS[0]}
  set -e
  if [ "$status" != 0 ]; then
    printf '\ntest.sh: %s failed (exit %s)\n' "$name" "$status" >&2
    exit "$status"
  fi
}

# Sums "N passed" over libtest's and wasm-bindgen-test-runner's "test result:" lines.
passed() {
  { grep -E '^test result: ' "$logs/$1.log" || true; } \
    | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{ n += $1 } END { print n + 0 }'
}

require_tests() {
  local n
  n=$(passed "$1")
  if [ "$n" -eq 0 ]; then
    printf '\ntest.sh: %s ran zero tests\n' "$1" >&2
    exit 1
  fi
  printf '%s' "$n"
}

stage "cargo fmt --check"
cargo fmt --check

stage "cargo clippy (native)"
cargo clippy --all-targets -- -D warnings

stage "cargo clippy (wasm32)"
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

stage "native tests: cargo test"
run_tests native cargo test
native=$(require_tests native)

stage "browser tests: cargo test --target wasm32-unknown-unknown (headless Chromium)"
run_tests browser cargo test --target wasm32-unknown-unknown
browser=$(require_tests browser)

# ---------------------------------------------------------------------------------------------
# LATER STAGES go here, each failing the script on failure:
#   - conformance replay: every ../shared/reference/scenarios/*.json through
#     `cargo run --release --bin zkplay-replay` and `python3 ../shared/reference/compare.py`
#   - e2e: `trunk build --release`, serve dist/, drive it with playwright-core
#     (.tools/node_modules, executablePath /usr/bin/chromium) from tests/e2e/
# ---------------------------------------------------------------------------------------------

printf '\ntest.sh: all passed: fmt, clippy (native + wasm32), %s native tests, %s browser tests\n' \
  "$native" "$browser"
