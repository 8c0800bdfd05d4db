// Two small drivers with one interface, so the cross-browser smoke (browsers.mjs) is written
// once: puppeteer-core (Firefox over WebDriver BiDi, Chromium over CDP) and plain W3C
// WebDriver over HTTP (WebKitGTK's WebKitWebDriver). Elements are found in the page by role
// and accessible name (`findByRole`), as the Playwright tests find them.
import { writeFileSync } from 'node:fs';

const WAIT_MS = 20_000;

/// In the page: the first visible element with this role whose accessible name is `name`
/// (or contains it, `exact: false`), inside the first visible element matching `within`.
/// A simplified accessible name: aria-labelledby, aria-label, the label of a form field,
/// else the text.
export function findByRole(role, name, exact = true, within = null) {
  const roles = {
    button: 'button, [role=button], input[type=submit], input[type=button]',
    link: 'a[href], [role=link]',
    textbox: 'input:not([type]), input[type=text], input[type=email], input[type=tel], input[type=url], input[type=password], input[type=number], textarea',
    searchbox: 'input[type=search], [role=searchbox]',
    heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
    combobox: 'select, [role=combobox]',
    status: '[role=status]',
    navigation: 'nav, [role=navigation]',
    list: 'ul, ol, [role=list]',
    region: 'section[aria-label], section[aria-labelledby], [role=region]',
    file: 'input[type=file]',
  };
  const text = el => (el?.innerText ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const accName = el => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\s+/).map(id => text(document.getElementById(id))).join(' ').trim();
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label').trim();
    if (el.labels?.length) return text(el.labels[0]);
    return text(el);
  };
  const visible = el => el.getClientRects().length > 0 || el.type === 'file';
  let root = document;
  if (within) {
    root = [...document.querySelectorAll(within)].find(visible);
    if (!root) return null;
  }
  return [...root.querySelectorAll(roles[role] ?? role)].find(el => {
    if (!visible(el)) return false;
    const n = accName(el);
    return exact ? n === name : n.includes(name);
  }) ?? null;
}

const call = (fn, args) => `return (${fn})(...${JSON.stringify(args)})`;

async function poll(what, probe) {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`waited ${WAIT_MS / 1000} s for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/// puppeteer-core: `browser` is 'firefox' or 'chrome'.
export async function puppeteerDriver({ browser, executablePath, args = [] }) {
  const puppeteer = (await import('puppeteer-core')).default;
  const b = await puppeteer.launch({
    browser, executablePath, headless: true, args,
    protocol: browser === 'firefox' ? 'webDriverBiDi' : undefined,
  });
  const page = await b.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const problems = [];
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  return {
    problems,
    version: await b.version(),
    goto: url => page.goto(url),
    reload: () => page.reload(),
    eval: (fn, ...args) => page.evaluate(new Function(call(fn, args))),
    async find(role, name, { exact = true, within = null } = {}) {
      // (BiDi hands back no element from evaluate: ask whether there is one.)
      await poll(`the ${role} "${name}"`, () => page.evaluate(`!!(${findByRole})(...${JSON.stringify([role, name, exact, within])})`));
      return page.evaluateHandle(findByRole, role, name, exact, within);
    },
    click: el => el.click(),
    async type(el, text) {
      await el.click({ count: 3 });
      await el.type(text);
    },
    screenshot: path => page.screenshot({ path }),
    close: () => b.close(),
  };
}

/// Plain W3C WebDriver over HTTP against a running driver at `url` (WebKitWebDriver here).
export async function webdriverDriver({ url, capabilities }) {
  const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
  const req = async (method, path, body) => {
    const r = await fetch(url + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) throw new Error(`WebDriver ${method} ${path}: ${j.value?.error}: ${j.value?.message}`);
    return j.value;
  };
  const s = await req('POST', '/session', { capabilities: { alwaysMatch: capabilities } });
  const sid = `/session/${s.sessionId}`;
  await req('POST', `${sid}/window/rect`, { width: 1200, height: 900 }).catch(() => {});
  await req('POST', `${sid}/timeouts`, { script: 120_000 });
  const run = (fn, args) => req('POST', `${sid}/execute/async`, {
    script: `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (function () { ${call(fn, args)} })())
        .then(v => done({ ok: v === undefined ? null : v }), e => done({ err: String(e && e.stack || e) }));`,
    args: [],
  }).then(v => { if (v?.err) throw new Error(v.err); return v?.ok; });
  return {
    problems: [],
    version: `${s.capabilities.browserName} ${s.capabilities.browserVersion}`,
    goto: u => req('POST', `${sid}/url`, { url: u }),
    reload: () => req('POST', `${sid}/refresh`, {}),
    eval: (fn, ...args) => run(fn, args),
    async find(role, name, { exact = true, within = null } = {}) {
      const el = await poll(`the ${role} "${name}"`, () => req('POST', `${sid}/execute/sync`, {
        script: `return (${findByRole})(...arguments)`, args: [role, name, exact, within],
      }));
      return el[ELEMENT];
    },
    click: id => req('POST', `${sid}/element/${id}/click`, {}),
    async type(id, text) {
      await req('POST', `${sid}/element/${id}/clear`, {});
      await req('POST', `${sid}/element/${id}/value`, { text });
    },
    screenshot: async path => writeFileSync(path, Buffer.from(await req('GET', `${sid}/screenshot`), 'base64')),
    close: () => req('DELETE', sid),
  };
}
