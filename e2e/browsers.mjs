// The smoke subset of the end-to-end tests in the other engines: Firefox ESR (puppeteer-core
// over WebDriver BiDi), WebKitGTK (Safari's engine, over WebDriver), and Chromium beside them
// for comparison. One body for all (drivers.mjs gives them one interface): start, create a
// contact and reload, search with Turkish folding, import a backup, and the figures for
// docs/benchmarks.md (first rows, keystrokes) from the same generated book in each. In WebKit
// also the sample book, Insights, an exported backup, and Safari's warning: shown where
// storage is not persistent, not shown where it is.
//
// Env: BACKUP (a generated backup file), DIST, FIREFOX, CHROMIUM, WEBKIT_DRIVER_URL (each
// browser runs only when its variable is set).
import { readFileSync, mkdirSync } from 'node:fs';
import { serve } from './static.mjs';
import { puppeteerDriver, webdriverDriver } from './drivers.mjs';
import { keystrokeTimes, WORDS, median, p95 } from './keystrokes.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const DIST = process.env.DIST ?? new URL('../dist/', import.meta.url).pathname;
const backupText = readFileSync(process.env.BACKUP, 'utf8');
const backupContacts = JSON.parse(backupText).contacts.length;

/// Waits until `fn(...args)` in the page is truthy; says what it waited for if it never is.
async function until(d, what, fn, ...args) {
  const end = Date.now() + 60_000;
  for (;;) {
    const v = await d.eval(fn, ...args).catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`waited 60 s for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

const h1Is = (d, name) => until(d, `the page heading "${name}"`, n => document.querySelector('main h1')?.innerText.trim() === n, name);

/// Chooses `text` as the Backup page's file, the way a file picker does, and waits for it.
const chooseFile = (d, label, text, name) => d.eval((label, text, name) => {
  const input = [...document.querySelectorAll('input[type=file]')].find(i => i.labels?.[0]?.innerText.trim() === label);
  const files = new DataTransfer();
  files.items.add(new File([text], name, { type: 'application/json' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}, label, text, name);

async function nav(d, link) {
  await d.click(await d.find('link', link, { within: 'nav' }));
  await h1Is(d, link);
}

async function smoke(d, base, engine) {
  const figures = {};
  await d.goto(base + '#/contacts');
  await d.find('heading', 'Welcome to Bakkal');
  await d.screenshot(`${SHOTS}${engine}-1-welcome.png`);

  // Create, reload: still there.
  await d.click(await d.find('button', 'New contact'));
  await d.type(await d.find('textbox', 'Name'), 'Çağrı Öztürk');
  await d.type(await d.find('textbox', 'City'), 'İzmir');
  await d.click(await d.find('button', 'Save'));
  await h1Is(d, 'Çağrı Öztürk');
  await d.reload();
  await h1Is(d, 'Çağrı Öztürk');

  // Turkish folding: "cagri izmir" finds Çağrı Öztürk of İzmir.
  await nav(d, 'Contacts');
  await d.type(await d.find('searchbox', 'Search contacts'), 'CAGRI izmir');
  await until(d, 'one match for "CAGRI izmir"', () => /^1 of 1 contact/.test(document.querySelector('p.count')?.innerText ?? '')
    && document.querySelector('[aria-label=Contacts] .name')?.innerText === 'Çağrı Öztürk');
  await d.screenshot(`${SHOTS}${engine}-2-search.png`);

  // Import a backup (Merge) of the generated book.
  await nav(d, 'Backup');
  await chooseFile(d, 'Backup file', backupText, 'book.json');
  // The backup worker loads its module, then reads and checks the whole file: WebKit's
  // took over 20 s here once, so wait up to 60 s, and say what the page shows instead if
  // the preview never comes.
  const outcome = await until(d, 'the import preview or a refusal', () => {
    if (document.querySelector('[aria-label="Import preview"]')) return 'preview';
    const alert = document.querySelector('section.backup [role="alert"]');
    return alert ? `refused: ${alert.innerText}` : null;
  });
  if (outcome !== 'preview') throw new Error(`the import shows no preview: ${outcome}`);
  await d.click(await d.find('button', 'Merge', { within: '[aria-label="Import preview"]' }));
  await nav(d, 'Contacts');
  const total = backupContacts + 1;
  await until(d, `${total} contacts after the import`, n => (document.querySelector('p.count')?.innerText ?? '').startsWith(`${n.toLocaleString('en')} contacts`), total);

  // Figures: page load → first rows, over three loads; keystrokes over the same words as the benchmark.
  const firstRows = [];
  for (let i = 0; i < 3; i++) {
    await d.goto(base + '#/today');
    await h1Is(d, 'Today');
    await d.goto(base + '#/contacts');
    await d.reload();
    firstRows.push(await until(d, 'the first rows', () => performance.getEntriesByName('bakkal:first-rows')[0]?.startTime));
    await until(d, 'the whole book', () => performance.getEntriesByName('bakkal:book-built').length > 0);
  }
  figures.firstRows = median(firstRows);
  const keys = await d.eval(keystrokeTimes, WORDS);
  figures.keyMedian = median(keys);
  figures.keyP95 = p95(keys);
  await d.screenshot(`${SHOTS}${engine}-3-imported.png`);
  return figures;
}

/// WebKit only: Safari's warning where storage is not persistent; none where it is, with the
/// sample book, Insights and an exported backup.
async function safari(d, base, kept) {
  await d.goto(base + '#/today');
  await h1Is(d, 'Today');
  const warning = () => [...document.querySelectorAll('[role=status]')].some(s => s.querySelector('h2, h3')?.innerText.includes('Safari may erase this book'));
  if (!kept) {
    await until(d, 'the warning "Safari may erase this book"', warning);
    await d.find('link', 'Export backup now');
    await d.screenshot(`${SHOTS}webkit-4-warning.png`);
    return;
  }
  await nav(d, 'Contacts');
  await d.click(await d.find('button', 'Load sample data'));
  await until(d, 'the sample book', () => /^\d+ contacts/.test(document.querySelector('p.count')?.innerText ?? ''));
  await nav(d, 'Insights');
  await until(d, 'the pyramid', () => document.querySelectorAll('main svg polygon').length === 4);
  await d.screenshot(`${SHOTS}webkit-5-insights.png`);
  // Export: the test reads the file the app hands to its download link.
  await nav(d, 'Backup');
  await d.eval(() => {
    const url = URL.createObjectURL;
    URL.createObjectURL = blob => { blob.text().then(t => { window.exportedText = t; }); return url(blob); };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () { if (!this.download) click.call(this); };
    return true;
  });
  await d.click(await d.find('button', 'Export backup'));
  const exported = await until(d, 'the exported backup', () => window.exportedText);
  const parsed = JSON.parse(exported);
  if (parsed.format !== 'bakkal-backup' || parsed.contacts.length < 40) throw new Error('the exported backup does not hold the sample book');
  await nav(d, 'Today');
  await new Promise(r => setTimeout(r, 800));
  if (await d.eval(warning)) throw new Error('Safari\'s warning shows where storage is persistent');
  await d.screenshot(`${SHOTS}webkit-6-kept.png`);
}

const engines = [];
if (process.env.CHROMIUM) engines.push(['chromium', () => puppeteerDriver({ browser: 'chrome', executablePath: process.env.CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] })]);
if (process.env.FIREFOX) engines.push(['firefox', () => puppeteerDriver({ browser: 'firefox', executablePath: process.env.FIREFOX })]);
if (process.env.WEBKIT_DRIVER_URL) engines.push(['webkit', () => webdriverDriver({ url: process.env.WEBKIT_DRIVER_URL, capabilities: {
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': { binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args: ['--automation'] },
} })]);

let passed = 0, failed = 0;
const rows = [];
for (const [engine, start] of engines) {
  const checks = engine === 'webkit' ? [['smoke', false], ['warning', false], ['kept', true]] : [['smoke', false]];
  for (const [what, kept] of checks) {
    const server = await serve(DIST, { kept });
    const started = Date.now();
    let d;
    try {
      d = await start();
      if (what === 'smoke') {
        const f = await smoke(d, server.url, engine);
        rows.push(`${engine} (${d.version}), ${backupContacts} contacts: first rows median ${f.firstRows.toFixed(0)} ms; keystroke median ${f.keyMedian.toFixed(1)} ms, p95 ${f.keyP95.toFixed(1)} ms`);
      } else {
        await safari(d, server.url, kept);
      }
      if (d.problems.length) throw new Error(d.problems.join('\n'));
      passed++;
      console.log(`ok   ${engine}: ${what} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${engine}: ${what}\n     ${String(e.stack ?? e).split('\n').join('\n     ')}`);
      await d?.screenshot(`${SHOTS}${engine}-${what}-failed.png`).catch(() => {});
    } finally {
      await d?.close().catch(() => {});
      await server.close();
    }
  }
}
for (const r of rows) console.log(`figures: ${r}`);
console.log(`cross-browser result: ${failed ? 'FAILED' : 'ok'}. ${passed} passed; ${failed} failed (${engines.map(e => e[0]).join(', ')})`);
process.exit(failed ? 1 : 0);
