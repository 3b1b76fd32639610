#!/usr/bin/env bash
# Sets up the toolchain (scripts/setup.sh) and runs every test: formatting, clippy for both
# targets, the native tests, the browser tests (headless Chromium) and the end-to-end tests
# (tests/e2e/run.sh: the release page driven by playwright-core). Fails if any test runner ran
# zero tests: a test compiled for the wrong target vanishes silently.
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

# The "# pass N" line of node's TAP summary (node --test --test-reporter=tap).
require_node_tests() {
  local n
  n=$({ grep -E '^# pass [0-9]+$' "$logs/$1.log" || true; } | tail -n 1 | awk '{ print $3 + 0 }')
  if [ -z "$n" ] || [ "$n" -eq 0 ]; then
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
# The runner gives a whole test binary 20 s by default; a loaded CI machine needs more.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"
run_tests browser cargo test --target wasm32-unknown-unknown
browser=$(require_tests browser)

stage "end-to-end tests: tests/e2e/run.sh (release page, playwright-core + Chromium)"
run_tests e2e bash tests/e2e/run.sh
e2e=$(require_node_tests e2e)

# LATER: a conformance replay stage (every ../shared/reference/scenarios/*.json through
# `cargo run --release --bin zkplay-replay` and `python3 ../shared/reference/compare.py`).

printf '\ntest.sh: all passed: fmt, clippy (native + wasm32), %s native tests, %s browser tests, %s e2e tests\n' \
  "$native" "$browser" "$e2e"
