#!/usr/bin/env node
// The engine benchmark in wasm beside the native one, from the same run on the same machine
// (issue #5, items 1–2): the mixed workload of src/bench.rs on trees of 1k, 10k and 100k znodes.
//
//   node benches/engine_wasm.mjs [--build] [--dist DIR]
//
// Native: `cargo run --release --bin zkplay-bench` (writes target/bench/engine_native.json).
// Wasm: the release page's bundle (trunk build --release --dist DIR, default target/bench/dist;
// built when missing or with --build, so pass --build after changing the code),
// served on a free 127.0.0.1 port and loaded in headless Chromium; `benchEngine(size, ops)` runs
// the same workload and times it with performance.now(). Prints a table with the wasm/native
// ratio and writes target/bench/engine_wasm.json.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, '.tools', 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');
const args = process.argv.slice(2);
const dist = resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : join(root, 'target/bench/dist'));
const OPS = 200000;
const SIZES = [1000, 10000, 100000];

function run(cmd, argv, extra = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...extra });
  if (r.status !== 0) {
    console.error(`${cmd} ${argv.join(' ')} failed`);
    process.exit(1);
  }
  return r.stdout;
}

const env = { ...process.env, PATH: `${join(root, '.tools/node_modules/.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
console.log('native: cargo run --release --bin zkplay-bench');
process.stdout.write(run('cargo', ['run', '--quiet', '--release', '--bin', 'zkplay-bench'], { env }));
const native = JSON.parse(readFileSync(join(root, 'target/bench/engine_native.json'), 'utf8'));

if (args.includes('--build') || !existsSync(join(dist, 'zkplay_bg.wasm'))) {
  console.log(`wasm: trunk build --release --dist ${dist}`);
  run('trunk', ['build', '--release', '--dist', dist], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const file = join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(dist) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const rows = [];
try {
  const page = await browser.newPage();
  await page.goto(`${base}/embed.html`);
  // One untimed run first, so that V8 has tiered the engine's code up (as the native runner's
  // code is compiled ahead of time) before the first size is measured.
  await page.evaluate(async (ops) => {
    const m = await import('/zkplay.js');
    await m.default();
    m.benchEngine(1000, ops);
  }, OPS);
  for (const size of SIZES) {
    const r = await page.evaluate(async ([size, ops]) => {
      const m = await import('/zkplay.js');
      await m.default();
      return m.benchEngine(size, ops);
    }, [size, OPS]);
    const n = native.rows.find((x) => x.znodes === size);
    const wasmOps = OPS / (r.ops_ms / 1000);
    rows.push({ znodes: size, wasm_ops_per_s: wasmOps, native_ops_per_s: n.ops_per_s, ratio: wasmOps / n.ops_per_s,
      wasm_expiry_ms: r.expiry_ms, native_expiry_ms: n.expiry_ms });
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`\n${'znodes'.padStart(8)} ${'wasm ops/s'.padStart(12)} ${'native ops/s'.padStart(13)} ${'wasm/native'.padStart(12)} ${'expiry wasm'.padStart(12)} ${'native'.padStart(8)}`);
for (const r of rows) {
  console.log(`${String(r.znodes).padStart(8)} ${r.wasm_ops_per_s.toFixed(0).padStart(12)} ${r.native_ops_per_s.toFixed(0).padStart(13)} ${r.ratio.toFixed(2).padStart(12)} ${(r.wasm_expiry_ms.toFixed(2) + ' ms').padStart(12)} ${(r.native_expiry_ms.toFixed(2) + ' ms').padStart(8)}`);
}
mkdirSync(join(root, 'target/bench'), { recursive: true });
writeFileSync(join(root, 'target/bench/engine_wasm.json'), JSON.stringify({ bench: 'engine_wasm', ops: OPS, rows }, null, 1));
