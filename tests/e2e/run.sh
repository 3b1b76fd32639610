#!/usr/bin/env bash
# End-to-end tests: builds the release page with trunk (into a temporary folder, so a running
# `trunk serve` and its dist/ are left alone), serves it on 127.0.0.1 at a free port, and runs
# node's test runner on tests/e2e/*.test.mjs against it (the URL in E2E_URL), playwright-core
# driving Debian's chromium. Prints node's TAP output, summary included ("# pass N",
# "# fail N"), and exits with node's status. The tests' screenshots go to tests/e2e/artifacts/.
#
#   tests/e2e/run.sh                 # build, serve, test
#   E2E_DIST=dist tests/e2e/run.sh   # test an already built folder instead of building
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf 'e2e: %s\n' "$*" >&2; }

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in node python3; do
  command -v "$tool" >/dev/null || { say "$tool is missing: run scripts/setup.sh"; exit 1; }
done
[ -d "$root/.tools/node_modules/playwright-core" ] || { say "playwright-core is missing: run scripts/setup.sh"; exit 1; }
[ -x "${E2E_CHROMIUM:-/usr/bin/chromium}" ] || { say "chromium is missing: run scripts/setup.sh"; exit 1; }

if [ -n "${E2E_DIST:-}" ]; then
  dist=$(cd "$E2E_DIST" && pwd)
  say "testing the page already built in $dist"
else
  command -v trunk >/dev/null || { say "trunk is missing: run scripts/setup.sh"; exit 1; }
  dist="$work/dist"
  # Trunk.toml makes trunk (and so cargo) offline: fetch the crates first.
  cargo fetch --target wasm32-unknown-unknown
  say "building the release page (trunk build --release) into $dist"
  trunk build --release --dist "$dist"
fi
[ -f "$dist/index.html" ] || { say "$dist/index.html is missing: the build produced no page"; exit 1; }

# A free port, chosen by the OS (the socket is closed again before the server binds it).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
url="http://127.0.0.1:$port/"
# The interpreter itself, not a wrapper (pyenv's shim, say) whose child would outlive a kill.
python=$(python3 -c 'import sys; print(sys.executable)')
"$python" -m http.server --bind 127.0.0.1 --directory "$dist" "$port" >"$work/server.log" 2>&1 &
server=$!

# Wait until it answers (up to 15 s), and fail at once if it died (e.g. the port was taken).
ready=
for _ in $(seq 150); do
  if ! kill -0 "$server" 2>/dev/null; then
    say "the web server exited:"; cat "$work/server.log" >&2; exit 1
  fi
  if "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1).read()' "$url" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.1
done
[ -n "$ready" ] || { say "the web server did not answer on $url"; cat "$work/server.log" >&2; exit 1; }
say "serving $dist on $url"

set +e
# The files are listed (not the folder): Node 20 searches a folder, Node 22 takes globs only.
E2E_URL="$url" node --test --test-reporter=tap tests/e2e/*.test.mjs
status=$?
set -e
if [ "$status" != 0 ]; then
  say "failed (node exit $status); screenshots in tests/e2e/artifacts/"
fi
exit "$status"
