// A tiny test harness over playwright-core and Debian's Chromium: sequential tests, each
// in a fresh browser context (its own IndexedDB), a screenshot after every test.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/// A page in a fresh context that fails the test on any page error, dialog or CSP report.
/// `locale` sets the browser's preferred language (the app's default language follows it).
/// `phone` makes it a touch screen with a phone's viewport rules (`isMobile`).
export async function freshPage(browser, { viewport = { width: 1200, height: 900 }, locale = 'en-US', phone = false } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale, hasTouch: phone, isMobile: phone });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push(`page error: ${e.message}`));
  page.on('dialog', d => { page.problems.push(`dialog opened: ${d.message()}`); d.dismiss(); });
  page.on('console', m => {
    if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`);
  });
  return page;
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

export function assertEq(actual, expected, message) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export async function runAll(tests, browser) {
  let passed = 0, failed = 0;
  // ONLY=text runs just the tests whose names contain it (while working on one).
  const only = process.env.ONLY;
  for (const [name, fn] of tests.filter(([name]) => !only || name.includes(only))) {
    const started = Date.now();
    const page = await freshPage(browser);
    try {
      await fn(page, browser);
      if (page.problems.length) throw new Error(page.problems.join('\n'));
      passed++;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split('\n').join('\n     ')}`);
    } finally {
      const file = `${SHOTS}${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
      await page.screenshot({ path: file, fullPage: false }).catch(() => {});
      await page.context().close();
    }
  }
  console.log(`e2e result: ${failed ? 'FAILED' : 'ok'}. ${passed} passed; ${failed} failed; screenshots in e2e/screenshots/`);
  return failed;
}
