// Takes the README's screenshot (docs/screenshot.png): a fresh page at 1280×800 after a few
// representative commands — A holds /lock, B watches it, a small workers/tasks tree. Not a test
// (node --test only picks up *.test.mjs). Serve a built page first, then:
//   node tests/e2e/screenshot.mjs http://127.0.0.1:PORT/ /tmp/shot.png
// then shrink it to a 128-colour PNG (apt-get install imagemagick):
//   convert /tmp/shot.png -dither None -colors 128 -define png:compression-level=9 PNG8:docs/screenshot.png

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [url, out] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node tests/e2e/screenshot.mjs URL OUT.png');
  process.exit(2);
}
const { chromium } = createRequire(path.join(root, '.tools', 'package.json'))('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.locator('input.console-input').first().waitFor();

  const pane = (client) => page.locator(`section.pane:has(> .pane-header[data-client="${client}"])`);
  async function type(client, line) {
    const input = pane(client).locator('input.console-input');
    const before = await pane(client).locator('.console-line').count();
    await input.click();
    await input.pressSequentially(line);
    await input.press('Enter');
    await page.waitForFunction(
      ([c, n]) => document.querySelectorAll(`section.pane:has(> .pane-header[data-client="${c}"]) .console-line`).length > n,
      [client, before],
    );
  }

  for (const line of ['create /workers ""', 'create /tasks ""', 'create -e /workers/worker-A "idle"',
    'create -s /tasks/task- "resize img-17"', 'create -s /tasks/task- "resize img-18"', 'create -e /lock "lock"']) {
    await type('A', line);
  }
  for (const line of ['create -e /workers/worker-B "idle"', 'create -e /lock "lock"', 'stat -w /lock', 'ls -w /tasks']) {
    await type('B', line);
  }
  await page.locator('g.znode[data-path="/lock"]').click();
  await page.waitForTimeout(1200); // let the tree's grow-in animations and pulses finish
  await page.mouse.move(0, 799);
  await page.screenshot({ path: out, animations: 'disabled' });
  if (errors.length) throw new Error(`the page threw: ${errors.join('\n')}`);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
