// What the page benchmarks share: the release page built into a dist directory, served on a
// free 127.0.0.1 port, and headless Chromium (Debian's, through playwright-core from .tools/).

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The dist directory the benches build and load unless told otherwise. */
export const DEFAULT_DIST = join(root, 'target', 'bench', 'dist');
/** The environment with the project's tools first on PATH (trunk, wasm-opt, cargo). */
export const toolEnv = {
  ...process.env,
  PATH: `${join(root, '.tools', 'node_modules', '.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}`,
};

/** `trunk build --release --dist DIR`: when asked (`--build`) or when DIR holds no page yet. */
export function buildPage(dist, force) {
  if (!force && existsSync(join(dist, 'zkplay-app_bg.wasm')) && existsSync(join(dist, 'zkplay_bg.wasm'))) return;
  console.log(`trunk build --release --dist ${dist}`);
  const r = spawnSync('trunk', ['build', '--release', '--dist', dist], { cwd: root, env: toolEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('trunk build failed');
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves `dist` (uncached) on a free port; resolves to the server and its base URL. */
export async function serveDist(dist) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

/** Headless Chromium as the benches run it, with `extraArgs` added. */
export function launchChromium(extraArgs = []) {
  const { chromium } = createRequire(join(root, '.tools', 'package.json'))('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', ...extraArgs],
  });
}
