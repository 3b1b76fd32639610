// What the end-to-end tests share: where things are, playwright-core from .tools/ (installed by
// scripts/setup.sh) and Debian's chromium launched headless. Not a test itself (node --test runs
// tests/e2e/*.test.mjs).

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const artifacts = path.join(here, 'artifacts');
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const LOAD_TIMEOUT_MS = 30_000;

export function loadPlaywright() {
  const require = createRequire(path.join(root, '.tools', 'package.json'));
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core is not installed in ${root}/.tools/node_modules: run scripts/setup.sh (${e.message})`);
  }
}

/** Headless chromium as the tests run it (no sandbox: CI containers run as root). */
export function launchChromium() {
  return loadPlaywright().chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
