// A developer's tool, not a test: where the time of a keystroke in Search contacts goes,
// over the sample book. Prints the keystroke figures, then the browser's own trace events
// during the typing (script, style, layout, paint…) and the JavaScript functions that took
// the most time (self time, from a CPU profile).
//   BASE_URL=http://127.0.0.1:8099/ node e2e/profile-keystrokes.mjs
import { BASE_URL, launch, freshPage } from './harness.mjs';
import { keystrokeTimes, WORDS, median, p95 } from './keystrokes.mjs';

const browser = await launch();
const page = await freshPage(browser);
await page.goto(`${BASE_URL}#/contacts`);
await page.getByRole('button', { name: 'Load sample data' }).click();
await page.locator('ul[aria-label="Contacts"] li').first().waitFor();
await page.waitForTimeout(1000);
if (process.env.VERBOSE) page.on('console', m => { if (m.type() === 'debug') console.log(m.text()); });
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', e => events.push(...e.value));
const done = new Promise(r => cdp.on('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
let times = [];
for (let i = 0; i < 3; i++) times = times.concat(await page.evaluate(keystrokeTimes, WORDS));
const { profile } = await cdp.send('Profiler.stop');
await cdp.send('Tracing.end');
await done;
console.log(`keystrokes: ${times.length}, median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms`);

// Trace events of the page's main thread: total duration by name.
const main = events.find(e => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const byName = new Map();
for (const e of events) {
  if (main && (e.pid !== main.pid || e.tid !== main.tid)) continue;
  if (e.ph !== 'X' || !e.dur) continue;
  byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
}
console.log('trace events (main thread, total ms; nested events count in their parents too):');
for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
}

const self = new Map();
const dt = new Map();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
for (const n of profile.nodes) {
  const f = n.callFrame;
  const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
  self.set(name, (self.get(name) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
}
console.log('JavaScript and wasm, self time:');
for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
}
await browser.close();
