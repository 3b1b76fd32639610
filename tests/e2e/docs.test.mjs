// End-to-end: the docs pages (www/docs/, built into dist/docs/ by trunk) and embed.html, served
// from a release build, driven by playwright-core with Debian's chromium. Every docs page carries
// a live tutorial (an iframe on embed.html with autoplay, or zkplay.mount on election.html): it
// must show its step text and, with autoplay, move past step 1 by itself; `?lang=zh` must run it
// in Chinese. Run with tests/e2e/run.sh (which builds, serves and sets E2E_URL), or by hand:
//   E2E_URL=http://127.0.0.1:8080/ node --test tests/e2e/docs.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { LOAD_TIMEOUT_MS, artifacts, launchChromium } from './support.mjs';

const BASE = process.env.E2E_URL;

// Autoplay waits ~1 s, types step 1 (a line or three), then pauses 1.5 s between steps.
const ADVANCE_TIMEOUT_MS = Number(process.env.E2E_ADVANCE_TIMEOUT_MS || 20_000);
const CJK = /[\u4e00-\u9fff]/;

const TUTORIALS = ['lock', 'failover', 'workers', 'herd', 'election'];

let browser;
const pageErrors = [];

async function until(probe, explain, timeout) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe().catch((e) => ({ error: e.message }));
    if (last && !last.error) return last;
    if (Date.now() > deadline) throw new Error(`${explain()} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A fresh page (its own storage) with errors collected. */
async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
  await page.goto(new URL(url, BASE).href, { timeout: LOAD_TIMEOUT_MS });
  return page;
}

/** The embedded view's state in `frame` (a page or an iframe's frame). */
function embedState(frame) {
  return frame.evaluate(() => {
    const e = document.querySelector('.zk-embed[data-tutorial]');
    if (!e) return null;
    return {
      tutorial: e.dataset.tutorial,
      step: Number(e.dataset.step),
      done: e.dataset.done === 'true',
      lang: e.getAttribute('lang'),
      title: e.querySelector('.tut-title')?.textContent ?? '',
      objective: e.querySelector('.tut-objective')?.textContent ?? '',
    };
  });
}

/** The frame of the docs page's live tutorial: the iframe's, or the page itself (mount). */
async function liveFrame(page) {
  return until(
    async () => {
      const handle = await page.$('.docs-live iframe');
      if (!handle) return (await page.$('.docs-live .zk-embed')) ? page.mainFrame() : null;
      return handle.contentFrame();
    },
    () => 'no live tutorial on the page',
    LOAD_TIMEOUT_MS,
  );
}

async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `docs-${name}.png`) }).catch(() => {});
}

describe('docs pages with live tutorials', { skip: !BASE && 'E2E_URL is not set (tests/e2e/run.sh sets it)' }, () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  test('the docs index lists a page per tutorial, and the main page links to it', async () => {
    const page = await open('docs/index.html');
    const links = await page.$$eval('.docs-cards a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, TUTORIALS.map((t) => `${t}.html`));
    for (const href of links) {
      const response = await page.request.get(new URL(`docs/${href}`, BASE).href);
      assert.equal(response.status(), 200, `docs/${href}`);
    }
    await page.context().close();

    const main = await open('');
    const docs = await until(
      () => main.$eval('a.docs-link', (a) => a.getAttribute('href')),
      () => 'the playground has no link to the docs (a.docs-link)',
      LOAD_TIMEOUT_MS,
    );
    assert.match(docs, /^docs\/(index\.html)?/);
    await main.context().close();
  });

  for (const id of TUTORIALS) {
    test(`docs/${id}.html: the live tutorial shows its step and autoplays`, async () => {
      const page = await open(`docs/${id}.html`);
      assert.ok((await page.$$eval('.docs-main p', (ps) => ps.length)) >= 3, 'the page explains the pattern in prose');
      const frame = await liveFrame(page);
      const first = await until(
        async () => {
          const s = await embedState(frame);
          return s && s.tutorial === id && s.objective.trim() ? s : null;
        },
        () => `the ${id} tutorial did not show its first step`,
        LOAD_TIMEOUT_MS,
      );
      assert.equal(first.lang, 'en');
      assert.ok(first.step >= 1);
      const later = await until(
        async () => {
          const s = await embedState(frame);
          return s && s.step > first.step ? s : null;
        },
        () => `autoplay did not move the ${id} tutorial past step ${first.step} in ${ADVANCE_TIMEOUT_MS} ms`,
        ADVANCE_TIMEOUT_MS,
      );
      assert.notEqual(later.objective, first.objective, 'the step text changed');
      if (id === 'election') {
        assert.equal(await page.$('.docs-live iframe'), null, 'election.html uses zkplay.mount, not an iframe');
      }
      await shot(page, id);
      await page.context().close();
    });
  }

  test('?lang=zh runs the embedded tutorial in Chinese', async () => {
    for (const url of ['docs/lock.html?lang=zh', 'docs/election.html?lang=zh', 'embed.html?tutorial=herd&lang=zh',
      'embed.html#tutorial=failover&lang=zh']) {
      const page = await open(url);
      const frame = url.startsWith('docs/') ? await liveFrame(page) : page.mainFrame();
      const state = await until(
        async () => {
          const s = await embedState(frame);
          return s && s.lang === 'zh' && CJK.test(s.objective) && CJK.test(s.title) ? s : null;
        },
        () => `${url} did not show Chinese step text`,
        LOAD_TIMEOUT_MS,
      );
      assert.ok(CJK.test(state.objective));
      await shot(page, `zh-${url.replace(/\W+/g, '-')}`);
      await page.context().close();
    }
  });

  test('embed.html without autoplay waits on step 1; a bad tutorial is explained', async () => {
    const page = await open('embed.html?tutorial=lock&lang=en');
    const first = await until(async () => embedState(page), () => 'no embed', LOAD_TIMEOUT_MS);
    assert.equal(first.step, 1);
    await page.waitForTimeout(3_000);
    assert.equal((await embedState(page)).step, 1, 'no autoplay without autoplay=1');
    // Show me plays one step.
    await page.click('.tut-show');
    await until(async () => ((await embedState(page)).step === 2 ? true : null), () => 'show me did not do step 1', 10_000);
    await page.context().close();

    const bad = await open('embed.html?tutorial=nope');
    const text = await until(
      () => bad.$eval('.zk-embed-error', (e) => e.textContent),
      () => 'no error for an unknown tutorial',
      LOAD_TIMEOUT_MS,
    );
    assert.match(text, /unknown tutorial "nope"; expected one of lock, failover, workers, herd, election/);
    await bad.context().close();
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
