// The app in Turkish: a browser that prefers Turkish gets it without asking; every name a
// test or a screen reader finds is Turkish; numbers, money and dates come from Intl; the
// query language's Turkish words work; Settings → Dil switches at once, in every open tab,
// and is kept.
import { BASE_URL, assert, assertEq, freshPage } from './harness.mjs';

const MONTHS = 'Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık';

export function turkishTests() {
  return [
    ['türkçe: a Turkish browser gets the app in Turkish, its sample book, Intl formats and Turkish query words; Dil switches at once and is kept', async (_, browser) => {
      const page = await freshPage(browser, { locale: 'tr-TR' });
      try {
        await page.goto(BASE_URL + '#/contacts');
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        assertEq(await page.evaluate(() => document.documentElement.lang), 'tr', '<html lang>');
        const nav = page.getByRole('navigation', { name: 'Ana menü' });
        for (const name of ['Bugün', 'Kişiler', 'Analiz', 'Etkinlik', 'Takipler', 'Yedek', 'Ayarlar']) {
          await nav.getByRole('link', { name, exact: true }).waitFor();
        }
        // The Turkish sample book.
        await page.getByRole('button', { name: 'Örnek verileri yükle' }).click();
        const search = page.getByRole('searchbox', { name: 'Kişilerde ara' });
        await search.waitFor();
        await search.fill('MAVI LIMAN');
        await page.getByRole('link', { name: /Mavi Liman Yazılım/ }).first().waitFor();
        // The query language in Turkish words: etiket: and şehir:.
        await search.fill('etiket:yazılım');
        await page.getByRole('link', { name: /Mavi Liman Yazılım/ }).first().waitFor();
        // A query error, said in Turkish.
        await search.fill('renk:mavi');
        await page.getByRole('alert').getByText(/“renk” diye bir alan yok/).waitFor();
        await search.fill('');

        // A contact, in Turkish.
        await page.getByRole('button', { name: 'Yeni kişi' }).first().click();
        await page.getByLabel('Ad Soyad', { exact: true }).fill('Işıl Güneş');
        await page.getByRole('button', { name: 'Kaydet' }).click();
        await page.getByRole('heading', { level: 1, name: 'Işıl Güneş' }).waitFor();
        await page.getByRole('button', { name: 'Düzenle' }).waitFor();
        // A purchase typed the Turkish way: under Turkish "1.500" is fifteen hundred in any
        // currency, and the amount shows as Intl writes it in Turkish.
        await page.getByRole('button', { name: 'Görüşme kaydet' }).click();
        await page.getByRole('heading', { name: /Görüşme kaydet/ }).waitFor();
        await page.getByLabel('Tür', { exact: true }).selectOption({ label: 'Satın alma' });
        await page.getByLabel('Özet', { exact: true }).fill('Yıllık denetim');
        await page.getByLabel('Tutar', { exact: true }).fill('1.500');
        await page.getByLabel('Para birimi', { exact: true }).fill('EUR');
        await page.getByRole('button', { name: 'Kaydet' }).click();
        await page.getByRole('heading', { level: 1, name: 'Işıl Güneş' }).waitFor();
        await page.getByText(/€1\.500,00/).first().waitFor();
        // Delete and Undo.
        await page.getByRole('button', { name: 'Sil', exact: true }).click();
        await search.waitFor();
        await page.getByRole('button', { name: 'Geri al' }).click();
        await search.fill('ışıl güneş');
        await page.getByRole('link', { name: /Işıl Güneş/ }).first().waitFor();

        // Today's date as Intl writes it in Turkish ("2 Aralık 2026").
        await page.goto(BASE_URL + '#/today');
        await page.getByRole('heading', { level: 1, name: 'Bugün' }).waitFor();
        await page.getByText(new RegExp(`^\\d{1,2} (${MONTHS}) \\d{4}$`)).first().waitFor();
        await page.goto(BASE_URL + '#/backup');
        await page.getByRole('button', { name: 'Yedeği dışa aktar' }).waitFor();

        // Dil → English: at once, without a reload, and the focus stays on the select; a
        // second tab open on Contacts follows, without a reload either.
        const other = await page.context().newPage();
        await other.goto(BASE_URL + '#/contacts');
        await other.getByRole('heading', { level: 1, name: 'Kişiler' }).waitFor();
        await other.evaluate(() => { window.__sameDocument = true; });
        await page.goto(BASE_URL + '#/settings');
        await page.getByRole('heading', { level: 1, name: 'Ayarlar' }).waitFor();
        await page.evaluate(() => { window.__sameDocument = true; });
        await page.getByLabel('Dil', { exact: true }).selectOption('en');
        await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today', exact: true }).waitFor();
        assert(await page.evaluate(() => window.__sameDocument === true), 'no reload');
        assertEq(await page.evaluate(() => document.documentElement.lang), 'en', '<html lang> follows');
        await page.waitForFunction(() => document.activeElement?.id === 'language', null, { timeout: 5000 });
        await other.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
        await other.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
        assert(await other.evaluate(() => window.__sameDocument === true && document.documentElement.lang === 'en'), 'the other tab follows without a reload');
        await other.close();
        // Kept on this device.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
        assertEq(await page.getByLabel('Language', { exact: true }).inputValue(), 'en', 'the choice is kept');
        if (page.problems.length) throw new Error(page.problems.join('\n'));
      } finally {
        await page.screenshot({ path: new URL('./screenshots/turkish.png', import.meta.url).pathname }).catch(() => {});
        await page.context().close();
      }
    }],
  ];
}
