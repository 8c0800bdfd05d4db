// Sync benchmark (cargo xtask bench-sync): an initial pull of a generated book (CONTACTS
// contacts, PER_CONTACT interactions each: 10,000 and 100,000 by default) from pouchdb-server
// on loopback into an empty book, beside PouchDB's browser build replicating the same
// database into its own IndexedDB in the same browser; the write ceiling of plain
// JavaScript into IndexedDB; the longest main-thread task during Bakkal's pull; and the
// time an edit on one device takes to show on another with live sync. Prints figures; does
// not pass or fail on them (timings vary by machine).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { BASE_URL, launch, freshPage } from './harness.mjs';
import { startCouch } from './couch.mjs';

const DOCS = process.env.DOCS_FILE;
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (n, ms) => Math.round(n / (ms / 1000));

const couch = await startCouch();
const docs = JSON.parse(readFileSync(DOCS, 'utf8'));
const contacts = docs.filter(d => d.type === 'contact').length;
await couch.createDb('bench');
let t = Date.now();
for (let i = 0; i < docs.length; i += 1000) {
  const r = await couch.request('POST', '/bench/_bulk_docs', { docs: docs.slice(i, i + 1000), new_edits: false });
  if (r.status !== 201) throw new Error(`loading the server: ${r.status} ${r.text}`);
}
console.log(`server loaded with ${docs.length} documents (${contacts} contacts) in ${((Date.now() - t) / 1000).toFixed(1)} s`);

const browser = await launch();

// The machine's ceiling: plain JavaScript putting the same number of small records into
// IndexedDB, 100 per transaction (the batch size of a pull).
const ceilingPage = await freshPage(browser);
await ceilingPage.route('**/blank.html', r => r.fulfill({ body: '<!doctype html><title>bench</title>', contentType: 'text/html' }));
await ceilingPage.goto(BASE_URL + 'blank.html');
const ceiling = await ceilingPage.evaluate(async n => {
  const db = await new Promise((res, rej) => {
    const r = indexedDB.open('ceiling', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('r', { keyPath: 'id' });
    r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error);
  });
  const doc = JSON.stringify({ summary: 'x'.repeat(200) });
  const t0 = performance.now();
  for (let i = 0; i < n; i += 100) {
    const tx = db.transaction('r', 'readwrite');
    for (let j = i; j < Math.min(n, i + 100); j++) tx.objectStore('r').put({ id: `k${j}`, doc });
    await new Promise(res => { tx.oncomplete = res; });
  }
  return n / ((performance.now() - t0) / 1000);
}, docs.length);
console.log(`write ceiling (plain JavaScript into IndexedDB, 100 per transaction): ${Math.round(ceiling)} records/s`);
await ceilingPage.context().close();

// PouchDB's browser build, default adapter (IndexedDB) and batch size, same server, from a
// page served on loopback like Bakkal's (Chromium refuses loopback requests from pages of
// unknown address space).
const pouchJs = readFileSync(new URL('../node_modules/pouchdb/dist/pouchdb.min.js', import.meta.url));
const pouchSite = http.createServer((req, res) => {
  if (req.url === '/pouchdb.min.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(pouchJs);
  else res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>PouchDB</title><script src="/pouchdb.min.js"></script>');
});
await new Promise(r => pouchSite.listen(0, '127.0.0.1', r));
const pouchPage = await freshPage(browser);
await pouchPage.goto(`http://127.0.0.1:${pouchSite.address().port}/`);
await pouchPage.waitForFunction(() => typeof PouchDB === 'function');
const pouchMs = await pouchPage.evaluate(async url => {
  const db = new PouchDB('bench');
  const t0 = performance.now();
  try {
    await db.replicate.from(url);
  } catch (e) {
    return `PouchDB failed: ${e?.name} ${e?.message} ${e?.status} ${JSON.stringify(e)}`;
  }
  return performance.now() - t0;
}, `${couch.url}/bench`);
if (typeof pouchMs === 'string') throw new Error(pouchMs);
const pouchRate = rate(docs.length, pouchMs);
console.log(`PouchDB initial pull: ${(pouchMs / 1000).toFixed(1)} s, ${pouchRate} docs/s`);
await pouchPage.context().close();
pouchSite.close();

// Bakkal: Settings → Sync → Start sync into an empty book, until Synced.
const page = await freshPage(browser);
await page.goto(BASE_URL + '#/settings');
await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
await page.evaluate(() => {
  window.__long = [];
  new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: false });
});
const sync = page.getByRole('region', { name: 'Sync' });
await sync.getByLabel('Server address', { exact: true }).fill(`${couch.url}/bench`);
// PROFILE=1: where the main thread spends the pull (self time by function).
const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
if (cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
}
t = Date.now();
await sync.getByRole('button', { name: 'Start sync' }).click();
await page.getByRole('status', { name: 'Sync status' }).filter({ hasText: /^Synced/ }).waitFor({ timeout: 1_800_000 });
const bakkalMs = Date.now() - t;
if (cdp) {
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map();
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`  profile (${total.toFixed(0)} ms sampled), top self time:`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${v.toFixed(0).padStart(7)} ms  ${k}`);
}
const bakkalRate = rate(docs.length, bakkalMs);
const longest = await page.evaluate(() => window.__long.reduce((a, [, d]) => Math.max(a, d), 0));
const over200 = await page.evaluate(() => window.__long.filter(([, d]) => d > 200).length);
// Which steps of the pull the long tasks overlapped (the app's performance marks).
const longOnes = await page.evaluate(() => window.__long.filter(([, d]) => d > 150).map(([t, d]) => {
  const inside = performance.getEntriesByType('mark').filter(m => m.startTime >= t && m.startTime <= t + d)
    .map(m => m.name.replace('bakkal:', ''));
  return `${d.toFixed(0)} ms at ${(t / 1000).toFixed(1)} s [${[...new Set(inside)].join(', ')}]`;
}));
const phases = await page.evaluate(() => {
  const names = ['pull-start', 'pull-changes', 'pull-compared', 'pull-fetched', 'pull-read', 'pull-stored'];
  const at = n => performance.getEntriesByName('bakkal:' + n).map(e => e.startTime);
  const marks = Object.fromEntries(names.map(n => [n, at(n)]));
  const sum = (a, b) => {
    let total = 0;
    for (const t of marks[b]) {
      const start = marks[a].filter(x => x <= t).at(-1);
      if (start !== undefined) total += t - start;
    }
    return total;
  };
  return `changes feed ${sum('pull-start', 'pull-changes').toFixed(0)} ms, compare with the book ${sum('pull-changes', 'pull-compared').toFixed(0)} ms, ` +
    `_bulk_get ${sum('pull-compared', 'pull-fetched').toFixed(0)} ms, read documents ${sum('pull-fetched', 'pull-read').toFixed(0)} ms, ` +
    `IndexedDB ${sum('pull-read', 'pull-stored').toFixed(0)} ms, checkpoint and screens ${sum('pull-stored', 'pull-start').toFixed(0)} ms ` +
    `(${marks['pull-start'].length} batches)`;
});
await page.goto(BASE_URL + '#/contacts');
const line = await page.getByRole('status').filter({ hasText: / contacts?$/ }).first().innerText();
console.log(`Bakkal initial pull: ${(bakkalMs / 1000).toFixed(1)} s, ${bakkalRate} docs/s (${line})`);
console.log(`  ratio to PouchDB: ${(bakkalRate / pouchRate).toFixed(2)}×; to the write ceiling: ${(bakkalRate / ceiling).toFixed(2)}`);
console.log(`  where the time went: ${phases}`);
console.log(`  longest main-thread task during the pull: ${longest.toFixed(0)} ms (${over200} over 200 ms)`);
for (const l of longOnes) console.log(`    long task ${l}`);

// Live: an edit on one device shows on another, 20 times.
await couch.createDb('live');
const [a, b] = [await freshPage(browser), await freshPage(browser)];
for (const p of [a, b]) {
  await p.goto(BASE_URL + '#/settings');
  const s = p.getByRole('region', { name: 'Sync' });
  await s.getByLabel('Server address', { exact: true }).fill(`${couch.url}/live`);
  await s.getByRole('button', { name: 'Start sync' }).click();
  await p.getByRole('status', { name: 'Sync status' }).filter({ hasText: /^Synced/ }).waitFor();
}
await a.goto(BASE_URL + '#/contacts/new');
await a.getByLabel('Name', { exact: true }).fill('Canlı Eşitleme');
await a.getByRole('button', { name: 'Save' }).click();
await a.getByRole('heading', { level: 1, name: 'Canlı Eşitleme' }).waitFor();
const contactUrl = a.url();
await b.goto(contactUrl);
await b.getByRole('heading', { level: 1, name: 'Canlı Eşitleme' }).waitFor({ timeout: 20_000 });
const lags = [];
for (let i = 0; i < 20; i++) {
  await a.goto(contactUrl.replace(/#\/contacts\/([^/]+)$/, '#/contacts/$1/edit'));
  await a.getByLabel('Notes', { exact: true }).fill(`düzenleme ${i}`);
  const t0 = Date.now();
  await a.getByRole('button', { name: 'Save' }).click();
  await b.waitForFunction(n => document.querySelector('section.notes')?.textContent.includes(n), `düzenleme ${i}`, { timeout: 30_000, polling: 20 });
  lags.push(Date.now() - t0);
}
console.log(`edit on one device → shown on the other (live sync, 20 edits): median ${median(lags)} ms, max ${Math.max(...lags)} ms`);

await browser.close();
await couch.stop();
