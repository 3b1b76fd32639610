#!/usr/bin/env node
// Page weight, first prompt and memory (issue #5, items 3–4):
//  - the playground page's .wasm and .js (zkplay-app*), raw and gzip -9, against the budget; and
//    beside them the library bundle embeds and docs pages load (zkplay.js + zkplay_bg.wasm);
//  - the time from navigation to the first console prompt being visible, median of 5 loads
//    from a warm local server (one load first to warm it);
//  - memory (JS heap + wasm linear memory) after the page's wasm builds an engine holding
//    100,000 znodes (`benchHold`).
//
//   node benches/page.mjs [--build] [--dist DIR]   (DIR defaults to target/bench/dist; built if
//                                                  missing or with --build)
//
// Prints a table and writes target/bench/page.json.

import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_DIST, buildPage, launchChromium, root, serveDist } from './support.mjs';

const args = process.argv.slice(2);
const dist = resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : DEFAULT_DIST);
buildPage(dist, args.includes('--build'));

const weight = {};
for (const f of readdirSync(dist).filter((f) => f.endsWith('.wasm') || f.endsWith('.js')).sort()) {
  const bytes = readFileSync(join(dist, f));
  weight[f] = { raw: bytes.length, gzip9: gzipSync(bytes, { level: 9 }).length };
}
const sum = (prefix) => Object.entries(weight).filter(([f]) => f.startsWith(prefix)).reduce((a, [, w]) => a + w.gzip9, 0);
// What index.html loads (the budget), and what embed.html and the docs pages load.
const total = sum('zkplay-app');
const library = sum('zkplay.') + sum('zkplay_');

const { server, base } = await serveDist(dist);
const browser = await launchChromium(['--enable-precise-memory-info']);
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
console.log(`${'playground page (wasm + js)'.padEnd(27)} ${''.padStart(6)} ${String(total).padStart(12)}   budget 250000`);
console.log(`${'library: embeds, docs'.padEnd(27)} ${''.padStart(6)} ${String(library).padStart(12)}`);
console.log(`first prompt visible: median ${median.toFixed(0)} ms of ${loads.map((t) => t.toFixed(0)).join(', ')}   budget 300 ms`);
console.log(`memory with ${memory.nodes} znodes: wasm ${mb(memory.wasm_bytes)} MB + JS heap ${memory.js_heap_bytes === null ? '?' : mb(memory.js_heap_bytes)} MB   budget 50 MB`);
mkdirSync(join(root, 'target/bench'), { recursive: true });
writeFileSync(join(root, 'target/bench/page.json'),
  JSON.stringify({ bench: 'page', weight, total_gzip9: total, library_gzip9: library, first_prompt_ms: loads, first_prompt_median_ms: median, memory }, null, 1));
