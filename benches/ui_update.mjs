#!/usr/bin/env node
// UI update latency of the playground page in headless Chromium (issue #5's budgets):
// how long from pressing Enter in a console to the DOM showing the command's result (the
// console's output and the znode in the tree), with a big tree.
//
//   node benches/ui_update.mjs [--build] [--dist DIR] [--scenarios 1k,10k] [--samples 30]
//                              [--trace] [--profile] [--out target/bench/ui_update.json]
//
// --build runs `trunk build --release --dist DIR` first (DIR defaults to target/bench/dist, so
// a `trunk serve` on dist/ is left alone). The page is served from DIR on a free 127.0.0.1 port.
//
// Scenarios fill a fresh playground by typing `create` commands into client A's console (many
// keydown events per task: yew batches their renders), add clients until there are 10, let each
// client set a child watch and a data watch and own an ephemeral znode, then measure `samples`
// commands, cycling create / set / delete on a znode of a small dir in the middle of the tree
// (so everything below it moves).
//
// Per command, in the page:
//   dom     Enter → the DOM has the echo + output line in the console and the znode (or its
//           pulse / ghost) in the tree: checked by a MutationObserver on every change, so this
//           is when the DOM first shows the result;
//   update  dom + a forced style and layout (getBoundingClientRect of the znode): the work the
//           browser must do before it can paint the result — the number held to the budget;
//   frame   Enter → the end of the next animation frame (rAF, then a posted message): includes
//           paint and the wait for the frame.
// Commands are typed 1 s apart (a fast typist; ghosts fade in 0.65 s, pulses in 0.9 s).
//
// --trace records a Chrome trace of the measured commands and prints where the main thread's
// time went (script, style recalculation, layout, paint, …). --profile records a CPU profile
// (target/bench/ui_update-<scenario>.cpuprofile) and prints the heaviest functions.

import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_DIST, buildPage, launchChromium, root, serveDist } from './support.mjs';

function args() {
  const out = {
    build: false,
    dist: DEFAULT_DIST,
    scenarios: ['1k', '10k'],
    samples: 30,
    trace: false,
    profile: false,
    out: join(root, 'target', 'bench', 'ui_update.json'),
    gap: 1000,
    idle: 4000,
    css: '',
  };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    switch (a[i]) {
      case '--build': out.build = true; break;
      case '--dist': out.dist = resolve(a[++i]); break;
      case '--scenarios': out.scenarios = a[++i].split(','); break;
      case '--samples': out.samples = Number(a[++i]); break;
      case '--gap': out.gap = Number(a[++i]); break;
      case '--idle': out.idle = Number(a[++i]); break;
      case '--css': out.css = a[++i]; break;
      case '--trace': out.trace = true; break;
      case '--profile': out.profile = true; break;
      case '--out': out.out = resolve(a[++i]); break;
      default: throw new Error(`unknown argument ${a[i]}`);
    }
  }
  return out;
}

// dirs × kids under /bench: 1k = 25 × 39 (every znode drawn: 40 children is the auto-collapse
// limit), 10k = 100 × 99 (each dir starts collapsed: "collapsed subtrees allowed"), 3k = 75 × 39
// (all expanded: the layout's 1,500-znode budget applies, the rest are "+N more").
const SCENARIOS = {
  '1k': { dirs: 25, kids: 39, clients: 10 },
  '3k': { dirs: 75, kids: 39, clients: 10 },
  '10k': { dirs: 100, kids: 99, clients: 10 },
};

// ---- in the page ----

const PAGE_HELPERS = () => {
  const macrotask = () => new Promise((ok) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => ok();
    ch.port2.postMessage(0);
  });
  const input = (pane) => document.querySelector(`.pane:nth-child(${pane}) .console-input`);
  window.__zk = {
    macrotask,
    // Types lines into a pane's console, `batch` keydowns per task.
    async type(lines, pane = 1, batch = 250) {
      for (let i = 0; i < lines.length; i += batch) {
        const el = input(pane);
        for (const line of lines.slice(i, i + batch)) {
          el.value = line;
          el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
        }
        await macrotask();
        await new Promise((ok) => requestAnimationFrame(() => ok()));
      }
    },
    async key(k) {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      await macrotask();
    },
    async show(pane, client) {
      const b = document.querySelector(`.pane:nth-child(${pane}) .tab[data-client="${client}"] .tab-pick`);
      b.click();
      await macrotask();
    },
    // One measured command; `treeDone(el)` says whether the znode element shows the result.
    async measure(line, path, expect, treeState) {
      const el = input(1);
      const lines = document.querySelector('.pane:nth-child(1) .console-lines');
      // The console renders at most its newest 1,500 lines: find the new ones after the last
      // line seen before the command.
      const mark = [...lines.querySelectorAll('.console-line')].pop();
      const treeOk = () => {
        const node = [...document.querySelectorAll('.tree-nodes [data-path]')]
          .find((n) => n.getAttribute('data-path') === path);
        const cls = node ? node.getAttribute('class') || '' : '';
        if (treeState === 'present') return node && !/znode-deleted/.test(cls) ? node : null;
        if (treeState === 'changed') return node && /znode-changed/.test(cls) ? node : null;
        if (treeState === 'ghost') return node && /znode-deleted/.test(cls) ? node : null;
        return null;
      };
      const consoleOk = () => {
        const all = [...lines.querySelectorAll('.console-line')];
        const at = all.indexOf(mark);
        const fresh = at >= 0 ? all.slice(at + 1) : all.slice(-4);
        if (!fresh.length) return false;
        const text = fresh.map((l) => l.textContent).join('\n');
        return text.includes(line) && (!expect || text.includes(expect));
      };
      let frameEnd = 0;
      const frame = new Promise((ok) => requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { frameEnd = performance.now(); ok(); };
        ch.port2.postMessage(0);
      }));
      // The DOM is checked whenever it changes (a MutationObserver: a microtask right after the
      // render that changed it), so the time is when the DOM first shows the result, not when a
      // later poll happens to look (a frame may be painted in between).
      let rounds = 0;
      let finish;
      const finished = new Promise((ok) => { finish = ok; });
      const observer = new MutationObserver(() => {
        rounds++;
        const found = treeOk();
        if (found && consoleOk()) finish([performance.now(), found]);
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      el.value = line;
      performance.mark('zk-command');
      const t0 = performance.now();
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      const timeout = new Promise((_, fail) => setTimeout(() => fail(new Error(`timed out: ${line}`)), 10000));
      const [t1, node] = await Promise.race([finished, timeout]);
      performance.mark('zk-dom');
      observer.disconnect();
      node.getBoundingClientRect();
      document.body.getBoundingClientRect();
      const t2 = performance.now();
      await frame;
      // The frame may have been served before the DOM was ready (it was requested first).
      let t3 = frameEnd;
      if (t3 < t2) {
        await new Promise((ok) => requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => { t3 = performance.now(); ok(); };
          ch.port2.postMessage(0);
        }));
      }
      return { dom: t1 - t0, update: t2 - t0, frame: t3 - t0, rounds };
    },
    stats() {
      return {
        znodes: (document.querySelector('.tree-count') || {}).textContent,
        drawn: document.querySelectorAll('.tree-nodes .znode').length,
        elements: document.getElementsByTagName('*').length,
        consoleLines: document.querySelectorAll('.console-line').length,
        tabs: document.querySelectorAll('.pane:nth-child(1) .tab').length,
      };
    },
  };
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

function summary(samples) {
  const out = {};
  for (const k of ['dom', 'update', 'frame']) {
    const xs = samples.map((s) => s[k]);
    out[k] = { median: median(xs), p95: pct(xs, 95), max: Math.max(...xs) };
  }
  return out;
}

// Main-thread CPU time by kind of work.
function traceBreakdown(events) {
  const main = new Map();
  for (const e of events) {
    if (e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain') main.set(`${e.pid}:${e.tid}`, true);
  }
  const buckets = {};
  const watch = {
    FunctionCall: 'script', EventDispatch: 'script', RunMicrotasks: 'script', TimerFire: 'script',
    FireAnimationFrame: 'script', v8_execute: 'script', 'v8.execute': 'script',
    UpdateLayoutTree: 'style', RecalculateStyles: 'style', ScheduleStyleRecalculation: null,
    Layout: 'layout', PrePaint: 'prepaint', Paint: 'paint', Layerize: 'layerize', UpdateLayer: 'paint',
    'Document::updateStyleAndLayout': null, ParseHTML: 'parse', GCEvent: 'gc', MinorGC: 'gc', MajorGC: 'gc',
    'V8.GC_SCAVENGER': 'gc', 'V8.GC_MC_BACKGROUND': null, HitTest: 'hittest', Commit: 'commit',
  };
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    const b = watch[e.name];
    if (!b) continue;
    buckets[b] = buckets[b] || { ms: 0, count: 0 };
    // Thread time (CPU) where the trace has it: less disturbed by other processes than wall time.
    buckets[b].ms += (e.tdur !== undefined ? e.tdur : e.dur || 0) / 1000;
    buckets[b].count++;
  }
  return buckets;
}

function profileSummary(profile, top = 25) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  const counts = new Map();
  profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) || 0) + (dt[i] || 0)));
  for (const [id, us] of counts) {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop() : ''}`.trim();
    self.set(key, (self.get(key) || 0) + us / 1000);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
}

// Main-thread work while nobody types (the clock ticks, countdowns, saves): CPU ms per second
// (the longest task in wall time).
async function idleCost(context, page, ms) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', '__metadata'] },
  });
  await page.waitForTimeout(ms);
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const main = new Set();
  for (const e of events) {
    if (e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  }
  const on = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const cpu = (e) => (e.tdur !== undefined ? e.tdur : e.dur || 0) / 1000;
  const total = (n) => on.filter((e) => e.name === n).reduce((a, e) => a + cpu(e), 0);
  const perSecond = (x) => (x * 1000) / ms;
  const tasks = on.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  return {
    busyMsPerS: perSecond(tasks.reduce((a, e) => a + cpu(e), 0)),
    longestTaskMs: Math.max(0, ...tasks.map((e) => (e.dur || 0) / 1000)),
    scriptMsPerS: perSecond(total('FunctionCall')),
    styleLayoutMsPerS: perSecond(total('UpdateLayoutTree') + total('Layout')),
    paintMsPerS: perSecond(total('Paint') + total('PrePaint')),
    layerizeMsPerS: perSecond(total('Layerize')),
    frames: on.filter((e) => e.name === 'Layerize').length,
  };
}

async function runScenario(browser, url, name, opts) {
  const spec = SCENARIOS[name];
  if (!spec) throw new Error(`unknown scenario ${name}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('.app[data-ready]');
  await page.evaluate(PAGE_HELPERS);

  const started = Date.now();
  // Clients: A, B, C exist; `n` adds one (shown in pane 2).
  for (let i = 3; i < spec.clients; i++) await page.evaluate(() => window.__zk.key('n'));
  const lines = ['create /bench'];
  for (let d = 0; d < spec.dirs; d++) {
    lines.push(`create /bench/d${String(d).padStart(3, '0')}`);
    for (let k = 0; k < spec.kids; k++) lines.push(`create /bench/d${String(d).padStart(3, '0')}/n${String(k).padStart(3, '0')} v`);
  }
  const work = `/bench/d${String(Math.floor(spec.dirs / 2)).padStart(3, '0')}w`;
  lines.push(`create ${work}`, `create ${work}/a v`, `create ${work}/z v`);
  await page.evaluate((l) => window.__zk.type(l, 1), lines);
  const names = await page.evaluate(() => [...document.querySelectorAll('.pane:nth-child(2) .tab')].map((t) => t.getAttribute('data-client')));
  for (const [i, c] of names.entries()) {
    await page.evaluate((c) => window.__zk.show(2, c), c);
    await page.evaluate(([c, i]) => window.__zk.type([
      `create -e /bench/d${String(i).padStart(3, '0')}/eph-${c} x`,
      `ls -w /bench/d${String(i).padStart(3, '0')}`,
      `get -w /bench/d${String(i).padStart(3, '0')}/n000`,
    ], 2), [c, i]);
  }
  // /bench has more than 40 children in the big scenarios: it starts collapsed; expand it (its
  // big dirs stay collapsed).
  await page.evaluate(async () => {
    const bench = [...document.querySelectorAll('.tree-nodes .znode')].find((n) => n.getAttribute('data-path') === '/bench');
    if (bench && /znode-collapsed/.test(bench.getAttribute('class'))) {
      bench.querySelector('.znode-toggle').dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await window.__zk.macrotask();
    }
  });
  // Scroll the tree to the work dir (the tree draws only the znodes near its visible part).
  const found = await page.evaluate(async (work) => {
    const box = document.querySelector('.tree-scroll');
    const find = () => [...document.querySelectorAll('.tree-nodes .znode')].find((n) => n.getAttribute('data-path') === work);
    for (let top = 0; top <= box.scrollHeight; top += box.clientHeight / 2) {
      box.scrollTop = top;
      await new Promise((ok) => requestAnimationFrame(() => ok()));
      await window.__zk.macrotask();
      await window.__zk.macrotask();
      const el = find();
      if (el) {
        el.scrollIntoView({ block: 'center' });
        await new Promise((ok) => requestAnimationFrame(() => ok()));
        await window.__zk.macrotask();
        return true;
      }
    }
    return false;
  }, work);
  if (!found) throw new Error(`${work} is not drawn`);
  const fillMs = Date.now() - started;
  if (opts.css) {
    await page.addStyleTag({ content: opts.css });
  }
  await page.waitForTimeout(1500);
  const stats = await page.evaluate(() => window.__zk.stats());
  const idle = opts.idle > 0 ? await idleCost(context, page, opts.idle) : null;

  const cdp = opts.trace || opts.profile ? await context.newCDPSession(page) : null;
  const traceEvents = [];
  if (opts.trace) {
    cdp.on('Tracing.dataCollected', (e) => traceEvents.push(...e.value));
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'blink.user_timing', '__metadata'] },
    });
  }
  if (opts.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }

  // A small dir in the middle (expanded even when the big dirs are collapsed): half the tree is
  // below it and moves when it grows.
  const dir = `/bench/d${String(Math.floor(spec.dirs / 2)).padStart(3, '0')}w`;
  const samples = [];
  for (let i = 0; i < opts.samples; i++) {
    const n = Math.floor(i / 3);
    const path = `${dir}/m${n}`;
    const [line, expect, state] = [
      [`create ${path} v`, `Created ${path}`, 'present'],
      [`set ${path} w${n}`, null, 'changed'],
      [`delete ${path}`, null, 'ghost'],
    ][i % 3];
    const r = await page.evaluate(([l, p, e, s]) => window.__zk.measure(l, p, e, s), [line, path, expect, state]);
    samples.push({ cmd: line.split(' ')[0], ...r });
    await page.waitForTimeout(opts.gap);
  }

  let breakdown = null;
  let heaviest = null;
  if (opts.profile) {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(join(dirname(opts.out), `ui_update-${name}.cpuprofile`), JSON.stringify(profile));
    heaviest = profileSummary(profile);
  }
  if (opts.trace) {
    const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
    await cdp.send('Tracing.end');
    await done;
    breakdown = traceBreakdown(traceEvents);
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(join(dirname(opts.out), `ui_update-${name}.trace.json`), JSON.stringify(traceEvents));
  }
  const after = await page.evaluate(() => window.__zk.stats());
  await context.close();
  const byCmd = {};
  for (const c of ['create', 'set', 'delete']) byCmd[c] = summary(samples.filter((s) => s.cmd === c));
  return { scenario: name, ...spec, fillMs, stats, idle, after, all: summary(samples), byCmd, samples, breakdown, heaviest, errors };
}

function fmt(x) {
  return Number.isFinite(x) ? x.toFixed(1).padStart(7) : '     - ';
}

async function main() {
  const opts = args();
  buildPage(opts.dist, opts.build);
  const { server, base } = await serveDist(opts.dist);
  const url = `${base}/`;
  const browser = await launchChromium();
  const results = [];
  try {
    for (const s of opts.scenarios) {
      process.stderr.write(`scenario ${s}…\n`);
      results.push(await runScenario(browser, url, s, opts));
    }
  } finally {
    await browser.close();
    server.close();
  }
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify({ date: new Date().toISOString(), dist: opts.dist, gapMs: opts.gap, results }, null, 2));

  console.log('\nscenario  znodes  drawn  cmd     | update med   p95 | dom med | frame med   p95');
  for (const r of results) {
    const rows = [['all', r.all], ...Object.entries(r.byCmd)];
    for (const [c, s] of rows) {
      console.log(`${r.scenario.padEnd(8)} ${String(r.stats.znodes).replace(' znodes', '').padStart(7)} ${String(r.stats.drawn).padStart(6)}  ${c.padEnd(7)} |${fmt(s.update.median)}${fmt(s.update.p95)} |${fmt(s.dom.median)} |${fmt(s.frame.median)}${fmt(s.frame.p95)}`);
    }
    if (r.idle) {
      const i = r.idle;
      console.log(`  idle (main-thread CPU ms per s): busy ${i.busyMsPerS.toFixed(0)}, script ${i.scriptMsPerS.toFixed(0)}, style+layout ${i.styleLayoutMsPerS.toFixed(0)}, paint ${i.paintMsPerS.toFixed(0)}, layerize ${i.layerizeMsPerS.toFixed(0)}; longest task ${i.longestTaskMs.toFixed(0)} ms; ${i.frames} frames`);
    }
    if (r.breakdown) {
      const parts = Object.entries(r.breakdown).sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => `${k} ${v.ms.toFixed(0)} ms`);
      console.log(`  main thread CPU over ${r.samples.length} commands (+ idle ticks): ${parts.join(', ')}`);
    }
    if (r.heaviest) {
      console.log('  heaviest functions (self ms):');
      for (const [f, ms] of r.heaviest.slice(0, 15)) console.log(`    ${ms.toFixed(1).padStart(8)}  ${f}`);
    }
    if (r.errors.length) console.log(`  page errors: ${r.errors.join(' | ')}`);
    console.log(`  fill ${(r.fillMs / 1000).toFixed(1)} s; DOM elements ${r.stats.elements}; console lines ${r.stats.consoleLines}; clients ${r.stats.tabs}`);
  }
  console.log(`\nwritten ${opts.out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
