// Benchmark (cargo xtask bench): fills a book with CONTACTS generated contacts, then in
// headless Chromium measures page load → first rows shown, and keystroke → results shown.
// Prints figures; does not pass or fail on them (timings vary by machine).
import { BASE_URL, launch, freshPage } from './harness.mjs';

const N = Number(process.env.CONTACTS ?? 50000);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = xs => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const fmt = ms => `${ms.toFixed(1)} ms`;

const browser = await launch();
const page = await freshPage(browser);
if (process.env.VERBOSE) page.on('console', m => m.type() === 'debug' && console.log('   ', m.text()));

let t = Date.now();
await page.goto(`${BASE_URL}#/dev/generate?n=${N}`);
await page.locator('[data-done="true"]').waitFor({ timeout: 600_000 });
console.log(`generate + store ${N} contacts: ${((Date.now() - t) / 1000).toFixed(1)} s (${await page.locator('[data-done]').innerText()})`);

const firstRows = [];
for (let i = 0; i < 5; i++) {
  await page.goto('about:blank');
  await page.goto(`${BASE_URL}#/contacts`);
  await page.waitForFunction(() => performance.getEntriesByName('bakkal:first-rows').length > 0, null, { timeout: 120_000 });
  firstRows.push(await page.evaluate(() => performance.getEntriesByName('bakkal:first-rows')[0].startTime));
  // Let the whole book load before leaving: a read still running would delay the next open.
  await page.waitForFunction(() => performance.getEntriesByName('bakkal:book-built').length > 0, null, { timeout: 120_000 });
}
const wholeBook = await page.evaluate(() => performance.getEntriesByName('bakkal:book-built')[0].startTime);
const phases = await page.evaluate(() => ['db-open', 'records-read', 'records-parsed', 'book-built', 'first-rows']
  .map(n => `${n} ${performance.getEntriesByName('bakkal:' + n)[0]?.startTime.toFixed(0)} ms`).join(', '));
console.log(`  phases of the last load: ${phases}`);
console.log(`  whole book in memory (search ready) after ${wholeBook.toFixed(0)} ms`);
console.log(`page load → first rows shown (${N} contacts): median ${fmt(median(firstRows))}, runs ${firstRows.map(x => x.toFixed(0)).join(', ')} ms`);

// Each keystroke: set the field as typing would, then wait for the list to change.
const perKey = await page.evaluate(async () => {
  const input = document.querySelector('input[type=search]');
  const status = document.querySelector('p.count');
  const times = [];
  for (const word of ['ayşe', 'istanbul', 'mehmet kaya', 'gmail', 'zzz', 'ış']) {
    for (let i = 1; i <= word.length; i++) {
      const before = status.textContent;
      // The app's reactive updates run in microtasks: the next task starts after all of
      // them, i.e. when the results are on screen.
      const changed = new Promise(resolve => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve();
        ch.port2.postMessage(null);
      });
      const t0 = performance.now();
      input.value = word.slice(0, i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed;
      const dt = performance.now() - t0;
      if (status.textContent !== before) times.push(dt);
      const s0 = performance.getEntriesByName('bakkal:search-start').at(-1)?.startTime;
      const s1 = performance.getEntriesByName('bakkal:search-end').at(-1)?.startTime;
      console.debug(`${word.slice(0, i)}: ${dt.toFixed(1)} ms (search ${(s1 - s0).toFixed(1)} ms)`);
      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise(r => setTimeout(r, 200));
  }
  return times;
});
console.log(`keystroke → results shown (${N} contacts, ${perKey.length} keystrokes): median ${fmt(median(perKey))}, p95 ${fmt(p95(perKey))}, max ${fmt(Math.max(...perKey))}`);
await browser.close();
