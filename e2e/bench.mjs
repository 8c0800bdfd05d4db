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
}
console.log(`page load → first rows shown (${N} contacts): median ${fmt(median(firstRows))}, runs ${firstRows.map(x => x.toFixed(0)).join(', ')} ms`);

// Each keystroke: set the field as typing would, then wait for the list to change.
const perKey = await page.evaluate(async () => {
  const input = document.querySelector('input[type=search]');
  const status = document.querySelector('p.count');
  const times = [];
  for (const word of ['ayşe', 'istanbul', 'mehmet kaya', 'gmail', 'zzz', 'ış']) {
    for (let i = 1; i <= word.length; i++) {
      const before = status.textContent;
      const changed = new Promise(resolve => {
        const obs = new MutationObserver(() => { obs.disconnect(); resolve(); });
        obs.observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true });
        setTimeout(() => { obs.disconnect(); resolve(); }, 2000);
      });
      const t0 = performance.now();
      input.value = word.slice(0, i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed;
      const dt = performance.now() - t0;
      if (status.textContent !== before) times.push(dt);
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
