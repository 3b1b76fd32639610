// End-to-end: the seed's distributed-lock tutorial typed into the real page (the release build
// served from dist/), driven by playwright-core with Debian's chromium. Run it with
// tests/e2e/run.sh, which builds and serves the page and sets E2E_URL; or by hand:
//   E2E_URL=http://127.0.0.1:8080/ node --test tests/e2e/*.test.mjs
// Each step checks the consoles and the znode tree and saves a screenshot in tests/e2e/artifacts/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { LOAD_TIMEOUT_MS, artifacts, launchChromium } from './support.mjs';

const URL = process.env.E2E_URL;

const STEP_TIMEOUT_MS = Number(process.env.E2E_STEP_TIMEOUT_MS || 10_000);

// The stat block B sees for A's /lock: the three createSession transactions take zxids 1-3,
// so A's create is the fourth.
const LOCK_CZXID = 'cZxid = 0x100000004';

let browser;
let context;
let page;
const pageErrors = [];
const consoleErrors = [];
// Set when a step fails: the later steps depend on it and are skipped instead of piling up.
let broken = null;

/** Polls `probe` until it returns a truthy value; fails with `explain()`'s message otherwise. */
async function until(probe, explain, timeout = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) {
      assert.fail(`${await explain()}\n(waited ${timeout} ms)`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pane showing `client`; brings it into the left pane by its tab if no pane shows it. */
async function paneOf(client) {
  const pane = page.locator(`section.pane:has(> .pane-header[data-client="${client}"])`);
  if ((await pane.count()) === 0) {
    const tab = page.locator(`section.pane`).first().locator(`.tab[data-client="${client}"] .tab-pick`);
    assert.equal(await tab.count(), 1, `no tab for client ${client} in the left pane`);
    await tab.click();
    await until(async () => (await pane.count()) === 1, () => `client ${client}'s console did not appear after clicking its tab`);
  }
  assert.equal(await pane.count(), 1, `expected exactly one pane showing client ${client}`);
  return pane;
}

async function linesOf(client) {
  return (await paneOf(client)).locator('.console-line').allTextContents();
}

function tail(lines, n = 25) {
  const shown = lines.slice(-n).map((l) => `    | ${l}`);
  return (lines.length > n ? [`    | … (${lines.length - n} earlier lines)`] : []).concat(shown).join('\n');
}

/** Types `line` into `client`'s console and presses Enter; returns the line count before. */
async function type(client, line) {
  const pane = await paneOf(client);
  const before = (await pane.locator('.console-line').count());
  const input = pane.locator('input.console-input');
  await input.click();
  await input.pressSequentially(line);
  assert.equal(await input.inputValue(), line, `${client}'s console input did not take the typed line`);
  await input.press('Enter');
  // The echo of the typed line is the first thing the console prints.
  await until(
    async () => (await linesOf(client)).slice(before).some((l) => l.includes(line)),
    async () => `${client}'s console did not echo the typed line ${JSON.stringify(line)}; its last lines:\n${tail(await linesOf(client))}`,
  );
  return before;
}

/** Waits until `client`'s console shows `text` as a whole line, among the lines after `from`. */
async function expectLine(client, text, from = 0) {
  await until(
    async () => (await linesOf(client)).slice(from).includes(text),
    async () => `${client}'s console should show the line ${JSON.stringify(text)}, but its last lines are:\n${tail(await linesOf(client))}`,
  );
}

/** The live (not fading-out) tree node for `path`. */
function znode(path) {
  return page.locator(`g.znode[data-path="${path}"]:not(.znode-deleted)`);
}

async function treePaths() {
  return page.locator('g.znode:not(.znode-deleted)').evaluateAll((gs) => gs.map((g) => g.dataset.path));
}

/** The client's colour as its tab declares it (`--client: …`). */
async function colorOf(client) {
  const style = await page.locator(`section.pane .tab[data-client="${client}"]`).first().getAttribute('style');
  const m = /--client:\s*([^;]+)/.exec(style || '');
  assert.ok(m, `client ${client}'s tab has no --client colour (style=${JSON.stringify(style)})`);
  return m[1].trim();
}

/** Checks that /lock is drawn as an ephemeral znode owned by `client`, in its colour. */
async function expectLockOwnedBy(client) {
  const node = znode('/lock');
  await until(
    async () => (await node.count()) === 1,
    async () => `the tree should show /lock; it shows ${JSON.stringify(await treePaths())}`,
  );
  const cls = await node.getAttribute('class');
  assert.match(cls, /\bznode-ephemeral\b/, `/lock should be drawn as ephemeral; its classes are "${cls}"`);
  const title = await node.locator(':scope > title').textContent();
  assert.match(title, new RegExp(`owned by ${client}\\b`), `/lock's tooltip should name its owner ${client}; it is ${JSON.stringify(title)}`);
  const stroke = await node.locator('rect.znode-pill').getAttribute('style');
  const color = await colorOf(client);
  assert.ok(
    (stroke || '').replace(/\s/g, '').includes(`stroke:${color}`.replace(/\s/g, '')),
    `/lock's outline should be ${client}'s colour ${color}; its pill style is ${JSON.stringify(stroke)}`,
  );
}

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `lock-${name}.png`), animations: 'disabled' });
}

/** One step of the walkthrough: skipped after an earlier failure, screenshot either way. */
function step(name, body) {
  test(name, async (t) => {
    if (broken) {
      t.skip(`an earlier step failed: ${broken}`);
      return;
    }
    try {
      await body();
      await shot(name);
    } catch (e) {
      broken = name;
      if (page) await shot(`${name}.FAILED`).catch(() => {});
      throw e;
    }
  });
}

describe('the distributed-lock walkthrough, typed into the page', () => {
  before(async () => {
    assert.ok(URL, 'E2E_URL is not set: run tests/e2e/run.sh (it builds and serves dist/), or set E2E_URL to the served page');
    mkdirSync(artifacts, { recursive: true });
    // This file's screenshots from an earlier run (other test files keep theirs).
    for (const f of readdirSync(artifacts)) if (f.startsWith('lock-') && f.endsWith('.png')) rmSync(path.join(artifacts, f));
    browser = await launchChromium();
    // A new context: empty localStorage, so the page starts a fresh playground.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.stack || String(e)));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
  });

  step('01-page-loads-fresh', async () => {
    const response = await page.goto(URL, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    assert.ok(response && response.ok(), `loading ${URL} failed: HTTP ${response && response.status()}`);
    await page.locator('.app[data-ready]').waitFor({ timeout: LOAD_TIMEOUT_MS });
    const tabs = await page.locator('section.pane').first().locator('.tab').evaluateAll((ts) => ts.map((t) => t.dataset.client));
    assert.deepEqual(tabs, ['A', 'B', 'C'], 'a fresh page opens with the clients A, B and C');
    assert.equal(await page.locator('section.pane').count(), 2, 'a fresh page shows two console panes');
    for (const client of ['A', 'B']) {
      await expectLine(client, 'WatchedEvent state:SyncConnected type:None path:null');
    }
    await until(async () => (await znode('/zookeeper').count()) === 1, async () => `the tree should show /zookeeper; it shows ${JSON.stringify(await treePaths())}`);
    assert.equal(await znode('/lock').count(), 0, 'a fresh playground has no /lock (was localStorage not empty?)');
  });

  step('02-A-creates-lock', async () => {
    const from = await type('A', 'create -e /lock "lock"');
    await expectLine('A', 'Created /lock', from);
    await expectLockOwnedBy('A');
  });

  step('03-B-create-fails', async () => {
    const from = await type('B', 'create -e /lock "lock"');
    await expectLine('B', 'Node already exists: /lock', from);
    await expectLockOwnedBy('A');
  });

  step('04-B-watches-lock', async () => {
    const from = await type('B', 'stat -w /lock');
    await expectLine('B', LOCK_CZXID, from);
    await expectLine('B', 'ephemeralOwner = ' + (await (await paneOf('A')).locator('code.session-id').textContent()).trim(), from);
    await expectLine('B', 'dataLength = 4', from);
    // The watch is drawn as B's badge on /lock.
    await until(
      async () => (await znode('/lock').locator('g.watch-badge').count()) >= 1,
      () => '/lock should carry a watch badge after B\'s stat -w',
    );
  });

  step('05-A-quits', async () => {
    const fromA = await type('A', 'quit');
    await expectLine('A', 'WatchedEvent state:Closed type:None path:null', fromA);
    await expectLine('B', 'WatchedEvent state:SyncConnected type:NodeDeleted path:/lock', 0);
    // Told once: the NodeDeleted line appears exactly once in B's console.
    const told = (await linesOf('B')).filter((l) => l === 'WatchedEvent state:SyncConnected type:NodeDeleted path:/lock');
    assert.equal(told.length, 1, `B should be told of the deletion once; its last lines:\n${tail(await linesOf('B'))}`);
    await until(
      async () => (await znode('/lock').count()) === 0,
      async () => `/lock should vanish from the tree when A quits; the tree shows ${JSON.stringify(await treePaths())}`,
    );
    // The fading ghost goes away too.
    await until(
      async () => (await page.locator('g.znode[data-path="/lock"]').count()) === 0,
      () => 'the deleted /lock should fade out of the tree',
    );
    const badge = (await (await paneOf('A')).locator('.state-badge').textContent()).trim();
    assert.equal(badge, 'CLOSED', `A's session header should say CLOSED after quit`);
  });

  step('06-B-takes-lock', async () => {
    const from = await type('B', 'create -e /lock "lock"');
    await expectLine('B', 'Created /lock', from);
    await expectLockOwnedBy('B');
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, [], `the page threw:\n${pageErrors.join('\n')}\nconsole errors:\n${consoleErrors.join('\n')}`);
  });
  test('no panic banner', async (t) => {
    if (!page) return t.skip('the page did not open');
    const banner = page.locator('#zkplay-panic');
    if ((await banner.count()) > 0) assert.fail(`the page shows its panic banner: ${await banner.first().textContent()}`);
  });
});
