// End-to-end: the seed's three tutorials (lock, failover, workers) completed in the real page by
// TYPING the seed's commands into the acting clients' consoles (never "Show me"), plus the
// crash and "Skip to expiry" buttons where the lock tutorial asks for them. After every step the
// panel's step counter must move on (at the end: the completion banner), and back in the sandbox
// the tutorial list must mark the tutorial done. A last test switches the panel to 中文.
// Each tutorial runs in a fresh browser context (empty localStorage) and leaves a screenshot in
// tests/e2e/artifacts/tutorial-<id>-done.png (tutorial-<id>-FAILED.png when it fails).
// Run with tests/e2e/run.sh (builds, serves, sets E2E_URL), or by hand:
//   E2E_URL=http://127.0.0.1:8080/ node --test tests/e2e/tutorials.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { LOAD_TIMEOUT_MS, artifacts, launchChromium } from './support.mjs';

const URL = process.env.E2E_URL;

const STEP_TIMEOUT_MS = Number(process.env.E2E_STEP_TIMEOUT_MS || 10_000);

// The seed tutorials as a learner types them: one entry per tutorial step, each a list of acts.
// An act is [client, line] (typed into that client's console), ['crash', client] (its Crash
// button) or ['skip-to-expiry'] (the clock's button). `after` acts follow the last step.
const TUTORIALS = [
  {
    id: 'lock',
    title: 'Distributed lock',
    steps: [
      [['A', 'create -e /lock "lock"']],
      [['B', 'create -e /lock "lock"']],
      // The seed's 3.4 form: legacy syntax must pass the step too.
      [['B', 'stat /lock true']],
      [['A', 'quit']],
      [['B', 'create -e /lock "lock"']],
      [['C', 'create -e /lock "lock"'], ['C', 'stat -w /lock']],
      [['crash', 'B']],
      [['skip-to-expiry']],
      [['C', 'create -e /lock "lock"']],
    ],
  },
  {
    id: 'failover',
    title: 'Master failover',
    steps: [
      [['master1', 'create -e /master "master1.example.com:2223"']],
      [['master2', 'create -e /master "master2.example.com:2223"']],
      [['master2', 'stat /master true']],
      [['master1', 'quit']],
      [['master2', 'create -e /master "master2.example.com:2223"']],
    ],
  },
  {
    id: 'workers',
    title: 'Workers, tasks and assignment',
    steps: [
      [['master', 'create /workers ""'], ['master', 'create /tasks ""'], ['master', 'create /assign ""']],
      [['master', 'ls /workers true'], ['master', 'ls /tasks true']],
      [['worker', 'create -e /workers/worker1.example.com "worker1.example.com:2224"']],
      [['worker', 'create /assign/worker1.example.com ""'], ['worker', 'ls /assign/worker1.example.com true']],
      [['client', 'create -s /tasks/task- "cmd"']],
      [['client', 'ls /tasks/task-0000000000 true']],
      [['master', 'ls /tasks'], ['master', 'ls /workers'], ['master', 'create /assign/worker1.example.com/task-0000000000 ""']],
      [['worker', 'ls /assign/worker1.example.com'], ['worker', 'create /tasks/task-0000000000/status "done"']],
    ],
    // The seed's last command: the client reads its task after the tutorial is complete.
    after: [{ act: ['client', 'get /tasks/task-0000000000'], expect: 'cmd' }],
  },
];

let browser;

/** Polls `probe` until it returns a truthy value; fails with `explain()`'s message otherwise. */
async function until(probe, explain, timeout = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const last = await probe();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`${await explain()}\n(waited ${timeout} ms)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function indent(text, n = 40) {
  const lines = String(text).split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const shown = lines.slice(-n).map((l) => `    | ${l}`);
  return (lines.length > n ? [`    | … (${lines.length - n} earlier lines)`] : []).concat(shown).join('\n');
}

/** A page in a fresh context (empty localStorage): a fresh playground, the tutorial list open. */
async function openFresh() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.stack || String(e)));
  const response = await page.goto(URL, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
  assert.ok(response && response.ok(), `loading ${URL} failed: HTTP ${response && response.status()}`);
  await page.locator('.app[data-ready]').waitFor({ timeout: LOAD_TIMEOUT_MS });
  return { context, page, errors };
}

/** Everything a failure report needs: the panel's text, the panes' last console lines. */
async function report(page) {
  const panel = await page.locator('.guide-panel').innerText().catch((e) => `(no panel: ${e.message})`);
  const parts = [`  the tutorial panel says:\n${indent(panel, 30)}`];
  const panes = page.locator('section.pane');
  for (let i = 0; i < (await panes.count().catch(() => 0)); i++) {
    const pane = panes.nth(i);
    const client = await pane.locator('.pane-header').getAttribute('data-client').catch(() => null);
    const lines = await pane.locator('.console-line').allTextContents().catch(() => []);
    parts.push(`  pane ${i + 1} (client ${client ?? 'none'}), last console lines:\n${indent(lines.join('\n'), 15)}`);
  }
  const banner = page.locator('#zkplay-panic');
  if ((await banner.count().catch(() => 0)) > 0) parts.push(`  PANIC BANNER: ${await banner.first().textContent()}`);
  return parts.join('\n');
}

/** Opens the tutorial list (the Tutorials button) if it is not shown. */
async function showList(page) {
  const list = page.locator('.guide-panel .tut-list-view');
  if ((await list.count()) === 0) {
    await page.locator('button.mode-guide').click();
  }
  await list.waitFor({ timeout: STEP_TIMEOUT_MS });
  return list;
}

async function stepLabel(page) {
  const label = page.locator('.tut-run-view .tut-step-label');
  return (await label.count()) ? (await label.textContent()).trim() : null;
}

/** The pane showing `client`; switches the left pane to it by its tab if no pane shows it. */
async function paneOf(page, client) {
  const pane = page.locator(`section.pane:has(> .pane-header[data-client="${client}"])`);
  if ((await pane.count()) === 0) {
    const tab = page.locator('section.pane').first().locator(`.tabs .tab[data-client="${client}"] .tab-pick`);
    assert.equal(await tab.count(), 1, `no tab for client ${client} in the left pane`);
    await tab.click();
    await until(async () => (await pane.count()) === 1, () => `client ${client}'s console did not appear after clicking its tab`);
  }
  assert.equal(await pane.count(), 1, `expected exactly one pane showing client ${client}`);
  return pane;
}

/** `client`'s console lines (brought back into a pane by its tab if the page switched away). */
async function linesOf(page, client) {
  return (await paneOf(page, client)).locator('.console-line').allTextContents();
}

/**
 * Types `line` into `client`'s console, presses Enter and waits for the echo; returns the number
 * of console lines before. (A step that passes makes the page show the next step's client, so
 * the echo is looked up in `client`'s console wherever it is, not in the pane typed into.)
 */
async function typeInto(page, client, line) {
  const pane = await paneOf(page, client);
  const before = await pane.locator('.console-line').count();
  const input = pane.locator('input.console-input');
  await input.click();
  await input.pressSequentially(line);
  assert.equal(await input.inputValue(), line, `${client}'s console input did not take the typed line`);
  await input.press('Enter');
  await until(
    async () => (await linesOf(page, client)).slice(before).some((l) => l.includes(line)),
    async () => `${client}'s console did not echo ${JSON.stringify(line)}; its last lines:\n${indent((await linesOf(page, client)).join('\n'), 15)}`,
  );
  return before;
}

async function act(page, a) {
  if (a[0] === 'crash') {
    const pane = await paneOf(page, a[1]);
    const crash = pane.locator('.session-actions button.danger');
    assert.equal((await crash.textContent()).trim(), 'Crash', `${a[1]}'s Crash button`);
    await crash.click();
    await until(async () => (await pane.locator('.state-badge').count()) > 0
      && !(await pane.locator('.session-actions button.danger').isEnabled()),
    () => `${a[1]}'s Crash button should be disabled after the crash`);
  } else if (a[0] === 'skip-to-expiry') {
    const skip = page.locator('.clock button', { hasText: 'Skip to expiry' });
    assert.equal(await skip.count(), 1, 'the clock has one "Skip to expiry" button');
    await until(() => skip.isEnabled(), () => '"Skip to expiry" should be enabled while a crashed session is pending');
    await skip.click();
  } else {
    await typeInto(page, a[0], a[1]);
  }
}

function describeAct(a) {
  if (a[0] === 'crash') return `crash ${a[1]} (its Crash button)`;
  if (a[0] === 'skip-to-expiry') return 'click "Skip to expiry"';
  return `${a[0]}> ${a[1]}`;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `tutorial-${name}.png`), animations: 'disabled' });
}

/** Completes `tut` by typing its commands; any failure names the tutorial, step and act. */
async function complete(page, tut) {
  const n = tut.steps.length;
  const list = await showList(page);
  const item = list.locator(`li.tut-item[data-tutorial="${tut.id}"]`);
  assert.equal(await item.count(), 1, `the tutorial list has no item for ${tut.id}`);
  assert.doesNotMatch(await item.getAttribute('class'), /\bdone\b/, `a fresh page must not mark ${tut.id} done`);
  await item.locator('button.tut-item-btn').click();
  await page.locator(`.tut-run-view[data-tutorial="${tut.id}"]`).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal((await page.locator('.tut-run-view .tut-title').textContent()).trim(), tut.title);

  let where = 'starting';
  try {
    for (let i = 0; i < n; i++) {
      where = `step ${i + 1} of ${n}`;
      await until(async () => (await stepLabel(page)) === `Step ${i + 1} of ${n}`,
        async () => `the panel should show "Step ${i + 1} of ${n}", it shows ${JSON.stringify(await stepLabel(page))}`);
      const objective = (await page.locator('.tut-run-view .tut-objective').textContent()).trim();
      where = `step ${i + 1} of ${n} ("${objective}")`;
      const acts = tut.steps[i];
      for (let j = 0; j < acts.length; j++) {
        where = `step ${i + 1} of ${n} ("${objective}"), act ${j + 1}/${acts.length}: ${describeAct(acts[j])}`;
        await act(page, acts[j]);
        if (j < acts.length - 1) {
          // Not done yet: the step's goal needs the rest of its commands.
          assert.equal(await stepLabel(page), `Step ${i + 1} of ${n}`, 'the step advanced before all its commands were typed');
        }
      }
      where = `step ${i + 1} of ${n} ("${objective}"), after its last act ${describeAct(acts[acts.length - 1])}`;
      if (i < n - 1) {
        await until(async () => (await stepLabel(page)) === `Step ${i + 2} of ${n}`,
          async () => `the step counter should move on to "Step ${i + 2} of ${n}", it shows ${JSON.stringify(await stepLabel(page))}`);
      }
    }
    where = 'the completion banner';
    const banner = page.locator('.tut-run-view .tut-complete.celebrate');
    await until(async () => (await banner.count()) === 1,
      async () => `after the last step the panel should show the completion banner (step label: ${JSON.stringify(await stepLabel(page))})`);
    assert.equal((await banner.locator('.tut-complete-title').textContent()).trim(), 'Tutorial complete!');
    assert.match(await banner.textContent(), new RegExp(`You completed “${tut.title}”`));

    for (const { act: a, expect } of tut.after ?? []) {
      where = `after completion: ${describeAct(a)}`;
      const before = await typeInto(page, a[0], a[1]);
      await until(async () => (await linesOf(page, a[0])).slice(before).includes(expect),
        () => `${a[0]}'s console should show the line ${JSON.stringify(expect)}`);
      assert.equal(await banner.count(), 1, 'the completion banner should stay after a later command');
    }
    await shot(page, `${tut.id}-done`);

    where = 'back in the sandbox: the tutorial list';
    await banner.locator('button.primary').click(); // Back to sandbox
    const back = await showList(page);
    const done = back.locator(`li.tut-item[data-tutorial="${tut.id}"]`);
    await until(async () => /\bdone\b/.test(await done.getAttribute('class')),
      async () => `the list should mark ${tut.id} done; its item's class is ${JSON.stringify(await done.getAttribute('class'))}`);
    assert.equal((await done.locator('.tut-check').textContent()).trim(), '✓');
    assert.equal((await done.locator('.tut-done-badge').textContent()).trim(), 'done');
    // Only this one: every other tutorial is still open.
    const doneIds = await back.locator('li.tut-item.done').evaluateAll((ls) => ls.map((l) => l.dataset.tutorial));
    assert.deepEqual(doneIds, [tut.id], 'exactly this tutorial is marked done');
  } catch (e) {
    await shot(page, `${tut.id}-FAILED`).catch(() => {});
    const detail = await report(page).catch((r) => `  (could not read the page: ${r.message})`);
    throw new Error(`tutorial ${tut.id}, ${where}:\n${e.message}\n${detail}`, { cause: e });
  }
}

describe('the seed tutorials, typed into the page', () => {
  before(async () => {
    assert.ok(URL, 'E2E_URL is not set: run tests/e2e/run.sh (it builds and serves dist/), or set E2E_URL to the served page');
    mkdirSync(artifacts, { recursive: true });
    for (const f of readdirSync(artifacts)) if (f.startsWith('tutorial-') && f.endsWith('.png')) rmSync(path.join(artifacts, f));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => {});
  });

  for (const tut of TUTORIALS) {
    test(`${tut.id}: completed by typing the seed's commands`, async () => {
      const { context, page, errors } = await openFresh();
      try {
        await complete(page, tut);
        assert.deepEqual(errors, [], `the page threw during ${tut.id}:\n${errors.join('\n')}`);
      } finally {
        await context.close().catch(() => {});
      }
    });
  }

  test('中文: the panel switches language', async () => {
    const { context, page, errors } = await openFresh();
    try {
      const list = await showList(page);
      assert.equal((await list.locator('.tut-heading').textContent()).trim(), 'Tutorials');
      await list.locator('li.tut-item[data-tutorial="lock"] button.tut-item-btn').click();
      const run = page.locator('.tut-run-view[data-tutorial="lock"]');
      await run.waitFor({ timeout: STEP_TIMEOUT_MS });
      const panelText = () => run.innerText();
      const read = async () => ({
        lang: await run.getAttribute('lang'),
        title: (await run.locator('.tut-title').textContent()).trim(),
        step: (await run.locator('.tut-step-label').textContent()).trim(),
        objective: (await run.locator('.tut-objective').textContent()).trim(),
      });
      const en = await read();
      assert.deepEqual(en, { lang: 'en', title: 'Distributed lock', step: 'Step 1 of 9', objective: 'A takes the lock: create the ephemeral node /lock.' });
      const enText = await panelText();

      await run.locator('button.tut-lang-btn', { hasText: '中文' }).click();
      const zhWanted = { lang: 'zh', title: '分布式锁', step: '第 1 步，共 9 步', objective: 'A 获取锁：创建临时节点 /lock。' };
      await until(async () => JSON.stringify(await read()) === JSON.stringify(zhWanted),
        async () => `after 中文 the panel should read ${JSON.stringify(zhWanted)}; it reads ${JSON.stringify(await read())}\n${indent(await panelText(), 30)}`);
      const zhText = await panelText();
      assert.notEqual(zhText, enText, 'the panel text should change');
      assert.doesNotMatch(zhText, /\b(Hint|Show me|Skip|Restart|Back to sandbox)\b/, `no English button left in the 中文 panel:\n${indent(zhText)}`);
      assert.equal(await run.locator('button.tut-lang-btn', { hasText: '中文' }).getAttribute('aria-pressed'), 'true');
      // The whole page follows (the top bar's Tutorials/mode, the clock's skip button).
      assert.equal(await page.locator('.app').getAttribute('lang'), 'zh-CN');
      assert.equal(await page.locator('.clock button', { hasText: '跳到过期' }).count(), 1, 'the clock\'s skip button in Chinese');

      // Typing still drives the Chinese panel: A's create moves it to step 2, in Chinese.
      await typeInto(page, 'A', 'create -e /lock "lock"');
      await until(async () => (await read()).step === '第 2 步，共 9 步',
        async () => `the Chinese panel should move on to step 2; it reads ${JSON.stringify(await read())}`);
      assert.equal((await read()).objective, 'B 也尝试获取锁——但失败了。');
      await shot(page, 'zh');

      await run.locator('button.tut-lang-btn', { hasText: 'EN' }).click();
      await until(async () => (await read()).objective === 'B tries to take the lock too — and fails.',
        async () => `back to EN the objective should be English; it reads ${JSON.stringify(await read())}`);
      assert.equal((await read()).step, 'Step 2 of 9');
      assert.deepEqual(errors, [], `the page threw:\n${errors.join('\n')}`);
    } catch (e) {
      await shot(page, 'zh-FAILED').catch(() => {});
      throw new Error(`中文 switch:\n${e.message}\n${await report(page).catch(() => '')}`, { cause: e });
    } finally {
      await context.close().catch(() => {});
    }
  });
});
