// The main flows on a phone (390×844, a touch screen): reach the pages through Menu, add a
// contact and log a purchase with the phone keyboard's right keys, find the contact again,
// read Insights — nothing scrolls sideways, and a screenshot of every step.
import { BASE_URL, assert, assertEq, freshPage } from './harness.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

/// Problems a phone user would see: a page wider than the screen, a form whose fields sit
/// side by side, a chart wider than its card.
function phoneProblems() {
  const out = [];
  const W = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > W + 1) out.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${W} px screen`);
  for (const svg of document.querySelectorAll('main svg')) {
    const r = svg.getBoundingClientRect();
    if (r.width && r.right > W + 1) out.push(`a chart ends at ${Math.round(r.right)} px of ${W}`);
  }
  return out;
}

export function phoneTests() {
  return [
    ['phone: Menu, a new contact and a purchase with the right keyboards, search and Insights at 390×844', async (_, browser) => {
      const page = await freshPage(browser, { viewport: { width: 390, height: 844 }, phone: true });
      const problems = [];
      const shot = async step => {
        for (const p of await page.evaluate(phoneProblems)) problems.push(`${step}: ${p}`);
        await page.screenshot({ path: `${SHOTS}phone-${step}.png` });
      };
      const go = async link => {
        await page.getByRole('button', { name: 'Menu' }).tap();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).tap();
        await page.getByRole('heading', { level: 1, name: link }).waitFor();
      };
      try {
        await page.goto(BASE_URL + '#/today');
        await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
        await shot('1-today');
        await go('Contacts');
        await page.getByRole('button', { name: 'New contact' }).first().tap();
        const name = page.getByLabel('Name', { exact: true });
        const email = page.getByLabel('Email', { exact: true });
        const phone = page.getByLabel('Phone', { exact: true });
        assertEq(await email.getAttribute('type'), 'email', 'the e-mail field brings the e-mail keyboard');
        assertEq(await phone.getAttribute('type'), 'tel', 'the phone field brings the dial pad');
        assertEq(await page.getByLabel('Birthday', { exact: true }).getAttribute('type'), 'date', 'birthday is a date');
        // The form stacks its fields: each one under the one before, as wide as the screen allows.
        const boxes = [];
        for (const f of [name, email, page.getByLabel('City', { exact: true }), page.getByLabel('Tags', { exact: true })]) boxes.push(await f.boundingBox());
        for (let i = 1; i < boxes.length; i++) assert(boxes[i].y >= boxes[i - 1].y + boxes[i - 1].height - 1, `field ${i} sits under field ${i - 1}`);
        // (An e-mail shares its line with its type, Work or Home; the rest take the width.)
        for (const b of boxes) assert(Math.abs(b.x - boxes[0].x) < 1 && b.width >= 250 && b.x + b.width <= 390, `a field at ${Math.round(b.x)}–${Math.round(b.x + b.width)} px on a 390 px screen`);
        await name.tap();
        await name.fill('Şule Işıkoğlu');
        await email.fill('sule@ornek.com.tr');
        await phone.fill('0532 111 22 33');
        await page.getByLabel('City', { exact: true }).fill('İzmir');
        await shot('2-new-contact');
        await page.getByRole('button', { name: 'Save' }).tap();
        await page.getByRole('heading', { level: 1, name: 'Şule Işıkoğlu' }).waitFor();
        await shot('3-contact');

        await page.getByRole('button', { name: 'Log interaction' }).tap();
        await page.getByRole('heading', { name: 'Log interaction' }).waitFor();
        await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Purchase' });
        const amount = page.getByLabel('Amount', { exact: true });
        assertEq(await amount.getAttribute('inputmode'), 'decimal', 'the amount brings the number pad with a decimal key');
        assertEq(await page.getByLabel('Date', { exact: true }).getAttribute('type'), 'date', 'the date is a date picker');
        assertEq(await page.getByLabel('Time', { exact: true }).getAttribute('type'), 'time', 'the time is a time picker');
        assertEq(await page.getByLabel('Follow up on', { exact: true }).getAttribute('type'), 'date', 'the follow-up is a date picker');
        await page.getByLabel('Summary', { exact: true }).fill('Yıllık bakım sözleşmesi');
        await amount.fill('1.234,56');
        await page.getByLabel('Currency', { exact: true }).fill('TRY');
        await shot('4-log-purchase');
        await page.getByRole('button', { name: 'Save' }).tap();
        const timeline = page.getByRole('list', { name: 'Timeline' });
        await timeline.getByText('Yıllık bakım sözleşmesi').waitFor();
        await timeline.getByText(/1,234\.56/).waitFor();
        await shot('5-timeline');

        // The list keeps one contact per row, its name and last contact readable.
        await go('Contacts');
        await page.getByRole('searchbox', { name: 'Search contacts' }).fill('sule izmir');
        const row = page.getByRole('list', { name: 'Contacts' }).getByRole('listitem').filter({ hasText: 'Şule Işıkoğlu' });
        await row.waitFor();
        await shot('6-search');
        const readable = await row.evaluate(li => {
          const fits = el => el && el.getBoundingClientRect().width > 0 && el.scrollWidth <= el.clientWidth + 1;
          const name = li.querySelector('.name'), when = li.querySelector('.when');
          return { name: fits(name), when: fits(when) && /\d{1,2} [A-Z][a-z]+ \d{4}$/.test(when.innerText) || when?.innerText, oneRow: name.getBoundingClientRect().top < when.getBoundingClientRect().bottom };
        });
        assertEq(readable, { name: true, when: true, oneRow: true }, 'the row shows the whole name and the date of the last contact');

        await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');
        await go('Insights');
        await shot('7-insights');
        await go('Settings');
        await shot('8-settings');
        assertEq(problems, [], 'phone layout');
      } finally {
        await page.context().close();
      }
    }],
  ];
}
