// Will the browser keep the book? A browser that looks like Safari (WebKit's features, no
// persistent storage) gets Today's warning, with steps and Export backup now; dismissing it
// hides it for a week; the same browser with persistent storage gets none; Settings says
// where the book stands.
import { BASE_URL, assert, assertEq, freshPage } from './harness.mjs';

/// Makes Chromium look like Safari to the app's feature checks, with `persisted` as the
/// storage API's answer.
const asSafari = persisted => `(() => {
  delete window.chrome;
  Object.defineProperty(Navigator.prototype, 'vendor', { get: () => 'Apple Computer, Inc.' });
  const answer = ${persisted};
  StorageManager.prototype.persisted = () => Promise.resolve(answer);
  StorageManager.prototype.persist = () => Promise.resolve(answer);
})()`;

export function keepingTests() {
  return [
    ['keeping: Safari without persistent storage warns on Today, a dismissal lasts a week, persistent storage gets no warning', async (_, browser) => {
      for (const [persisted, locale] of [[false, 'en-US'], [true, 'en-US'], [false, 'tr-TR']]) {
        const page = await freshPage(browser, { locale });
        try {
          await page.addInitScript(asSafari(persisted));
          await page.goto(BASE_URL + '#/today');
          const title = locale === 'tr-TR' ? 'Safari bu defteri silebilir' : 'Safari may erase this book';
          await page.getByRole('heading', { level: 1 }).first().waitFor();
          const warning = page.getByRole('status').filter({ has: page.getByRole('heading', { name: title }) });
          if (!persisted) {
            await warning.waitFor();
            if (locale === 'tr-TR') {
              await warning.getByRole('link', { name: 'Yedeği şimdi dışa aktar' }).waitFor();
              continue;
            }
            await warning.getByText(/Add to Home Screen/).waitFor();
            await warning.getByRole('link', { name: 'Export backup now' }).waitFor();
            await page.goto(BASE_URL + '#/settings');
            await page.getByTestId('keeping').getByText('This browser may erase the book after 7 days without a visit.', { exact: false }).waitFor();
            await page.goto(BASE_URL + '#/today');
            await warning.getByRole('button', { name: /Not now/ }).click();
            await warning.waitFor({ state: 'detached' });
            await page.reload();
            await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
            await page.waitForTimeout(300);
            assertEq(await warning.count(), 0, 'dismissed for a week');
            // A week later it is back.
            await page.evaluate(() => localStorage.setItem('bakkal.keep-warning-dismissed', new Date(Date.now() - 8 * 864e5).toISOString()));
            await page.reload();
            await warning.waitFor();
          } else {
            await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
            await page.waitForTimeout(500);
            assertEq(await warning.count(), 0, 'no warning where the book is kept');
            await page.goto(BASE_URL + '#/settings');
            await page.getByTestId('keeping').getByText('This browser has promised to keep the book.').waitFor();
          }
          if (page.problems.length) throw new Error(page.problems.join('\n'));
        } finally {
          await page.screenshot({ path: new URL(`./screenshots/keeping-${persisted}-${locale}.png`, import.meta.url).pathname }).catch(() => {});
          await page.context().close();
        }
      }
    }],
    ['keeping: the backup reminder counts from the newest backup or sync (7 days where the book may be erased)', async page => {
      await page.addInitScript(asSafari(false));
      await page.goto(BASE_URL + '#/today');
      await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
      const day = 864e5;
      await page.evaluate(d => {
        localStorage.setItem('bakkal.first-change', new Date(Date.now() - 9 * d).toISOString());
        localStorage.setItem('bakkal.last-change', new Date(Date.now() - d).toISOString());
      }, day);
      await page.reload();
      await page.getByText('You have not backed up this book yet, and it has 9 days of work in it.').waitFor();
      // A sync three days ago is a copy elsewhere.
      await page.evaluate(d => localStorage.setItem('bakkal.last-sync', new Date(Date.now() - 3 * d).toISOString()), day);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
      await page.waitForTimeout(300);
      assert(await page.getByText(/backed up this book yet|last backup is/).count() === 0, 'no reminder after a recent sync');
    }],
  ];
}
