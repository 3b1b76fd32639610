#!/usr/bin/env node
// Page weight, first prompt and memory (issue #5, items 3–4):
//  - the release dist/'s .wasm and .js, raw and gzip -9;
//  - the time from navigation to the first console prompt being visible, median of 5 loads
//    from a warm local server (one load first to warm it);
//  - memory (JS heap + wasm linear memory) after the page's wasm builds an engine holding
//    100,000 znodes (`benchHold`).
//
//   node benches/page.mjs [--build] [--dist DIR]   (DIR defaults to target/bench/dist; built if
//                                                  missing or with --build)
//
// Prints a table and writes target/bench/page.json.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, '.tools', 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');
const args = process.argv.slice(2);
const dist = resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : join(root, 'target/bench/dist'));
const env = { ...process.env, PATH: `${join(root, '.tools/node_modules/.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

if (args.includes('--build') || !existsSync(join(dist, 'zkplay_bg.wasm'))) {
  console.log(`trunk build --release --dist ${dist}`);
  const r = spawnSync('trunk', ['build', '--release', '--dist', dist], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

const weight = {};
for (const f of readdirSync(dist).filter((f) => f.endsWith('.wasm') || f.endsWith('.js'))) {
  const bytes = readFileSync(join(dist, f));
  weight[f] = { raw: bytes.length, gzip9: gzipSync(bytes, { level: 9 }).length };
}
const total = Object.values(weight).reduce((a, w) => a + w.gzip9, 0);

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  let file = join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (file.endsWith('/')) file = join(file, 'index.html');
  if (!file.startsWith(dist) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--enable-precise-memory-info'],
});
const loads = [];
let memory;
try {
  for (let i = 0; i < 6; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Records when a console prompt first becomes visible, measured from navigation start.
    await page.addInitScript(() => {
      const seen = () => {
        const p = document.querySelector('.console-prompt');
        if (p && p.getBoundingClientRect().height > 0) {
          window.__firstPrompt = performance.now();
          return true;
        }
        return false;
      };
      new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); })
        .observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.__firstPrompt !== undefined, null, { timeout: 20000 });
    const t = await page.evaluate(() => window.__firstPrompt);
    if (i > 0) loads.push(t); // the first load warms the server and the browser's cache
    await context.close();
  }
  const page = await browser.newPage();
  await page.goto(`${base}/embed.html`);
  memory = await page.evaluate(async () => {
    const m = await import('/zkplay.js');
    const wasm = await m.default();
    const nodes = m.benchHold(100000);
    await new Promise((r) => setTimeout(r, 200));
    return { nodes, wasm_bytes: wasm.memory.buffer.byteLength, js_heap_bytes: performance.memory ? performance.memory.usedJSHeapSize : null };
  });
} finally {
  await browser.close();
  server.close();
}
loads.sort((a, b) => a - b);
const median = loads[Math.floor(loads.length / 2)];
const mb = (b) => (b / 1048576).toFixed(1);
console.log('file                          raw      gzip -9');
for (const [f, w] of Object.entries(weight)) console.log(`${f.padEnd(24)} ${String(w.raw).padStart(9)} ${String(w.gzip9).padStart(12)}`);
console.log(`${'total (wasm + js)'.padEnd(24)} ${''.padStart(9)} ${String(total).padStart(12)}   budget 256000`);
console.log(`first prompt visible: median ${median.toFixed(0)} ms of ${loads.map((t) => t.toFixed(0)).join(', ')}   budget 300 ms`);
console.log(`memory with ${memory.nodes} znodes: wasm ${mb(memory.wasm_bytes)} MB + JS heap ${memory.js_heap_bytes === null ? '?' : mb(memory.js_heap_bytes)} MB   budget 50 MB`);
mkdirSync(join(root, 'target/bench'), { recursive: true });
writeFileSync(join(root, 'target/bench/page.json'),
  JSON.stringify({ bench: 'page', weight, total_gzip9: total, first_prompt_ms: loads, first_prompt_median_ms: median, memory }, null, 1));
