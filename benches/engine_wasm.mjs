#!/usr/bin/env node
// The engine benchmark in wasm beside the native one, from the same run on the same machine
// (issue #5, items 1–2): the mixed workload of src/bench.rs on trees of 1k, 10k and 100k znodes.
//
//   node benches/engine_wasm.mjs [--build] [--dist DIR]
//
// Two wasm builds of the library bundle (zkplay.js, whose `benchEngine(size, ops)` runs the
// workload and times it with performance.now()), each served on a free 127.0.0.1 port and
// loaded in headless Chromium:
//  - the engine compiled for speed: www/engine-bench.html built with the cargo profile
//    `engine-speed` (opt-level 3) into target/bench/engine-dist;
//  - as shipped: the release page's bundle (everything at opt-level "z"), from DIR (default
//    target/bench/dist).
// Both are built when missing or with --build (pass --build after changing the code).
// Native: `cargo run --profile engine-speed --bin zkplay-bench` (the engine compiled for speed;
// writes target/bench/engine_native.json). Native and wasm take turns three times and each keeps
// its best run per size. Prints a table with the wasm/native ratio (engine compiled for speed on
// both sides), then one of each kind of request alone (`benchEngineKinds`: ns per request, wasm
// and native), and writes target/bench/engine_wasm.json.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_DIST, buildPage, launchChromium, root, serveDist, toolEnv } from './support.mjs';

const args = process.argv.slice(2);
const dist = resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : DEFAULT_DIST);
const OPS = 200000;
const SIZES = [1000, 10000, 100000];
const SPEED_DIST = join(root, 'target', 'bench', 'engine-dist');

function run(cmd, argv, extra = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...extra });
  if (r.status !== 0) {
    console.error(`${cmd} ${argv.join(' ')} failed`);
    process.exit(1);
  }
  return r.stdout;
}

// This host is shared: a neighbour's load slows one run and not the next. Native and wasm take
// turns, ROUNDS times, and each keeps its best run per size (its speed when left alone), so
// that the ratio compares like with like.
const ROUNDS = 3;
const best = new Map(SIZES.map((size) => [size, { wasm: 0, shipped: 0, native: 0, wasm_expiry_ms: Infinity, native_expiry_ms: Infinity, wasm_kinds: {}, native_kinds: {} }]));
// Each kind of request alone (ns per request, engine compiled for speed): how each grows with the
// tree. `benchEngineKinds` in wasm, the second table of zkplay-bench natively.
const KIND_OPS = 50000;
const keepLowest = (into, from) => {
  for (const [kind, ns] of Object.entries(from)) into[kind] = Math.min(into[kind] ?? Infinity, ns);
};

const rebuild = args.includes('--build');
buildPage(dist, rebuild);
if (rebuild || !existsSync(join(SPEED_DIST, 'zkplay_bg.wasm'))) {
  console.log(`trunk build --release --dist ${SPEED_DIST} www/engine-bench.html`);
  run('trunk', ['build', '--release', '--dist', SPEED_DIST, 'www/engine-bench.html'], { env: toolEnv });
}
const servers = [];
const browser = await launchChromium();
try {
  // One page per build: `speed` (the engine compiled for speed) and `shipped` (the release page's).
  const pages = {};
  for (const [name, dir, entry] of [['speed', SPEED_DIST, '/'], ['shipped', dist, '/embed.html']]) {
    const { server, base } = await serveDist(dir);
    servers.push(server);
    const page = await browser.newPage();
    await page.goto(`${base}${entry}`);
    // Untimed runs first, so that V8 has tiered the engine's code up (as the native runner's
    // code is compiled ahead of time) before the first size is measured. One run was not
    // enough: V8 tiers up in the background, and the first measured size came out up to 40% slow.
    await page.evaluate(async (ops) => {
      const m = await import('/zkplay.js');
      await m.default();
      for (let i = 0; i < 3; i++) {
        m.benchEngine(1000, ops);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }, OPS);
    pages[name] = page;
  }
  const bench = (page, size) => page.evaluate(async ([size, ops]) => {
    const m = await import('/zkplay.js');
    await m.default();
    return m.benchEngine(size, ops);
  }, [size, OPS]);
  const kinds = (page, size) => page.evaluate(async ([size, ops]) => {
    const m = await import('/zkplay.js');
    await m.default();
    return m.benchEngineKinds(size, ops);
  }, [size, KIND_OPS]);
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round} of ${ROUNDS}, native: cargo run --profile engine-speed --bin zkplay-bench`);
    process.stdout.write(run('cargo', ['run', '--quiet', '--profile', 'engine-speed', '--bin', 'zkplay-bench'], { env: toolEnv }));
    const native = JSON.parse(readFileSync(join(root, 'target/bench/engine_native.json'), 'utf8'));
    for (const size of SIZES) {
      const r = await bench(pages.speed, size);
      const shipped = await bench(pages.shipped, size);
      const n = native.rows.find((x) => x.znodes === size);
      const b = best.get(size);
      b.wasm = Math.max(b.wasm, OPS / (r.ops_ms / 1000));
      b.shipped = Math.max(b.shipped, OPS / (shipped.ops_ms / 1000));
      b.native = Math.max(b.native, n.ops_per_s);
      b.wasm_expiry_ms = Math.min(b.wasm_expiry_ms, r.expiry_ms);
      b.native_expiry_ms = Math.min(b.native_expiry_ms, n.expiry_ms);
      keepLowest(b.wasm_kinds, await kinds(pages.speed, size));
      keepLowest(b.native_kinds, n.ns_per_request);
    }
  }
} finally {
  await browser.close();
  servers.forEach((server) => server.close());
}
const rows = SIZES.map((size) => {
  const b = best.get(size);
  return { znodes: size, wasm_ops_per_s: b.wasm, shipped_wasm_ops_per_s: b.shipped, native_ops_per_s: b.native,
    ratio: b.wasm / b.native, wasm_expiry_ms: b.wasm_expiry_ms, native_expiry_ms: b.native_expiry_ms,
    wasm_ns_per_request: b.wasm_kinds, native_ns_per_request: b.native_kinds };
});
console.log(`\nbest of ${ROUNDS} rounds each; "wasm" and "native" compile the engine for speed, "as shipped" is`);
console.log('the release bundle (everything at opt-level "z"):');
console.log(`\n${'znodes'.padStart(8)} ${'wasm ops/s'.padStart(12)} ${'as shipped'.padStart(12)} ${'native ops/s'.padStart(13)} ${'wasm/native'.padStart(12)} ${'expiry wasm'.padStart(12)} ${'native'.padStart(8)}`);
for (const r of rows) {
  console.log(`${String(r.znodes).padStart(8)} ${r.wasm_ops_per_s.toFixed(0).padStart(12)} ${r.shipped_wasm_ops_per_s.toFixed(0).padStart(12)} ${r.native_ops_per_s.toFixed(0).padStart(13)} ${r.ratio.toFixed(2).padStart(12)} ${(r.wasm_expiry_ms.toFixed(2) + ' ms').padStart(12)} ${(r.native_expiry_ms.toFixed(2) + ' ms').padStart(8)}`);
}
const kindNames = Object.keys(rows[0].wasm_ns_per_request);
console.log(`\nns per request, each kind alone (engine compiled for speed; wasm / native), best of ${ROUNDS}:`);
console.log(`\n${'znodes'.padStart(8)} ${kindNames.map((k) => k.padStart(15)).join(' ')}`);
for (const r of rows) {
  const cells = kindNames.map((k) => `${r.wasm_ns_per_request[k].toFixed(0)} / ${r.native_ns_per_request[k].toFixed(0)}`.padStart(15));
  console.log(`${String(r.znodes).padStart(8)} ${cells.join(' ')}`);
}
mkdirSync(join(root, 'target/bench'), { recursive: true });
writeFileSync(join(root, 'target/bench/engine_wasm.json'), JSON.stringify({ bench: 'engine_wasm', ops: OPS, rounds: ROUNDS, rows }, null, 1));
