// Offline and installable: the service worker `cargo xtask build` writes (dist/sw.js). Each
// test runs its own static server over a folder (dist/, or a changed copy of it standing
// for the next deploy) so it can stop the server and start it again on the same port.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, assertEq } from './harness.mjs';
import { serve } from './static.mjs';

const DIST = process.env.DIST ?? new URL('../dist/', import.meta.url).pathname;

/// The next deploy: a copy of `from` whose page is marked (so the test can tell the versions
/// apart) and whose worker's version differs, as the build's content hash would.
function deploy(from) {
  const to = mkdtempSync(join(tmpdir(), 'bakkal-deploy-'));
  cpSync(from, to, { recursive: true });
  const sw = join(to, 'sw.js');
  const worker = readFileSync(sw, 'utf8');
  const next = worker.replace(/const VERSION = '([^']+)'/, (_, v) => `const VERSION = '${v}-next'`);
  assert(next !== worker, 'sw.js names its version');
  writeFileSync(sw, next);
  const index = join(to, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace(/<head[^>]*>/, m => `${m}<meta name="bakkal-e2e-deploy" content="next">`));
  return to;
}

const deployed = page => page.evaluate(() => document.querySelector('meta[name="bakkal-e2e-deploy"]')?.content ?? null);

async function openAt(page, url) {
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

/// Waits until the worker at `script` controls the page (it claims the page on its first
/// install, once everything is cached).
async function controlledBy(page, script) {
  await page.waitForFunction(s => navigator.serviceWorker.controller?.scriptURL === s, script, { timeout: 30_000 });
}

/// Whether a request to the server gets through (sw.js is never answered from the cache).
const serverAnswers = page => page.evaluate(() => fetch(`sw.js?probe=${Date.now()}`, { cache: 'no-store' }).then(() => true, () => false));

/// With the server stopped the browser reports each refused request and failed update check
/// as a console error: expected here, so they are not the test's problems.
function forgiveOffline(page) {
  page.problems = page.problems.filter(p => !/Failed to load resource: net::ERR_CONNECTION_REFUSED|Failed to update a ServiceWorker/.test(p));
}

const contactsList = page => page.getByRole('list', { name: 'Contacts' });

export function offlineTests({ addContact }) {
  return [
    ['offline: installable, opens with the server stopped, and a new deploy waits for Reload', async page => {
      let server = await serve(DIST);
      const base = `http://127.0.0.1:${server.port}/`;
      let next;
      try {
        await openAt(page, base + '#/contacts');
        // Installable: the manifest with its icons, and Apple's own icon.
        const install = await page.evaluate(async () => {
          const size = src => new Promise(ok => {
            const img = new Image();
            img.onload = () => ok(`${img.naturalWidth}x${img.naturalHeight}`);
            img.onerror = () => ok('broken');
            img.src = src;
          });
          const link = document.querySelector('link[rel="manifest"]');
          const m = await (await fetch(link.href)).json();
          const icons = [];
          for (const i of m.icons) icons.push([i.sizes, i.purpose ?? 'any', await size(new URL(i.src, link.href).href)]);
          return {
            m: { name: m.name, short_name: m.short_name, start_url: m.start_url, scope: m.scope, display: m.display, theme: !!m.theme_color, bg: !!m.background_color },
            icons,
            apple: await size(document.querySelector('link[rel="apple-touch-icon"]').href),
            meta: ['theme-color', 'apple-mobile-web-app-capable', 'apple-mobile-web-app-title', 'apple-mobile-web-app-status-bar-style']
              .filter(n => document.querySelector(`meta[name="${n}"]`)?.content),
          };
        });
        assertEq(install.m, { name: 'Bakkal', short_name: 'Bakkal', start_url: './', scope: './', display: 'standalone', theme: true, bg: true }, 'manifest');
        for (const [sizes, purpose, real] of install.icons) assertEq(real, sizes, `${purpose} icon ${sizes}`);
        assert(install.icons.some(([s]) => s === '192x192') && install.icons.some(([s]) => s === '512x512'), 'icons of 192 and 512 px');
        assert(install.icons.some(([, p]) => p.includes('maskable')), 'a maskable icon');
        assertEq(install.apple, '180x180', 'apple-touch-icon');
        assertEq(install.meta.length, 4, `theme and Apple meta (${install.meta})`);
        const cdp = await page.context().newCDPSession(page);
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        // Playwright's contexts are off the record, where Chromium never installs: that one
        // reason aside, nothing stands against installing.
        const against = installabilityErrors.map(e => e.errorId).filter(id => id !== 'in-incognito');
        assertEq(against, [], 'Chromium finds nothing against installing');

        await controlledBy(page, base + 'sw.js');
        await addContact(page, { name: 'Çevrimdışı Müşteri', city: 'Trabzon' });

        // The server stops: the app and the book open from this device alone.
        await server.close();
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Çevrimdışı Müşteri' }).waitFor();
        assert(!(await serverAnswers(page)), 'the server is really stopped');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
        await contactsList(page).getByText('Çevrimdışı Müşteri').waitFor();
        assertEq(await deployed(page), null, 'the first version');

        // A new version is deployed while a form is open with unsaved text.
        next = deploy(DIST);
        server = await serve(next, { port: server.port });
        assert(await serverAnswers(page), 'the server is back');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
        await page.getByRole('button', { name: 'New contact' }).first().click();
        const name = page.getByLabel('Name', { exact: true });
        await name.fill('Yarım kalan');
        await page.evaluate(() => navigator.serviceWorker.ready.then(r => r.update()));
        const notice = page.getByRole('status').filter({ hasText: 'A new version is ready' });
        await notice.waitFor({ timeout: 30_000 });
        await page.screenshot({ path: new URL('./screenshots/offline-new-version.png', import.meta.url).pathname });
        // It waits for the user: no reload, the typing is still there, the old version runs.
        await page.waitForTimeout(1500);
        assertEq(await name.inputValue(), 'Yarım kalan', 'nothing reloaded under the open form');
        assertEq(await deployed(page), null, 'still the running version');
        assert(await page.evaluate(() => navigator.serviceWorker.getRegistration().then(r => !!r.waiting)), 'the new worker waits');

        await Promise.all([
          page.waitForEvent('load'),
          notice.getByRole('button', { name: 'Reload' }).click(),
        ]);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        assertEq(await deployed(page), 'next', 'Reload loaded the new version');
        assertEq(await page.getByText('A new version is ready').count(), 0, 'the notice is gone');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
        await contactsList(page).getByText('Çevrimdışı Müşteri').waitFor();

        // The new version also opens offline (its own cache, the old one deleted).
        await server.close();
        await page.reload();
        await contactsList(page).getByText('Çevrimdışı Müşteri').waitFor();
        assertEq(await deployed(page), 'next', 'the new version, offline');
        const caches_ = await page.evaluate(() => caches.keys());
        assertEq(caches_.length, 1, `one cache left: ${caches_}`);
        forgiveOffline(page);
      } finally {
        await server.close();
        if (next) rmSync(next, { recursive: true, force: true });
      }
    }],

    ['offline: in a sub-folder beside a copy at the root, each opens with the server stopped', async page => {
      const server = await serve(DIST);
      const base = `http://127.0.0.1:${server.port}/`;
      try {
        await openAt(page, base + '#/contacts');
        await controlledBy(page, base + 'sw.js');
        await openAt(page, base + 'app/#/contacts');
        await controlledBy(page, base + 'app/sw.js');
        await addContact(page, { name: 'Alt Klasör' });
        await server.close();
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Alt Klasör' }).waitFor();
        assert(page.url().startsWith(base + 'app/#/contacts/'), page.url());
        // The sub-folder's worker kept to its own caches: the root copy still opens too.
        await openAt(page, base + '#/contacts');
        await contactsList(page).getByText('Alt Klasör').waitFor();
        assertEq((await page.evaluate(() => caches.keys())).length, 2, 'a cache for each copy');
        assertEq(await page.getByText('A new version is ready').count(), 0, 'no notice for a first install');
        forgiveOffline(page);
      } finally {
        await server.close();
      }
    }],
  ];
}
