// End-to-end tests: the release build served on 127.0.0.1, driven in headless Chromium the
// way a person would. Elements are found by role and accessible name.
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { BASE_URL, launch, runAll, assert, assertEq, freshPage } from './harness.mjs';
import { syncTests, stopServers } from './sync.mjs';
import { layoutTests, layoutProblems, axeProblems } from './layout.mjs';
import { turkishTests } from './turkish.mjs';
import { keepingTests } from './keeping.mjs';
import { offlineTests } from './offline.mjs';
import { phoneTests } from './phone.mjs';
import { everythingTests } from './everything.mjs';

const corpus = name => readFileSync(new URL(`../tests/corpus/${name}`, import.meta.url), 'utf8');

async function open(page, hash = '#/contacts') {
  await page.goto(BASE_URL + hash);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

const field = (page, label) => page.getByLabel(label, { exact: true });

/// Whether the focus lands where `where` says within 5 s (the app moves it on the next frame).
const focusLands = (page, where) => page.waitForFunction(where, null, { timeout: 5000 }).then(() => true, () => false);

async function addContact(page, { name, org, email, phone, city, tags, stage, notes }) {
  await page.getByRole('button', { name: 'New contact' }).first().click();
  await field(page, 'Name').fill(name);
  // The text field (the Kind radio is also named Organisation).
  if (org) await page.getByRole('combobox', { name: 'Organisation', exact: true }).or(page.getByRole('textbox', { name: 'Organisation', exact: true })).fill(org);
  if (email) await field(page, 'Email').fill(email);
  if (phone) await field(page, 'Phone').fill(phone);
  if (city) await field(page, 'City').fill(city);
  if (tags) await field(page, 'Tags').fill(tags);
  if (stage) await field(page, 'Stage').selectOption({ label: stage });
  if (notes) await field(page, 'Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/// The contact list's count line ("60 contacts", "3 of 60 contacts match …"), once the list
/// shows it (not a notice that also says "contacts", not "Loading all …").
async function countLine(page) {
  const line = page.locator('main p.count[role="status"]').filter({ hasText: /^(\d+ (of \d+ )?contacts?|No contacts)/ }).first();
  await line.waitFor();
  return line.innerText();
}

function rowNames(page) {
  return page.getByRole('list', { name: 'Contacts' }).locator('li .name').allInnerTexts();
}

function isoDaysAgo(n) {
  const d = new Date();
  d.setDate(d.getDate() - n);
  const pad = x => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function logInteraction(page, { type, channel, summary, daysAgo = 0, time, amount, currency, product, followUp }) {
  await page.getByRole('button', { name: 'Log interaction' }).click();
  await page.getByRole('heading', { name: 'Log interaction' }).waitFor();
  if (channel) await field(page, 'Channel').selectOption({ label: channel });
  if (type) await field(page, 'Type').selectOption({ label: type });
  await field(page, 'Summary').fill(summary);
  await field(page, 'Date').fill(isoDaysAgo(daysAgo));
  if (time) await field(page, 'Time').fill(time);
  if (amount) await field(page, 'Amount').fill(amount);
  if (currency) await field(page, 'Currency').fill(currency);
  if (product) await field(page, 'Product').fill(product);
  if (followUp !== undefined) await field(page, 'Follow up on').fill(isoDaysAgo(-followUp));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('list', { name: 'Timeline' }).waitFor();
}

function section(page, title) {
  return page.getByRole('region', { name: title });
}

const tests = [
  ['empty book shows a welcome and loads sample data', async page => {
    await open(page);
    await page.getByRole('heading', { name: 'Welcome to Bakkal' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    const line = await countLine(page);
    const n = parseInt(line, 10);
    assert(n >= 40, `at least 40 sample contacts, got "${line}"`);
    const names = await rowNames(page);
    assert(names.length > 5, 'rows are shown');
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    assertEq(parseInt(await countLine(page), 10), n, 'sample data persisted');
  }],

  ['create, find, edit, delete and undo, all persisted', async page => {
    await open(page);
    await addContact(page, {
      name: 'Şule Yılmaz', org: 'Işık Mimarlık', email: 'sule@example.com', phone: '+90 532 123 45 67',
      city: 'İstanbul', tags: 'vip, muhasebe', stage: 'Customer', notes: 'Prefers mornings.',
    });
    const contactUrl = page.url();
    assert(/#\/contacts\/[0-9a-f-]{36}$/.test(contactUrl), `contact has its own URL: ${contactUrl}`);
    await page.getByText('sule@example.com').waitFor();
    await page.getByText('Işık Mimarlık').waitFor();
    // The contact's URL survives a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Şule Yılmaz' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await addContact(page, { name: 'Işık Demir', city: 'Ankara' });
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await addContact(page, { name: 'Zeynep Çelik', city: 'İzmir' });
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    // Turkish collation: Işık < Şule < Zeynep (I before Ş before Z).
    assertEq(await rowNames(page), ['Işık Demir', 'Şule Yılmaz', 'Zeynep Çelik'], 'Turkish order');

    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    for (const [q, expected] of [
      ['sule', ['Şule Yılmaz']], ['istanbul', ['Şule Yılmaz']], ['İSTANBUL', ['Şule Yılmaz']],
      ['isik', ['Işık Demir', 'Şule Yılmaz']], ['IŞIK', ['Işık Demir', 'Şule Yılmaz']],
      ['5321234567', ['Şule Yılmaz']], ['vip', ['Şule Yılmaz']], ['izmir', ['Zeynep Çelik']],
    ]) {
      await search.fill(q);
      await page.waitForFunction(n => document.querySelectorAll('ul[aria-label="Contacts"] li').length === n, expected.length);
      assertEq(await rowNames(page), expected, `search ${q}`);
    }
    // The search text lives in the URL and survives a reload.
    await search.fill('zeynep');
    await page.waitForFunction(() => location.hash === '#/contacts?q=zeynep');
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    assertEq(await page.getByRole('searchbox', { name: 'Search contacts' }).inputValue(), 'zeynep', 'search restored');
    assertEq(await rowNames(page), ['Zeynep Çelik'], 'filtered after reload');

    // Edit.
    await page.getByRole('link', { name: /Zeynep Çelik/ }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await field(page, 'Name').fill('Zeynep Çelik Kaya');
    await page.getByRole('button', { name: 'Add email' }).click();
    await field(page, 'Email 2').fill('zeynep@kaya.com.tr');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zeynep Çelik Kaya' }).waitFor();
    await page.getByText('zeynep@kaya.com.tr').waitFor();

    // Delete, then Undo 8 seconds later (an Undo notice lasts 10 s).
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    await search.fill('');
    assertEq(await rowNames(page), ['Işık Demir', 'Şule Yılmaz'], 'deleted contact is gone');
    await page.waitForTimeout(8_000);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Contacts"] li').length === 3);
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    assertEq(await rowNames(page), ['Işık Demir', 'Şule Yılmaz', 'Zeynep Çelik Kaya'], 'all persisted after reload');
  }],

  ['invalid input shows messages next to the fields and saves nothing', async page => {
    await open(page);
    await page.getByRole('button', { name: 'New contact' }).first().click();
    await field(page, 'Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Name is required.').waitFor();
    await page.getByText('This does not look like an e-mail address').waitFor();
    assertEq(await field(page, 'Name').getAttribute('aria-invalid'), 'true', 'name flagged');
    assertEq(await field(page, 'Email').getAttribute('aria-invalid'), 'true', 'email flagged');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Welcome to Bakkal' }).waitFor();
  }],

  ['a hostile name is shown as text and runs nothing', async page => {
    await open(page);
    const hostile = '<img src=x onerror=alert(1)>';
    await addContact(page, { name: hostile, notes: '<script>alert(2)</script>' });
    await page.getByRole('heading', { level: 1, name: hostile }).waitFor();
    assertEq(await page.locator('main img').count(), 0, 'no img element was created');
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByText(hostile).first().waitFor();
    assertEq(await page.locator('main img').count(), 0, 'no img element in the list');
  }],

  ['long, emoji, right-to-left and naughty strings save, reload and keep the layout', async page => {
    await open(page);
    const blns = corpus('blns.txt').split('\n').filter(l => l && !l.startsWith('#'));
    const long = 'Uzun'.repeat(2500); // 10,000 characters
    await addContact(page, { name: 'Emoji 😀👩‍👩‍👧 مرحبا بالعالم שלום', notes: long, tags: blns.slice(0, 20).join(' ').replaceAll(',', ' ') });
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await addContact(page, { name: long.slice(0, 10_000), notes: blns.join('\n') });
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scrolling on the contact page (overflow ${overflow}px)`);
    const notes = await page.locator('.notes .pre').innerText();
    assert(notes.includes(blns[blns.length - 1].trim()), 'the last naughty string came back');
    // A sample of naughty strings as names, each saved and shown as typed.
    for (const s of blns.filter((_, i) => i % 25 === 0).map(s => s.trim()).filter(Boolean).slice(0, 12)) {
      await page.getByRole('link', { name: 'Contacts' }).first().click();
      await page.getByRole('button', { name: 'New contact' }).first().click();
      await field(page, 'Name').fill(s);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('button', { name: 'Edit' }).waitFor();
    }
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    const listOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(listOverflow <= 0, `no horizontal scrolling on the list (overflow ${listOverflow}px)`);
  }],

  ['settings show persistent storage and space used', async page => {
    await open(page);
    await addContact(page, { name: 'Ayşe Kaya' });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByText(/Granted|Not granted|Not supported/).waitFor();
    await page.getByText(/of .* available to this site|does not report/).waitFor();
  }],

  ['the app works from a sub-folder', async page => {
    await page.goto(BASE_URL + 'app/#/contacts');
    await page.getByRole('heading', { name: 'Welcome to Bakkal' }).waitFor();
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    await page.getByRole('list', { name: 'Contacts' }).getByRole('link').first().click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    assert(page.url().includes('/app/#/contacts/'), page.url());
  }],

  ['no IndexedDB gives a clear message, not a blank page', async page => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); } });
    });
    await page.goto(BASE_URL);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert(/cannot use its storage/.test(text) && /IndexedDB is unavailable/.test(text), text);
    page.problems = page.problems.filter(p => !p.startsWith('console error'));
  }],

  ['another tab opening a newer schema makes this tab close and ask for a reload', async page => {
    await open(page);
    await page.getByRole('heading', { name: 'Welcome to Bakkal' }).waitFor();
    const upgraded = await page.evaluate(() => new Promise((resolve, reject) => {
      const req = indexedDB.open('bakkal', 1000);
      req.onsuccess = () => { req.result.close(); resolve(true); };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked: the app did not close its connection'));
    }));
    assert(upgraded, 'the newer version opened without being blocked');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert(/updated in another tab/.test(await alert.innerText()), 'asks for a reload');
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('alert').waitFor();
    assert(/newer version of Bakkal/.test(await page.getByRole('alert').innerText()), 'newer data is refused with a message');
    page.problems = page.problems.filter(p => !p.startsWith('console error'));
  }],
];

tests.push(
  ['interactions: timeline order survives a reload; amounts are checked', async page => {
    await open(page);
    await addContact(page, { name: 'Mehmet Kaya', city: 'Bursa' });
    await logInteraction(page, { type: 'Call', channel: 'Phone', summary: 'First call', daysAgo: 40 });
    await logInteraction(page, { type: 'Meeting', channel: 'Meeting', summary: 'Kick-off meeting', daysAgo: 10, time: '14:30' });
    await logInteraction(page, { type: 'Purchase', channel: 'Visit', summary: 'Monthly bookkeeping', daysAgo: 2, amount: '1.234,56', currency: 'TRY', product: 'Aylık muhasebe' });
    // An ambiguous amount is refused and nothing is saved.
    await page.getByRole('button', { name: 'Log interaction' }).click();
    await field(page, 'Type').selectOption({ label: 'Purchase' });
    await field(page, 'Summary').fill('Ambiguous');
    await field(page, 'Amount').fill('1,234');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/is ambiguous/).waitFor();
    // Every suggestion it makes is accepted: the first one is typed back.
    const hint = await page.getByText(/is ambiguous/).innerText();
    await field(page, 'Amount').fill(hint.match(/write (\S+)/)[1]);
    await field(page, 'Summary').fill('Suggested');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('list', { name: 'Timeline' }).waitFor();
    await page.getByText('TRY 1,234.00').first().waitFor();
    // Typed the Turkish way, for TRY: fifteen hundred.
    await logInteraction(page, { type: 'Purchase', channel: 'Visit', summary: 'Turkish amount', daysAgo: 1, amount: '₺1.500', currency: 'TRY' });
    await page.getByText('TRY 1,500.00').first().waitFor();
    assertEq(await field(page, 'Amount').count(), 0, 'back on the contact page');
    await page.getByRole('button', { name: 'Log interaction' }).click();
    await field(page, 'Type').selectOption({ label: 'Purchase' });
    assertEq(await field(page, 'Amount').getAttribute('inputmode'), 'decimal', 'a decimal keypad on phones');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Log interaction' }).click();
    await field(page, 'Type').selectOption({ label: 'Purchase' });
    await field(page, 'Summary').fill('Ambiguous');
    await field(page, 'Amount').fill('1,234');
    await page.screenshot({ path: new URL('./screenshots/interaction-form-ambiguous-amount.png', import.meta.url).pathname });
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.reload();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.waitFor();
    const summaries = await timeline.locator('.entry .summary').allInnerTexts();
    assertEq(summaries, ['Suggested', 'Turkish amount', 'Monthly bookkeeping', 'Kick-off meeting', 'First call'], 'newest first after reload');
    await page.getByText('TRY 1,234.56').first().waitFor();
    await page.getByText('Total purchases').waitFor();
    assert(!(await page.getByText('Ambiguous').count()), 'the refused entry was not saved');
    // Edit an entry, then delete one.
    await page.getByRole('link', { name: 'Edit First call' }).click();
    await field(page, 'Summary').fill('First call (edited)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('First call (edited)').waitFor();
    await page.getByRole('button', { name: 'Delete Kick-off meeting' }).click();
    await page.waitForFunction(() => !document.body.innerText.includes('Kick-off meeting'));
    // Filter the timeline by type.
    await page.getByLabel('Show type').selectOption({ label: 'Purchase' });
    assertEq(await timeline.locator('.entry .summary').allInnerTexts(), ['Suggested', 'Turkish amount', 'Monthly bookkeeping'], 'filtered');
  }],

  ['a customer who went quiet shows under Gone quiet with their rhythm', async page => {
    await open(page);
    await addContact(page, { name: 'Selin Aydın', stage: 'Customer' });
    for (const ago of [135, 105, 75]) {
      await logInteraction(page, { type: 'Purchase', summary: `Order ${ago}`, daysAgo: ago, amount: '500', currency: 'TRY' });
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
    const quiet = section(page, 'Gone quiet');
    await quiet.getByRole('link', { name: 'Selin Aydın' }).waitFor();
    await quiet.getByText('usually every 30 days — last purchase 75 days ago').waitFor();
    await page.screenshot({ path: new URL('./screenshots/today-gone-quiet.png', import.meta.url).pathname, fullPage: true });
  }],

  ['complaints stay open until resolved; due follow-ups until done; .ics downloads', async page => {
    await open(page);
    await addContact(page, { name: 'Gökhan Demir' });
    await logInteraction(page, { type: 'Complaint', channel: 'Phone', summary: 'Invoice sent twice', daysAgo: 4 });
    await logInteraction(page, { type: 'Call', summary: 'Promised a callback', followUp: 0 });
    await page.getByRole('link', { name: 'Today' }).click();
    const open_ = section(page, 'Open complaints and requests');
    await open_.getByText('Invoice sent twice').waitFor();
    await open_.getByText('open for 4 days').waitFor();
    const due = section(page, 'Due follow-ups');
    await due.getByText('Promised a callback').waitFor();
    await page.screenshot({ path: new URL('./screenshots/today-open-and-due.png', import.meta.url).pathname, fullPage: true });
    await open_.getByRole('button', { name: 'Mark resolved' }).click();
    await open_.getByText('No open complaints or requests.').waitFor();
    await due.getByRole('button', { name: 'Mark done' }).click();
    await due.getByText('Nothing due').waitFor();
    await page.reload();
    await section(page, 'Open complaints and requests').getByText('No open complaints or requests.').waitFor();
    await section(page, 'Due follow-ups').getByText('Nothing due').waitFor();

    // A follow-up for next week, added on its own, and its calendar file.
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByRole('link', { name: /Gökhan Demir/ }).click();
    await page.getByRole('button', { name: 'Add follow-up' }).click();
    await field(page, 'Follow up on').fill(isoDaysAgo(-3));
    await field(page, 'Note').fill('Send the corrected invoice; with VAT, please');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    const week = section(page, 'This week');
    await week.getByText('Send the corrected invoice').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), week.getByRole('button', { name: 'Add to calendar' }).click()]);
    const ics = readFileSync(await download.path(), 'utf8');
    assert(ics.startsWith('BEGIN:VCALENDAR\r\n'), 'iCalendar header');
    assert(ics.includes(`DTSTART;VALUE=DATE:${isoDaysAgo(-3).replaceAll('-', '')}\r\n`), 'all-day start');
    assert(/SUMMARY:Follow up: Gökhan Demir — Send the corrected invoice\\; with VAT\\, please/.test(ics.replace(/\r\n /g, '')), 'escaped summary');
    assert(ics.trim().endsWith('END:VCALENDAR'), 'iCalendar footer');
    for (const line of ics.split('\r\n')) assert(Buffer.byteLength(line) <= 75, `folded: ${line}`);
    await week.getByRole('button', { name: 'Mark done' }).click();
    await week.getByText('Nothing here.').waitFor();
  }],

  ['sample data fills every Today section; Activity filters; delete and undo keep the history', async page => {
    await open(page);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    await page.getByRole('link', { name: 'Today' }).click();
    for (const title of ['Due follow-ups', 'Open complaints and requests', 'Gone quiet', 'Birthdays']) {
      const items = section(page, title).locator('li');
      await items.first().waitFor();
      assert(await items.count() > 0, `${title} has items`);
    }
    await page.screenshot({ path: new URL('./screenshots/today-sample.png', import.meta.url).pathname, fullPage: true });
    await page.getByRole('link', { name: 'Activity' }).click();
    const list = page.getByRole('list', { name: 'Activity' });
    await list.locator('li').first().waitFor();
    await page.getByLabel('Type').selectOption({ label: 'Purchase' });
    await page.waitForFunction(() => location.hash.includes('type=purchase'));
    await list.locator('li').first().waitFor();
    const subs = await list.locator('li .sub').allInnerTexts();
    assert(subs.length > 3 && subs.every(s => s.startsWith('Purchase')), 'only purchases');
    await page.screenshot({ path: new URL('./screenshots/activity.png', import.meta.url).pathname });

    // Delete a contact with history, undo, and the history is back.
    await list.locator('li a').first().click();
    await page.getByRole('list', { name: 'Timeline' }).locator('.entry').first().waitFor();
    const name = await page.getByRole('heading', { level: 1 }).innerText();
    const before = await page.getByRole('list', { name: 'Timeline' }).locator('.entry').count();
    assert(before > 0, 'has a timeline');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Restored 1 contact').waitFor();
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill(name);
    await page.getByRole('list', { name: 'Contacts' }).getByRole('link').first().click();
    await page.getByRole('list', { name: 'Timeline' }).locator('.entry').first().waitFor();
    assertEq(await page.getByRole('list', { name: 'Timeline' }).locator('.entry').count(), before, 'timeline restored');
  }],
);

async function exportBackup(page, passphrase) {
  await page.getByRole('link', { name: 'Backup' }).click();
  if (passphrase) {
    await page.getByLabel('Encrypt with a passphrase').check();
    await field(page, 'Passphrase').fill(passphrase);
    await field(page, 'Confirm passphrase').fill(passphrase);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export backup' }).click()]);
  const named = passphrase ? /^bakkal-backup-\d{4}-\d{2}-\d{2}-encrypted\.json$/ : /^bakkal-backup-\d{4}-\d{2}-\d{2}\.json$/;
  assert(named.test(download.suggestedFilename()), download.suggestedFilename());
  return readFileSync(await download.path(), 'utf8');
}

async function chooseBackup(page, text, name = 'backup.json') {
  await page.getByRole('link', { name: 'Backup' }).click();
  await page.getByLabel('Backup file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  // The chosen file's name stands above what is read from it.
  await page.getByText(`File: ${name}`, { exact: true }).waitFor();
}

/// Chooses a backup file on disk, by its path.
async function chooseBackupFile(page, path) {
  await page.getByRole('link', { name: 'Backup' }).click();
  await page.getByLabel('Backup file').setInputFiles(path);
  await page.getByText(`File: ${basename(path)}`, { exact: true }).waitFor();
}

const withoutTime = text => text.split('\n').slice(1).join('\n');

tests.push(
  ['backup: export, clear storage, import restores every record exactly', async (page, browser) => {
    await open(page);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    const original = await exportBackup(page);
    const parsed = JSON.parse(original);
    assert(parsed.format === 'bakkal-backup' && parsed.version === 3, 'marker and version');
    assert(parsed.contacts.every(c => /^\d+-[0-9a-f]{32}$/.test(c._rev) && c._revisions.start >= 1), 'every record carries a CouchDB revision');
    assert(parsed.contacts.length >= 48 && parsed.interactions.length > 200, 'everything is in the file');
    await page.getByText('Last backup from this browser').waitFor();

    // A fresh browser profile: empty storage.
    const fresh = await freshPage(browser);
    await open(fresh);
    await fresh.getByRole('heading', { name: 'Welcome to Bakkal' }).waitFor();
    await chooseBackup(fresh, original);
    const preview = fresh.getByRole('region', { name: 'Import preview' });
    await preview.waitFor();
    assertEq(parsed.deals.length, 4, 'the sample book\'s deals are in the backup');
    await preview.getByText(`${parsed.contacts.length + parsed.interactions.length + parsed.follow_ups.length + parsed.deals.length} new`).waitFor();
    await fresh.screenshot({ path: new URL('./screenshots/backup-preview.png', import.meta.url).pathname, fullPage: true });
    await preview.getByRole('button', { name: 'Merge' }).click();
    await fresh.getByText(/^Merged:/).waitFor();
    const again = await exportBackup(fresh);
    assertEq(withoutTime(again), withoutTime(original), 'the imported book exports to the same file');
    await fresh.getByRole('link', { name: 'Contacts' }).first().click();
    assertEq(parseInt(await countLine(fresh), 10), parsed.contacts.filter(c => !c.deleted_at).length, 'every contact is listed');
    // Importing the same file twice changes nothing.
    await chooseBackup(fresh, original);
    await fresh.getByRole('region', { name: 'Import preview' }).getByText(`${parsed.contacts.length + parsed.interactions.length + parsed.follow_ups.length + parsed.deals.length} unchanged`).waitFor();
    assert(!fresh.problems.length, fresh.problems.join('\n'));
    await fresh.context().close();
  }],

  ['backup: deals in a file (format 3) are imported, survive a reload and export exactly', async page => {
    const golden = readFileSync(new URL('../core/tests/golden/backup-v3.json', import.meta.url), 'utf8');
    const file = JSON.parse(golden);
    await open(page);
    await page.getByRole('heading', { name: 'Welcome to Bakkal' }).waitFor();
    await chooseBackup(page, golden);
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.getByText(/follow-ups, 2 deals and 1 settings/).waitFor();
    await preview.getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.reload();
    await open(page);
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    const out = JSON.parse(await exportBackup(page));
    assertEq(JSON.stringify(out.deals), JSON.stringify(file.deals), 'the deals, stage history and revisions included');
    assertEq(out.settings.map(s => s.key), ['stage.proposal'], 'the renamed stage travels with them');
    assert(!page.problems.length, page.problems.join('\n'));
  }],

  ['Today shows the first 50 of a long list and says how many more there are', async page => {
    // The sample book, then a backup of it with 60 more overdue follow-ups merged in.
    await open(page);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    const backup = JSON.parse(await exportBackup(page));
    const overdue = backup.follow_ups.find(f => !f.done_at && !f.deleted_at && f.due < new Date().toISOString().slice(0, 10));
    assert(overdue, 'the sample has an overdue follow-up');
    for (let i = 0; i < 60; i++) {
      const { _rev, _revisions, ...f } = overdue;
      backup.follow_ups.push({ ...f, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, note: `Ek takip ${i}` });
    }
    await chooseBackup(page, JSON.stringify(backup));
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.getByRole('link', { name: 'Today' }).click();
    const due = section(page, 'Due follow-ups');
    await due.locator('li').first().waitFor();
    assertEq(await due.locator('li').count(), 50, 'the first 50 shown');
    const more = await due.getByText(/^…and \d+ more\.$/).innerText();
    const all = backup.follow_ups.filter(f => !f.done_at && !f.deleted_at && f.due <= new Date().toISOString().slice(0, 10)).length;
    assertEq(more, `…and ${all - 50} more.`, 'the rest counted');
    await due.getByText(more).scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL('./screenshots/today-long-list.png', import.meta.url).pathname });
    // A short list has no such line.
    assertEq(await section(page, 'Birthdays').getByText(/more\.$/).count(), 0, 'no line under a short list');
  }],

  ['deals: the board sums each stage; Move to moves a deal with the keyboard only, announced, kept after a reload', async page => {
    const golden = readFileSync(new URL('../core/tests/golden/backup-v3.json', import.meta.url), 'utf8');
    await open(page);
    await chooseBackup(page, golden);
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.getByRole('link', { name: 'Deals' }).click();
    const board = page.getByRole('region', { name: 'Pipeline board' });
    // The file renamed Proposal sent to "Teklif verildi" at 40 %: the user's name shows in
    // any language, and the weighted total follows the stage's probability.
    const proposal = board.getByRole('region', { name: 'Teklif verildi' });
    await proposal.getByText('Denetim teklifi').waitFor();
    await proposal.getByText('1 deal', { exact: true }).waitFor();
    await proposal.getByText('Total TRY 18,750', { exact: true }).waitFor();
    await proposal.getByText('Weighted TRY 7,500', { exact: true }).waitFor();
    assertEq(await board.getByText('Payroll').count(), 0, 'a lost deal leaves the board');
    for (const stage of ['Lead', 'Qualified', 'Negotiation']) {
      await board.getByRole('region', { name: stage }).getByText('No deals in this stage.').waitFor();
    }
    // Keyboard only: focus Move to, open it, Tab to Negotiation, Enter.
    const move = proposal.getByRole('button', { name: 'Move to' });
    assertEq(await proposal.getByRole('button', { name: 'Negotiation' }).count(), 0, 'the menu is closed until asked for');
    await move.focus();
    await page.keyboard.press('Enter');
    assertEq(await move.getAttribute('aria-expanded'), 'true', 'the menu says it is open');
    const choices = await proposal.getByRole('listitem').getByRole('list').getByRole('button').allInnerTexts();
    assertEq(choices.join(', '), 'Lead, Qualified, Negotiation', 'the other stages, in board order');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement.textContent === 'Negotiation'), 'Tab reaches Negotiation');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Moved “Denetim teklifi” to Negotiation.' }).waitFor();
    await board.getByRole('region', { name: 'Negotiation' }).getByText('Denetim teklifi').waitFor();
    await page.screenshot({ path: new URL('./screenshots/deals-board.png', import.meta.url).pathname, fullPage: true });
    await page.reload();
    await page.getByRole('region', { name: 'Pipeline board' }).getByRole('region', { name: 'Negotiation' }).getByText('Denetim teklifi').waitFor();
    const out = JSON.parse(await exportBackup(page));
    const deal = out.deals.find(d => d.title === 'Denetim teklifi');
    assertEq(deal.stage, 'negotiation', 'stored in its new stage');
    assertEq(deal.history.map(h => h.stage).join(' → '), 'lead → proposal → negotiation', 'every stage it entered');
    assert(deal._rev.startsWith('2-'), `a new revision: ${deal._rev}`);
    // On a phone the columns stack and nothing scrolls sideways; axe finds nothing.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(BASE_URL + '#/deals');
    await page.getByRole('region', { name: 'Pipeline board' }).getByText('Denetim teklifi').waitFor();
    const problems = [...await axeProblems(page), ...await page.evaluate(layoutProblems)];
    assert(!problems.length, problems.join('\n'));
    await page.screenshot({ path: new URL('./screenshots/deals-board-360.png', import.meta.url).pathname, fullPage: true });
    assert(!page.problems.length, page.problems.join('\n'));
  }],

  ['deals: the list view filters and sorts with the filters in the URL; a filter shows lost deals on the board; drag and drop moves a card', async page => {
    const golden = readFileSync(new URL('../core/tests/golden/backup-v3.json', import.meta.url), 'utf8');
    await open(page);
    await chooseBackup(page, golden);
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.getByRole('link', { name: 'Deals' }).first().click();
    const views = page.getByRole('navigation', { name: 'View' });
    await views.getByRole('link', { name: 'List' }).click();
    await page.getByRole('table', { name: '1 deal' }).waitFor();
    assert((await page.evaluate(() => location.hash)).includes('view=list'), 'the view is in the URL');
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByLabel('Status').selectOption({ label: 'All' });
    await page.getByRole('table', { name: '2 deals' }).waitFor();
    const titles = () => page.getByRole('table', { name: '2 deals' }).locator('tbody th').allInnerTexts();
    assertEq(await titles(), ['Denetim teklifi', 'Payroll'], 'soonest expected close first, none last');
    await filters.getByLabel('Sort by').selectOption({ label: 'Amount' });
    await page.waitForFunction(() => location.hash.includes('sort=amount'));
    // EUR 990 without a rate and no amount at all: neither has a home value.
    assertEq((await titles()).length, 2, 'both rows');
    await filters.getByLabel('Close month').fill('2026-12');
    await filters.getByLabel('Close month').dispatchEvent('change');
    await page.getByRole('table', { name: '1 deal' }).getByRole('link', { name: 'Denetim teklifi' }).waitFor();
    await page.reload();
    await page.getByRole('table', { name: '1 deal' }).getByRole('link', { name: 'Denetim teklifi' }).waitFor();
    for (const p of ['view=list', 'status=all', 'sort=amount', 'month=2026-12']) {
      assert((await page.evaluate(() => location.hash)).includes(p), `${p} kept after a reload`);
    }
    await page.screenshot({ path: new URL('./screenshots/deals-list.png', import.meta.url).pathname, fullPage: true });
    // Export CSV: what the filters show, as the list orders it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    assert(/^bakkal-deals-\d{4}-\d{2}-\d{2}\.csv$/.test(download.suggestedFilename()), download.suggestedFilename());
    const csvText = readFileSync(await download.path(), 'utf8');
    const csvRows = csvRecords(csvText.replace(/^\uFEFF/, ''));
    assertEq(csvRows[0].slice(0, 4), ['Deal', 'Contact', 'Stage', 'Status'], 'the headers');
    assertEq(csvRows.length, 2, 'the header and the one deal the month filter shows');
    assertEq(csvRows[1].slice(0, 5), ['Denetim teklifi', 'Yılmaz Tekstil A.Ş.', 'Teklif verildi', 'open', '18750.00'], 'the deal, amount as a plain number');
    // The board with the Lost filter: the lost deal in the stage it was lost in, not movable.
    await page.goto(BASE_URL + '#/deals?status=lost');
    const qualified = page.getByRole('region', { name: 'Pipeline board' }).getByRole('region', { name: 'Qualified' });
    await qualified.getByRole('link', { name: 'Payroll' }).waitFor();
    assertEq(await qualified.getByRole('button', { name: 'Move to' }).count(), 0, 'a decided deal has no Move to');
    // Drag and drop on the open board.
    await page.goto(BASE_URL + '#/deals');
    const board = page.getByRole('region', { name: 'Pipeline board' });
    const card = board.getByRole('region', { name: 'Teklif verildi' }).getByRole('listitem').filter({ hasText: 'Denetim teklifi' }).first();
    await card.dragTo(board.getByRole('region', { name: 'Negotiation' }));
    await page.getByRole('status').filter({ hasText: 'Moved “Denetim teklifi” to Negotiation.' }).waitFor();
    await board.getByRole('region', { name: 'Negotiation' }).getByRole('link', { name: 'Denetim teklifi' }).waitFor();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(BASE_URL + '#/deals?view=list&status=all');
    await page.getByRole('table', { name: '2 deals' }).waitFor();
    const problems = [...await axeProblems(page), ...await page.evaluate(layoutProblems)];
    assert(!problems.length, problems.join('\n'));
    await page.screenshot({ path: new URL('./screenshots/deals-list-360.png', import.meta.url).pathname, fullPage: true });
    assert(!page.problems.length, page.problems.join('\n'));
  }],

  ['deals: Settings → Pipeline renames, reorders, adds and removes stages; a stage with deals goes only once they have somewhere to go', async page => {
    const golden = readFileSync(new URL('../core/tests/golden/backup-v3.json', import.meta.url), 'utf8');
    await open(page);
    await chooseBackup(page, golden);
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.getByRole('link', { name: 'Settings' }).first().click();
    const editor = section(page, 'Pipeline');
    const stage = name => editor.getByRole('group', { name, exact: true });
    await stage('Teklif verildi').waitFor();
    await stage('Lead').getByLabel('Default probability (%)').fill('abc');
    await editor.getByRole('button', { name: 'Save pipeline' }).click();
    await stage('Lead').getByText('Probability must be a whole number from 0 to 100.').waitFor();
    await stage('Lead').getByLabel('Default probability (%)').fill('20');
    await stage('Qualified').getByLabel('Name').fill('Nitelikli görüşme');
    await stage('Negotiation').getByRole('button', { name: 'Move Negotiation up' }).click();
    await editor.getByRole('button', { name: 'Add stage' }).click();
    await stage('New stage').getByLabel('Name').fill('Sözleşme');
    await stage('Teklif verildi').getByRole('button', { name: 'Remove Teklif verildi' }).click();
    await editor.getByRole('button', { name: 'Save pipeline' }).click();
    await editor.getByRole('alert').filter({ hasText: 'choose where they go' }).waitFor();
    await stage('Teklif verildi').getByLabel('Move its deal to').selectOption({ label: 'Negotiation' });
    await editor.getByRole('button', { name: 'Save pipeline' }).click();
    await page.getByRole('status').filter({ hasText: 'Pipeline saved.' }).waitFor();
    // The editor starts again from what was saved, and its buttons know the new order.
    assert(await editor.getByRole('button', { name: 'Move Lead up' }).isDisabled(), 'the first cannot go up');
    assert(await editor.getByRole('button', { name: 'Move Sözleşme down' }).isDisabled(), 'the last cannot go down');
    assert(await editor.getByRole('button', { name: 'Move Nitelikli görüşme up' }).isEnabled(), 'the second can go up');
    assertEq(await editor.getByRole('group').count(), 4, 'the removed stage is gone from the editor');
    await page.screenshot({ path: new URL('./screenshots/settings-pipeline.png', import.meta.url).pathname });
    const check = async () => {
      await page.goto(BASE_URL + '#/deals');
      const board = page.getByRole('region', { name: 'Pipeline board' });
      await board.getByRole('region', { name: 'Negotiation' }).getByRole('link', { name: 'Denetim teklifi' }).waitFor();
      const heads = await board.getByRole('heading', { level: 2 }).allInnerTexts();
      assertEq(heads, ['Lead', 'Nitelikli görüşme', 'Negotiation', 'Sözleşme'], 'the stages in their new order');
      await board.getByRole('region', { name: 'Negotiation' }).getByText('Weighted TRY 14,063', { exact: true }).waitFor();
    };
    await check();
    await page.reload();
    await check();
    const out = JSON.parse(await exportBackup(page));
    const deal = out.deals.find(d => d.title === 'Denetim teklifi');
    assertEq(deal.history.map(h => h.stage).join(' → '), 'lead → proposal → negotiation', 'the move is in its history');
    assert(out.settings.some(s => s.key === 'stage.proposal' && s.deleted_at), 'the removed stage travels as a removal');
    assert(!page.problems.length, page.problems.join('\n'));
  }],

  ['deals: Today lists the deal closing this week and the one going cold', async page => {
    const file = JSON.parse(readFileSync(new URL('../core/tests/golden/backup-v3.json', import.meta.url), 'utf8'));
    const at = days => new Date(Date.now() - days * 86400000).toISOString();
    const fresh = d => { delete d._rev; delete d._revisions; return d; };
    // Moved to Teklif verildi yesterday, expected to close in three days.
    const soon = fresh(file.deals[0]);
    soon.history = [{ at: at(2), stage: 'lead' }, { at: at(1), stage: 'proposal' }];
    soon.created_at = at(2); soon.updated_at = at(1);
    soon.expected_close = isoDaysAgo(-3);
    // In Qualified (going cold after 21 days) for 40 days, no close date.
    const stale = fresh(JSON.parse(JSON.stringify(file.deals[1])));
    Object.assign(stale, { id: '09090909-0909-4909-8909-090909090909', title: 'Bordro yazılımı', status: { state: 'open' },
      stage: 'qualified', history: [{ at: at(40), stage: 'qualified' }], created_at: at(40), updated_at: at(40) });
    file.deals.push(stale);
    await open(page);
    await chooseBackup(page, JSON.stringify(file));
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.getByRole('link', { name: 'Today' }).click();
    const closing = page.getByRole('region', { name: 'Closing this week' });
    await closing.getByRole('link', { name: 'Denetim teklifi' }).waitFor();
    await closing.getByText(/expected to close .* \(in 3 days\)/).waitFor();
    assertEq(await closing.getByRole('listitem').count(), 1, 'only the deal closing within 7 days');
    const cold = page.getByRole('region', { name: 'Going cold' });
    await cold.getByRole('link', { name: 'Bordro yazılımı' }).waitFor();
    await cold.getByText('40 days in stage').waitFor();
    assertEq(await cold.getByRole('link', { name: 'Denetim teklifi' }).count(), 0, 'a deal moved yesterday is not going cold');
    await page.screenshot({ path: new URL('./screenshots/today-deals.png', import.meta.url).pathname, fullPage: true });
    assert(!page.problems.length, page.problems.join('\n'));
  }],

  ['deals: a column shows its first 50 cards with Show more, its count and sums over all of them', async page => {
    const file = JSON.parse(readFileSync(new URL('../core/tests/golden/backup-v3.json', import.meta.url), 'utf8'));
    const base = file.deals[0];
    delete base._rev; delete base._revisions;
    const hex = n => n.toString(16).padStart(12, '0');
    for (let n = 1; n <= 62; n++) {
      file.deals.push({ ...JSON.parse(JSON.stringify(base)), id: `0a0a0a0a-0a0a-4a0a-8a0a-${hex(n)}`, title: `Ek iş ${n}`,
        stage: 'lead', status: { state: 'open' }, amount: { minor: 100000, currency: 'TRY' }, expected_close: null,
        history: [{ at: base.created_at, stage: 'lead' }] });
    }
    await open(page);
    await chooseBackup(page, JSON.stringify(file));
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.goto(BASE_URL + '#/deals');
    const lead = page.getByRole('region', { name: 'Pipeline board' }).getByRole('region', { name: 'Lead' });
    await lead.getByText('62 deals', { exact: true }).waitFor();
    await lead.getByText('Total TRY 62,000', { exact: true }).waitFor();
    assertEq(await lead.locator('ul.cards > li').count(), 50, 'the first 50 cards');
    await lead.getByRole('button', { name: 'Show 12 more in Lead' }).click();
    await lead.getByRole('link', { name: 'Ek iş 62' }).waitFor();
    assertEq(await lead.locator('ul.cards > li').count(), 62, 'every card once asked');
    assertEq(await lead.getByRole('button', { name: /^Show/ }).count(), 0, 'nothing more to show');
    // A move from a long column redraws that card only, and the sums follow.
    await lead.getByRole('listitem').filter({ hasText: 'Ek iş 7' }).first().getByRole('button', { name: 'Move to' }).click();
    await lead.getByRole('button', { name: 'Qualified' }).click();
    await page.getByRole('status').filter({ hasText: 'Moved “Ek iş 7” to Qualified.' }).waitFor();
    await lead.getByText('61 deals', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Pipeline board' }).getByRole('region', { name: 'Qualified' }).getByRole('link', { name: 'Ek iş 7' }).waitFor();
    assert(!page.problems.length, page.problems.join('\n'));
  }],

  ['deals: a proposal starts a deal; deal: finds contacts by their deals; lost reasons are renamed, added and removed in Settings', async page => {
    await open(page);
    await addContact(page, { name: 'Ece Güneş', city: 'Eskişehir' });
    await logInteraction(page, { type: 'Proposal', channel: 'Email', summary: 'Web sitesi teklifi', amount: '45000', currency: 'EUR' });
    await page.getByRole('link', { name: 'Start a deal from “Web sitesi teklifi”' }).click();
    await page.getByRole('heading', { level: 1, name: 'New deal' }).waitFor();
    assertEq(await field(page, 'Title').inputValue(), 'Web sitesi teklifi', 'the summary is the title');
    assertEq(await field(page, 'Contact').inputValue(), 'Ece Güneş', 'the contact is the proposal\'s');
    assertEq([await field(page, 'Amount').inputValue(), await field(page, 'Currency').inputValue()], ['45000.00', 'EUR'], 'its amount');
    assertEq(await field(page, 'Stage').inputValue(), 'proposal', 'a proposal was sent');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Web sitesi teklifi' }).waitFor();
    await page.getByText('Open · Proposal sent').waitFor();
    await section(page, 'Interactions').getByRole('link', { name: 'Web sitesi teklifi' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Ece Güneş' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByRole('link', { name: 'Deal: Web sitesi teklifi' }).waitFor();
    assertEq(await timeline.getByRole('link', { name: /^Start a deal/ }).count(), 0, 'a proposal starts one deal');

    // Line items: the amount becomes their sum; a bad quantity is explained in its line.
    await timeline.getByRole('link', { name: 'Deal: Web sitesi teklifi' }).click();
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await field(page, 'Amount').fill('');
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByRole('button', { name: 'Add line' }).click();
    const line = n => page.getByRole('group', { name: `Line ${n}` });
    await field(line(1), 'Product or service').fill('Tasarım');
    await field(line(1), 'Quantity').fill('2');
    await field(line(1), 'Unit price').fill('15.000,00');
    await field(line(2), 'Product or service').fill('Barındırma');
    await field(line(2), 'Quantity').fill('0');
    await field(line(2), 'Unit price').fill('250');
    await page.getByText('Sum of the lines: EUR 30,000.00').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await line(2).getByText('Quantity must be a number above 0 with at most 3 decimals, like 2 or 2,5.').waitFor();
    await field(line(2), 'Quantity').fill('12');
    await page.getByText('Sum of the lines: EUR 33,000.00').waitFor();
    await page.screenshot({ path: new URL('./screenshots/deal-form-lines.png', import.meta.url).pathname, fullPage: true });
    // On a phone the lines stack; nothing sideways, axe finds nothing.
    await page.setViewportSize({ width: 360, height: 780 });
    const phoneProblems = [...await axeProblems(page), ...await page.evaluate(layoutProblems)];
    assert(!phoneProblems.length, phoneProblems.join('\n'));
    await page.screenshot({ path: new URL('./screenshots/deal-form-lines-360.png', import.meta.url).pathname, fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Web sitesi teklifi' }).waitFor();
    const rows = await page.getByRole('table', { name: 'Line items' }).locator('tbody tr').allInnerTexts();
    assertEq(rows.map(r => r.replace(/\s+/g, ' ').trim()), ['Tasarım 2 EUR 15,000.00 EUR 30,000.00', 'Barındırma 12 EUR 250.00 EUR 3,000.00'], 'the lines on the deal page');
    await page.getByText('EUR 33,000.00', { exact: true }).first().waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Ece Güneş' }).click();

    // A second contact with a lost deal.
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await addContact(page, { name: 'Kaan Öztürk' });
    await section(page, 'Deals').getByRole('link', { name: 'New deal' }).click();
    await field(page, 'Title').fill('Logo tasarımı');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Mark lost' }).click();
    await page.getByRole('form', { name: 'Mark lost' }).getByLabel('Lost reason').selectOption({ label: 'Price' });
    await page.getByRole('form', { name: 'Mark lost' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Lost on .*: Price/).waitFor();

    // deal: in the contacts search, in English and in Turkish.
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    const found = async (q, names) => {
      await search.fill(q);
      await page.waitForFunction(n => [...document.querySelectorAll('[aria-label="Contacts"] li .name')].map(e => e.textContent).join('|') === n, names.join('|'), { timeout: 5000 })
        .catch(async () => { throw new Error(`${q}: ${(await rowNames(page)).join('|')} instead of ${names.join('|')}`); });
    };
    await found('deal:open', ['Ece Güneş']);
    await found('deal:lost', ['Kaan Öztürk']);
    await found('deal:"Proposal sent"', ['Ece Güneş']);
    await found('fırsat:"teklif verildi"', ['Ece Güneş']);
    await found('fırsat:kaybedildi', ['Kaan Öztürk']);
    await found('-deal:lost', ['Ece Güneş']);
    await found('deal:open,lost', ['Ece Güneş', 'Kaan Öztürk']);

    // Settings → Lost reasons: Price renamed, a reason added; a reason a deal gives stays.
    await page.getByRole('link', { name: 'Settings' }).first().click();
    const reasons = section(page, 'Lost reasons');
    await field(reasons, 'Reason 1').fill('Bütçe yetmedi');
    await reasons.getByRole('button', { name: 'Add reason' }).click();
    await field(reasons, 'Reason 6').fill('Kapsam değişti');
    await reasons.getByRole('button', { name: 'Remove Competitor' }).click();
    await reasons.getByRole('button', { name: 'Remove Bütçe yetmedi' }).click();
    await reasons.getByRole('button', { name: 'Save lost reasons' }).click();
    await reasons.getByRole('alert').filter({ hasText: '1 lost deal gives this reason, so it stays; rename it instead.' }).waitFor();
    await reasons.getByRole('button', { name: 'Keep Bütçe yetmedi' }).click();
    await reasons.getByRole('button', { name: 'Save lost reasons' }).click();
    await page.getByRole('status').filter({ hasText: 'Lost reasons saved.' }).waitFor();
    await reasons.screenshot({ path: new URL('./screenshots/settings-lost-reasons.png', import.meta.url).pathname });
    await page.reload();
    await field(reasons, 'Reason 5').waitFor();
    const names = [];
    for (let i = 1; i <= 5; i++) names.push(await field(reasons, `Reason ${i}`).inputValue());
    assertEq(names, ['Bütçe yetmedi', 'Timing', 'No decision', 'Other', 'Kapsam değişti'], 'the reasons after a reload');
    assertEq(await reasons.getByLabel('Reason 6', { exact: true }).count(), 0, 'Competitor is gone');

    // The lost deal reads with the new name; Mark lost offers the new list.
    await openContact(page, 'Kaan Öztürk');
    await section(page, 'Deals').getByText(/Lost on .*: Bütçe yetmedi/).waitFor();
    await openContact(page, 'Ece Güneş');
    await section(page, 'Deals').getByRole('link', { name: 'Web sitesi teklifi' }).click();
    await page.getByRole('button', { name: 'Mark lost' }).click();
    const offered = await page.getByRole('form', { name: 'Mark lost' }).getByLabel('Lost reason').locator('option').allInnerTexts();
    assert(offered.includes('Kapsam değişti') && offered.includes('Bütçe yetmedi') && !offered.includes('Competitor'), offered.join(', '));
    // A contact's deals go with it when it is deleted, and come back with its Undo.
    const lostList = async () => {
      await page.goto(BASE_URL + '#/deals?view=list&status=lost');
      await page.getByRole('main').getByRole('link', { name: 'Logo tasarımı' }).waitFor();
    };
    await lostList();
    await openContact(page, 'Kaan Öztürk');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    await page.evaluate(() => { location.hash = '#/deals?view=list&status=lost'; });
    await page.getByText('No deal matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Logo tasarımı' }).waitFor();
    await page.reload();
    await lostList();
    const out = JSON.parse(await exportBackup(page));
    const proposal = out.interactions.find(i => i.summary === 'Web sitesi teklifi');
    const started = out.deals.find(d => d.title === 'Web sitesi teklifi');
    assertEq(proposal.deal_id, started.id, 'the proposal is linked to the deal it started');
    assertEq(started.amount ?? null, null, 'no typed amount: the lines make it');
    assertEq(started.lines.map(l => [l.product, l.quantity_milli, l.unit_price.minor, l.unit_price.currency]),
      [['Tasarım', 2000, 1500000, 'EUR'], ['Barındırma', 12000, 25000, 'EUR']], 'the lines, in minor units and thousandths');
    assert(!page.problems.length, page.problems.join('\n'));
  }],

  ['deals: a deal started from a contact is moved, won with Record as purchase (revenue and tier follow), another lost with a reason, reopened, deleted and undone; all kept after a reload', async page => {
    await loadSample(page);
    await addContact(page, { name: 'Deniz Aksoy', city: 'İzmir' });
    const tierBefore = await page.getByTestId('value-tier').innerText();
    const deals = section(page, 'Deals');
    await deals.getByText('No deals with this contact yet.').waitFor();
    await deals.getByRole('link', { name: 'New deal' }).click();
    await page.getByRole('heading', { level: 1, name: 'New deal' }).waitFor();
    assertEq(await field(page, 'Contact').inputValue(), 'Deniz Aksoy', 'the contact is filled in');
    assertEq(await field(page, 'Stage').inputValue(), 'lead', 'a new deal starts in the first stage');
    // Wrong input is explained beside its field, and nothing is saved.
    await field(page, 'Probability').fill('120');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('A title is required.').waitFor();
    await page.getByText('Probability must be a whole number from 0 to 100.').waitFor();
    assertEq(await field(page, 'Title').getAttribute('aria-invalid'), 'true', 'the field says it is wrong');
    await field(page, 'Title').fill('Yıllık denetim');
    await field(page, 'Amount').fill('250.000,00');
    await field(page, 'Probability').fill('');
    await field(page, 'Expected close').fill(isoDaysAgo(-10));
    await field(page, 'Notes').fill('Üç şirket için');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Yıllık denetim' }).waitFor();
    await page.getByText('Open · Lead').waitFor();
    await page.screenshot({ path: new URL('./screenshots/deal-page.png', import.meta.url).pathname, fullPage: true });

    // On the board, moved with the keyboard only.
    await page.getByRole('link', { name: 'Deals' }).first().click();
    const lead = page.getByRole('region', { name: 'Pipeline board' }).getByRole('region', { name: 'Lead' });
    await lead.getByRole('link', { name: 'Yıllık denetim' }).waitFor();
    // The sample book's own deals are on the board too (one per stage).
    await lead.getByRole('listitem').filter({ hasText: 'Yıllık denetim' }).getByRole('button', { name: 'Move to' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement.textContent === 'Proposal sent'), 'Tab reaches Proposal sent');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Moved “Yıllık denetim” to Proposal sent.' }).waitFor();
    const proposal = page.getByRole('region', { name: 'Pipeline board' }).getByRole('region', { name: 'Proposal sent' });
    // With the sample's E-invoice migration (86,500 at the stage's 50 %).
    await proposal.getByText('Total TRY 336,500', { exact: true }).waitFor();
    await proposal.getByText('Weighted TRY 168,250', { exact: true }).waitFor();

    // Won, with Record as purchase (checked by default): revenue and tier follow.
    await proposal.getByRole('link', { name: 'Yıllık denetim' }).click();
    await page.getByRole('button', { name: 'Mark won' }).click();
    const won = page.getByRole('form', { name: 'Mark won' });
    assert(await won.getByRole('checkbox', { name: 'Record as purchase' }).isChecked(), 'Record as purchase is checked by default');
    await won.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: '“Yıllık denetim” marked won; the purchase is recorded.' }).waitFor();
    await page.getByText(/^Won on /).waitFor();
    await section(page, 'Interactions').getByRole('link', { name: 'Yıllık denetim' }).waitFor();
    const history = await section(page, 'Stage history').getByRole('listitem').allInnerTexts();
    assertEq(history.map(h => h.replace(/^.*? (Entered|Won)/, '$1')).join(' / '), 'Entered Lead / Entered Proposal sent / Won', 'the stage history');
    // Log interaction from the deal: linked to it, and back to the deal.
    await page.getByRole('link', { name: 'Log interaction' }).click();
    await field(page, 'Summary').fill('Teşekkür araması');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Yıllık denetim' }).waitFor();
    await section(page, 'Interactions').getByRole('link', { name: 'Teşekkür araması' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Deniz Aksoy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deniz Aksoy' }).waitFor();
    await page.getByText('TRY 250,000.00').first().waitFor();
    const tierAfter = await page.getByTestId('value-tier').innerText();
    assert(/^Not ranked/.test(tierBefore) && /^[ABCD]: /.test(tierAfter), `the tier follows the purchase: ${tierBefore} → ${tierAfter}`);
    await page.getByRole('list', { name: 'Timeline' }).locator('.summary', { hasText: 'Yıllık denetim' }).waitFor();

    // A second deal, lost with a reason; reopened.
    await section(page, 'Deals').getByRole('link', { name: 'New deal' }).click();
    await field(page, 'Title').fill('Bordro danışmanlığı');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bordro danışmanlığı' }).waitFor();
    await page.getByRole('button', { name: 'Mark lost' }).click();
    const lost = page.getByRole('form', { name: 'Mark lost' });
    await lost.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose why the deal was lost.' }).waitFor();
    await lost.getByLabel('Lost reason').selectOption({ label: 'Competitor' });
    await lost.getByLabel('Details').fill('Daha ucuz teklif');
    await lost.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Lost on .*: Competitor/).waitFor();
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByText('Open · Lead').waitFor();
    await page.getByRole('button', { name: 'Mark lost' }).click();
    await page.getByRole('form', { name: 'Mark lost' }).getByLabel('Lost reason').selectOption({ label: 'Price' });
    await page.getByRole('form', { name: 'Mark lost' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Lost on .*: Price/).waitFor();
    const lostHistory = await section(page, 'Stage history').getByRole('listitem').allInnerTexts();
    assertEq(lostHistory.map(h => h.replace(/^\d+ \w+ \d+ /, '')).join(' / '), 'Entered Lead / Decided, then reopened / Reopened in Lead / Lost', 'a reopening in the history');

    // Delete, then Undo.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Deal “Bordro danışmanlığı” deleted.' }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: 'Deal “Bordro danışmanlığı” restored.' }).waitFor();

    // After a reload everything is where it was.
    await page.reload();
    await openContact(page, 'Deniz Aksoy');
    const listed = await section(page, 'Deals').getByRole('listitem').allInnerTexts();
    assertEq(listed.length, 2, `both deals on the contact's page: ${listed.join(' | ')}`);
    assert(/^Bordro danışmanlığı · Lost on .*: Price/.test(listed[0]) || /^Yıllık denetim/.test(listed[0]), listed.join(' | '));
    const out = JSON.parse(await exportBackup(page));
    const wonDeal = out.deals.find(d => d.title === 'Yıllık denetim');
    assertEq(wonDeal.status.state, 'won', 'stored as won');
    assertEq(wonDeal.amount.minor, 25000000, 'in minor units');
    const purchase = out.interactions.find(i => i.deal_id === wonDeal.id && i.kind === 'purchase');
    assert(purchase && purchase.amount.minor === 25000000 && purchase.amount.currency === 'TRY', 'the purchase is stored, linked to the deal');
    assertEq(out.interactions.filter(i => i.deal_id === wonDeal.id).length, 2, 'the purchase and the call logged from the deal');
    const lostDeal = out.deals.find(d => d.title === 'Bordro danışmanlığı');
    assertEq(lostDeal.status.reason, 'price', 'the reason is stored by its id');
    assertEq(lostDeal.deleted_at ?? null, null, 'the Undo brought it back');

    // Insights' Pipeline: each figure checkable by hand against the two deals.
    await page.getByRole('link', { name: 'Insights' }).first().click();
    const pipeline = section(page, 'Pipeline');
    await pipeline.getByText('50 % (1 won of 2 decided)').waitFor();
    const lostTable = pipeline.getByRole('table', { name: 'Lost reasons, last 12 months' });
    await lostTable.waitFor({ state: 'attached' });
    assertEq(await lostTable.locator('tbody tr').allTextContents(), ['Price1'], 'the lost reason, counted');
    const conv = await pipeline.getByRole('table', { name: 'Conversion from each stage' }).locator('tbody tr').allInnerTexts();
    assertEq(conv.map(r => r.replace(/\s+/g, ' ')), ['Lead 3 1 of 3 (33 %)', 'Qualified 1 0 of 1 (0 %)', 'Proposal sent 2 1 of 2 (50 %)'], 'conversion by stage, the sample\'s open deals counted where they entered');
    const forecast = await pipeline.getByRole('table', { name: 'Forecast by expected close' }).locator('tbody tr').count();
    assertEq(forecast, 3, 'this month and the next two');
    await pipeline.screenshot({ path: new URL('./screenshots/insights-pipeline.png', import.meta.url).pathname });

    // The form and the deal page on a phone: nothing sideways, axe finds nothing.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(BASE_URL + `#/deals/${lostDeal.id}`);
    await page.getByRole('heading', { level: 1, name: 'Bordro danışmanlığı' }).waitFor();
    let problems = [...await axeProblems(page), ...await page.evaluate(layoutProblems)];
    assert(!problems.length, problems.join('\n'));
    await page.screenshot({ path: new URL('./screenshots/deal-page-360.png', import.meta.url).pathname, fullPage: true });
    await page.goto(BASE_URL + `#/deals/new`);
    // Typed again if the form was drawn anew meanwhile (seen once in a full run: the text
    // typed right after the form appeared was gone; noted in the closing note).
    const choose = page.getByRole('button', { name: 'Choose Deniz Aksoy' });
    for (let i = 0; i < 3 && !(await choose.count()); i++) {
      await field(page, 'Contact').fill('deniz');
      await choose.waitFor({ timeout: 5000 }).catch(() => {});
    }
    await choose.click();
    assertEq(await field(page, 'Contact').inputValue(), 'Deniz Aksoy', 'chosen by typing part of the name');
    problems = [...await axeProblems(page), ...await page.evaluate(layoutProblems)];
    assert(!problems.length, problems.join('\n'));
    await page.screenshot({ path: new URL('./screenshots/deal-form-360.png', import.meta.url).pathname, fullPage: true });
    assert(!page.problems.length, page.problems.join('\n'));
  }],

  ['backup: bad files are refused with a reason and change nothing', async page => {
    await open(page);
    await addContact(page, { name: 'Kalıcı Kişi' });
    const good = await exportBackup(page);
    const cases = [
      ['not JSON', 'BEGIN:VCARD\nFN:x\nEND:VCARD', /not JSON \(line 1, column 1/],
      ['empty', '', /The file is empty/],
      ['not a Bakkal backup', '{"hello": "world"}', /not a Bakkal backup/],
      ['newer version', good.replace('"version":3', '"version":99'), /newer version of Bakkal/],
      ['out of range', good.replace('"birthday":null', '"birthday":"1850-01-01"'), /Contact record 1 is not valid: birthday 1850-01-01 is outside 1900–2200/],
      ['truncated', good.slice(0, good.length - 40), /ends too early/],
      ['wrong types', good.replace('"display_name":"Kalıcı Kişi"', '"display_name":42'), /Contact record 1 is not valid: invalid type/],
      ['duplicate ids', good.replace(/"contacts":\[\n(.*)\n\]/, (m, c) => `"contacts":[\n${c},\n${c}\n]`), /Contact records 1 and 2 have the same id/],
      ['unknown contact', good.replace('"interactions":[]', '"interactions":[{"id":"6f1f7d1e-0000-4000-8000-000000000001","contact_id":"6f1f7d1e-0000-4000-8000-0000000000ff","at":"2026-01-01T10:00:00Z","channel":"phone","direction":"in","kind":"call","summary":"x","created_at":"2026-01-01T10:00:00Z","updated_at":"2026-01-01T10:00:00Z"}]'), /Interaction record 1 belongs to contact 6f1f7d1e-0000-4000-8000-0000000000ff/],
      ['deal of an unknown contact', good.replace('"deals":[]', '"deals":[{"id":"6f1f7d1e-0000-4000-8000-000000000002","contact_id":"6f1f7d1e-0000-4000-8000-0000000000fe","title":"Denetim","stage":"lead","status":{"state":"open"},"history":[{"at":"2026-01-01T10:00:00Z","stage":"lead"}],"created_at":"2026-01-01T10:00:00Z","updated_at":"2026-01-01T10:00:00Z"}]'), /Deal record 1 is with contact 6f1f7d1e-0000-4000-8000-0000000000fe/],
      ['deal over 100 %', good.replace('"deals":[]', '"deals":[{"id":"6f1f7d1e-0000-4000-8000-000000000003","contact_id":"6f1f7d1e-0000-4000-8000-0000000000fe","title":"Denetim","stage":"lead","probability":140,"status":{"state":"open"},"history":[{"at":"2026-01-01T10:00:00Z","stage":"lead"}],"created_at":"2026-01-01T10:00:00Z","updated_at":"2026-01-01T10:00:00Z"}]'), /Deal record 1 is not valid: probability 140 is over 100/],
    ];
    for (const [what, text, message] of cases) {
      await chooseBackup(page, text);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const said = await alert.innerText();
      assert(message.test(said), `${what}: ${said}`);
      assert(/Your book is unchanged/.test(said), `${what}: says the book is unchanged`);
    }
    await page.screenshot({ path: new URL('./screenshots/backup-refused.png', import.meta.url).pathname });
    const after = await exportBackup(page);
    assertEq(withoutTime(after), withoutTime(good), 'the book is exactly as it was');
  }],

  ['backup: merge keeps a newer edit made here; encrypted files need the passphrase', async page => {
    await open(page);
    await addContact(page, { name: 'Deniz Arslan', notes: 'old note' });
    const encrypted = await exportBackup(page, 'doğru parola 123');
    assert(encrypted.startsWith('{"format":"bakkal-backup-encrypted","version":1,'), 'recognisable encrypted file');
    assert(!encrypted.includes('Deniz'), 'no plain text inside');
    // A newer edit on this device.
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByRole('link', { name: /Deniz Arslan/ }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await field(page, 'Notes').fill('newer note made here');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('newer note made here').waitFor();
    await chooseBackup(page, encrypted);
    await field(page, 'Passphrase for this file').fill('yanlış parola');
    await page.getByRole('button', { name: 'Decrypt' }).click();
    await page.getByRole('alert').getByText(/passphrase is wrong.*Type it again/).waitFor();
    // Type again, without choosing the file again.
    await field(page, 'Passphrase for this file').fill('doğru parola 123');
    await page.getByRole('button', { name: 'Decrypt' }).click();
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.getByText('1 newer here (kept)').waitFor();
    await preview.getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByRole('link', { name: /Deniz Arslan/ }).click();
    await page.getByText('newer note made here').waitFor();
  }],
);

tests.push(
  ['backup: replace can be undone from inside the app, no file needed', async page => {
    await open(page);
    await addContact(page, { name: 'Önceki Kişi' });
    const file = await exportBackup(page);
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await addContact(page, { name: 'Sonradan Eklenen' });
    await logInteraction(page, { type: 'Call', summary: 'Sonradan arandı' });
    await chooseBackup(page, file);
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.getByText(/it would remove 1 contacts, 1 interactions, 0 follow-ups, 0 deals and 0 settings/).waitFor();
    let downloads = 0;
    page.on('download', () => downloads++);
    await preview.getByRole('button', { name: 'Replace' }).click();
    await page.getByText(/The book was replaced by the backup/).waitFor();
    assertEq(downloads, 0, 'Replace does not rely on a downloaded copy');
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    assertEq(await rowNames(page), ['Önceki Kişi'], 'exactly the file');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('The book is back as it was before the Replace.').waitFor();
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    assertEq((await rowNames(page)).length, 2, 'the previous book is back');
    await page.getByRole('link', { name: /Önceki Kişi/ }).waitFor();
    await page.getByRole('link', { name: /Sonradan Eklenen/ }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Sonradan arandı').waitFor();
  }],
);

tests.push(
  ['the list sorts by last contact; Activity filters by date range', async page => {
    await open(page);
    await addContact(page, { name: 'Aaa Eski' });
    await logInteraction(page, { type: 'Call', summary: 'Long ago', daysAgo: 60 });
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await addContact(page, { name: 'Zzz Yeni' });
    await logInteraction(page, { type: 'Call', summary: 'Yesterday', daysAgo: 1 });
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    assertEq(await rowNames(page), ['Aaa Eski', 'Zzz Yeni'], 'by name');
    await page.getByLabel('Sort by').selectOption({ label: 'Last contact' });
    await page.waitForFunction(() => location.hash.includes('sort=last'));
    assertEq(await rowNames(page), ['Zzz Yeni', 'Aaa Eski'], 'most recently in touch first');
    await page.getByText(/last contact \d+ \w+ \d{4}/).first().waitFor();
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    assertEq(await rowNames(page), ['Zzz Yeni', 'Aaa Eski'], 'the order is in the URL');
    await page.getByRole('link', { name: 'Activity' }).click();
    const list = page.getByRole('list', { name: 'Activity' });
    await list.locator('li').nth(1).waitFor();
    await page.getByLabel('From').fill(isoDaysAgo(10));
    await page.getByLabel('From').dispatchEvent('change');
    await page.waitForFunction(() => location.hash.includes('from='));
    await page.getByText('1 interaction').waitFor();
    assertEq(await list.locator('li .name').allInnerTexts(), ['Zzz Yeni — Yesterday'], 'only the recent one');
    await page.goto(BASE_URL + `#/activity?to=${isoDaysAgo(30)}`);
    await page.getByText('1 interaction').waitFor();
    assertEq(await page.getByRole('list', { name: 'Activity' }).locator('li .name').allInnerTexts(), ['Aaa Eski — Long ago'], 'only the old one');
  }],

  ['a contact can be added and found with the keyboard only', async page => {
    await open(page);
    await page.getByRole('button', { name: 'New contact' }).first().focus();
    await page.keyboard.press('Enter');
    await field(page, 'Name').waitFor();
    await page.keyboard.type('Klavye Kullanıcısı');
    await page.keyboard.press('Tab'); // Organisation
    await page.keyboard.type('Erişilebilir Ltd');
    await page.keyboard.press('Enter'); // submits the form
    await page.getByRole('heading', { level: 1, name: 'Klavye Kullanıcısı' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('searchbox', { name: 'Search contacts' }).focus();
    await page.keyboard.type('klavye');
    await page.getByRole('list', { name: 'Contacts' }).getByRole('link', { name: /Klavye Kullanıcısı/ }).waitFor();
  }],
);

async function chooseContacts(page, name, buffer) {
  await page.getByRole('link', { name: 'Backup' }).click();
  await page.getByLabel('Contacts file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

tests.push(
  ['contacts import: the corpus vCards, duplicates, a Turkish CSV; CSV export defuses formulas', async page => {
    await open(page);
    const corpusBytes = name => readFileSync(new URL(`../tests/corpus/${name}`, import.meta.url));
    for (const [file, names] of [
      ['ezvcard_John_Doe_ANDROID_v21.vcf', ['john.doe@company.com', 'Ñ Ñ Ñ Ñ Ñ']],
      ['ezvcard_outlook-2007_v21.vcf', ['Mr. Michael Angstadt Jr.']],
      ['ezvcard_rfc6350-example_v40.vcf', ['Simon Perreault']],
    ]) {
      await chooseContacts(page, file, corpusBytes(file));
      const review = page.getByRole('region', { name: 'Contacts to import' });
      await review.getByRole('button', { name: 'Import contacts' }).click();
      await page.getByText(/^Imported: /).waitFor();
      for (const n of names) {
        await page.getByRole('link', { name: 'Contacts' }).first().click();
        await page.getByRole('searchbox', { name: 'Search contacts' }).fill(n);
        await page.getByRole('list', { name: 'Contacts' }).getByRole('link', { name: new RegExp(n.replace(/[.]/g, '\\.')) }).first().waitFor();
      }
    }
    // Outlook's details came through.
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('Angstadt');
    await page.getByRole('list', { name: 'Contacts' }).getByRole('link').first().click();
    for (const text of ['(111) 555-1111', 'TheCompany, TheDepartment', 'New York', 'This is the NOTE field']) {
      await page.getByText(text).first().waitFor();
    }
    // The same file again: a likely duplicate, skipped by default.
    await chooseContacts(page, 'outlook.vcf', corpusBytes('ezvcard_outlook-2007_v21.vcf'));
    const review = page.getByRole('region', { name: 'Contacts to import' });
    await review.getByText(/1 look like contacts already in your book/).waitFor();
    await review.getByLabel(/Mr\. Michael Angstadt Jr\. \(already here as/).waitFor();
    await page.screenshot({ path: new URL('./screenshots/contacts-import-duplicates.png', import.meta.url).pathname, fullPage: true });
    await review.getByRole('button', { name: 'Import contacts' }).click();
    await page.getByText('Imported: 0 contacts added or updated.').waitFor();
    // A Turkish spreadsheet: semicolons, Turkish headers, a broken row.
    const csv = '\uFEFFAd Soyad;E-posta;Telefon;Şehir;Notlar\r\nİpek Şahin;ipek@ornek.com.tr;0532 999 88 77;İzmir;"iki\nsatır"\r\n;;;;\r\n=1+2;;;;\r\n';
    await chooseContacts(page, 'kisiler.csv', Buffer.from(csv));
    const mapping = page.getByRole('region', { name: 'Column mapping' });
    assertEq(await mapping.getByLabel('Column 1 (Ad Soyad)').inputValue(), 'Name', 'pre-filled mapping');
    await page.screenshot({ path: new URL('./screenshots/contacts-import-mapping.png', import.meta.url).pathname, fullPage: true });
    await mapping.getByRole('button', { name: 'Continue' }).click();
    const review2 = page.getByRole('region', { name: 'Contacts to import' });
    await review2.getByText('row 3: it has no name, organisation or e-mail').waitFor();
    await review2.getByRole('button', { name: 'Import contacts' }).click();
    await page.getByText('Imported: 2 contacts added or updated.').waitFor();
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('ipek izmir');
    await page.getByRole('list', { name: 'Contacts' }).getByRole('link', { name: /İpek Şahin/ }).waitFor();
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const out = readFileSync(await download.path(), 'utf8');
    assert(out.includes("\n'=1+2,"), 'formula defused: ' + out.slice(0, 300));
    assert(out.includes('İpek Şahin,,,,,ipek@ornek.com.tr'), 'Turkish letters kept');
  }],
);

tests.push(
  ['contacts import: sixty duplicates get one choice for all of them', async page => {
    await open(page);
    const rows = n => Array.from({ length: 60 }, (_, i) => `Firma ${i};firma${i}@ornek.com.tr;${n}`).join('\r\n');
    const csv = n => Buffer.from(`Ad Soyad;E-posta;Notlar\r\n${rows(n)}\r\n`);
    await chooseContacts(page, 'firmalar.csv', csv('ilk'));
    await page.getByRole('region', { name: 'Column mapping' }).getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('region', { name: 'Contacts to import' }).getByRole('button', { name: 'Import contacts' }).click();
    await page.getByText('Imported: 60 contacts added or updated.').waitFor();
    await chooseContacts(page, 'firmalar.csv', csv('ikinci'));
    await page.getByRole('region', { name: 'Column mapping' }).getByRole('button', { name: 'Continue' }).click();
    const review = page.getByRole('region', { name: 'Contacts to import' });
    await review.getByText('60 look like contacts already in your book (same e-mail or phone).').waitFor();
    assert(!(await review.getByLabel(/Firma 7 \(already here as/).isVisible()), 'the one-by-one list starts folded');
    await review.getByLabel('For all of them').selectOption({ label: 'Merge into the existing contact' });
    await review.getByRole('button', { name: 'Import contacts' }).click();
    await page.getByText('Imported: 60 contacts added or updated.').waitFor();
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    assertEq(parseInt(await countLine(page), 10), 60, 'merged, not duplicated');
  }],
);

// Relationship intelligence (issue 5).
async function loadSample(page) {
  await open(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
}

async function search(page, q) {
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(q);
  await page.waitForTimeout(50);
  const line = await countLine(page);
  return /^No contacts/.test(line) ? 0 : parseInt(line, 10);
}

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/// Records of a CSV text (quoted fields may hold commas, quotes and line breaks).
function csvRecords(text) {
  const records = [];
  let record = [], cell = '', quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { record.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      record.push(cell); records.push(record); record = []; cell = '';
    } else cell += ch;
  }
  if (cell || record.length) { record.push(cell); records.push(record); }
  return records;
}

async function tierCounts(page) {
  const out = {};
  for (const t of ['A', 'B', 'C', 'D']) out[t] = parseInt(await page.getByTestId(`tier-${t}-count`).innerText(), 10);
  return out;
}

tests.push(
  ['Insights: the pyramid has four tiers adding up to the customers; strategies and dashboard', async page => {
    await loadSample(page);
    const customers = await search(page, '-status:prospect');
    assert(customers > 10, `sample has customers: ${customers}`);
    await nav(page, 'Insights').click();
    const pyramid = section(page, 'Customer pyramid');
    await pyramid.waitFor();
    assert(await pyramid.locator('svg polygon').count() === 4, 'four tiers drawn');
    const counts = await tierCounts(page);
    assertEq(counts.A + counts.B + counts.C + counts.D, customers, `tier counts ${JSON.stringify(counts)} add up to the customers`);
    assert(counts.A >= 1 && counts.D >= 1, 'A and D are not empty');
    await page.getByRole('table', { name: /customers by tier/ }).waitFor();
    for (const h of ['Segments matrix', 'Prospecting', 'Cross-selling', 'Win-back', 'Loyalty', 'Dashboard'])
      await page.getByRole('heading', { name: h, exact: true }).waitFor();
    const dash = section(page, 'Dashboard');
    await dash.getByText('12-month retention').waitFor();
    await dash.getByRole('table', { name: 'Revenue by month' }).waitFor({ state: 'attached' });
    assertEq(await dash.getByRole('table', { name: 'Revenue by month' }).locator('tbody tr').count(), 12, '12 months in the table alternative');
    // The matrix: a cell opens its contacts; its count matches the list.
    const cell = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Tier' }) }).last().getByRole('link').first();
    const cellCount = parseInt(await cell.innerText(), 10);
    await cell.click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    assertEq(parseInt(await countLine(page), 10), cellCount, 'matrix cell count = its list');
    // A tier opens its contacts.
    await nav(page, 'Insights').click();
    await page.getByRole('link', { name: 'Tier A', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    await page.getByRole('status').filter({ hasText: /match/ }).waitFor();
    assertEq(parseInt(await countLine(page), 10), counts.A, 'tier A link lists tier A');
    // Win-back items have a one-click Log interaction.
    await nav(page, 'Insights').click();
    const winBack = section(page, 'Win-back');
    const lists = ['Prospecting', 'Cross-selling', 'Win-back', 'Loyalty'];
    await winBack.waitFor();
    await page.getByRole('heading', { name: 'Loyalty', exact: true }).waitFor();
    let logged = false;
    for (const name of lists) {
      const s = section(page, name);
      if (await s.getByRole('link', { name: 'Log interaction' }).count() > 0) {
        const who = await s.getByRole('listitem').first().getByRole('link').first().innerText();
        await s.getByRole('link', { name: 'Log interaction' }).first().click();
        await page.getByRole('heading', { name: 'Log interaction' }).waitFor();
        await page.getByText(who).first().waitFor();
        logged = true;
        break;
      }
    }
    assert(logged, 'some work list has an item');
    void winBack;
    await nav(page, 'Insights').click();
    await section(page, 'Dashboard').scrollIntoViewIfNeeded();
  }],
  ['a weight change moves a contact between tiers', async page => {
    await loadSample(page);
    assert(await search(page, 'tier:D') > 0, 'tier D has contacts');
    await page.getByRole('list', { name: 'Contacts' }).getByRole('link').first().click();
    // The contact's page first, then its name (not the list's heading, a frame early).
    await page.getByTestId('value-tier').getByText(/^D: top/).waitFor();
    const name = await page.getByRole('heading', { level: 1 }).innerText();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const strategic = field(page, 'Strategic importance (0–5)');
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (!(await strategic.isVisible())) await page.locator('summary').filter({ hasText: 'More details' }).click();
    await strategic.fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const before = await page.getByTestId('value-tier').innerText();
    assert(!before.startsWith('A:'), `not tier A yet: ${before}`);
    await nav(page, 'Settings').click();
    await page.getByRole('heading', { name: 'Value keys' }).waitFor();
    for (const label of ['Lifetime revenue weight', 'Frequency weight', 'Recency weight', 'Relationship length weight', 'Referrals weight'])
      await field(page, label).fill('0');
    assertEq(await field(page, 'Strategic importance weight').inputValue(), '1', 'default strategic weight');
    await page.screenshot({ path: new URL('./screenshots/settings-value-keys.png', import.meta.url).pathname, fullPage: true });
    await page.goto(BASE_URL + '#/contacts?q=' + encodeURIComponent(name));
    await page.getByRole('list', { name: 'Contacts' }).getByRole('link').first().click();
    await page.getByTestId('value-tier').getByText(/^A: top/).waitFor();
    // The weights are stored: after a reload they still apply.
    await page.reload();
    await page.getByTestId('value-tier').getByText(/^A: top/).waitFor();
    await nav(page, 'Settings').click();
    assertEq(await field(page, 'Recency weight').inputValue(), '0', 'weight kept after reload');
    await field(page, 'Recency weight').fill('-3');
    await page.getByText('Enter a number from 0 to 100.').waitFor();
    await page.getByRole('button', { name: 'Restore default value keys' }).click();
    await page.getByText('Value keys restored to their defaults.').waitFor();
    assertEq(await field(page, 'Recency weight').inputValue(), '2', 'default restored');
  }],
  ['a saved segment survives a reload with its live count and exports as CSV', async page => {
    await loadSample(page);
    const q = 'status:active,won-back,at-risk -tier:D';
    const n = await search(page, q);
    assert(n > 0, `segment has contacts: ${n}`);
    await field(page, 'Segment name').fill('Best customers');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByText('Saved segment “Best customers”.').waitFor();
    await page.reload();
    const saved = page.getByRole('navigation', { name: 'Saved segments' });
    await saved.getByRole('link', { name: 'Best customers' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');
    assertEq(parseInt(await saved.getByTestId('segment-count').first().innerText(), 10), n, 'live count after reload');
    await saved.getByRole('link', { name: 'Best customers' }).click();
    await page.waitForFunction(q => document.querySelector('#search')?.value === q, q);
    assertEq(await page.getByRole('searchbox', { name: 'Search contacts' }).inputValue(), q, 'the segment opens its query');
    assertEq(parseInt(await countLine(page), 10), n, 'list count');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    const records = csvRecords(csv);
    assert(records[0].includes('Name'), 'header row');
    assertEq(records.length - 1, n, 'CSV has one record per contact of the segment');
    const names = await rowNames(page);
    for (const nm of names.slice(0, 5)) assert(records.some(r => r.includes(nm)), `export has ${nm}`);
    const [vcf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export vCard' }).click()]);
    assertEq((readFileSync(await vcf.path(), 'utf8').match(/BEGIN:VCARD/g) ?? []).length, n, 'vCard export has the segment');
    // A new contact that fits changes the live count; the status filter menu edits the query.
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Lapsed' });
    await page.waitForFunction(() => document.querySelector('#search')?.value.startsWith('status:lapsed'));
    assertEq(await page.getByRole('searchbox', { name: 'Search contacts' }).inputValue(), 'status:lapsed -tier:D', 'menu replaced the status word');
  }],
  ['a query error points at the offending word and changes nothing', async page => {
    await loadSample(page);
    const all = parseInt(await countLine(page), 10);
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('tag:vip colour:red');
    const alert = page.getByRole('alert').filter({ hasText: 'colour' });
    await alert.getByText(/Unknown field “colour”/).waitFor();
    assertEq(await alert.locator('mark').innerText(), 'colour:red', 'the offending word is marked');
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('last:soon');
    await page.getByRole('alert').filter({ hasText: 'last:soon' }).waitFor();
    await field(page, 'Segment name').fill('Broken');
    await page.getByRole('button', { name: 'Save segment' }).click();
    assertEq(await page.getByRole('navigation', { name: 'Saved segments' }).count(), 0, 'nothing saved');
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('');
    assertEq(parseInt(await countLine(page), 10), all, 'list back to all');
  }],
);

// ---- One book in many tabs and on many devices (the reliability issue) ----

/// A second tab of the same browser profile (same IndexedDB, same tabs' channel).
async function secondTab(page) {
  const tab = await page.context().newPage();
  tab.problems = [];
  tab.on('pageerror', e => tab.problems.push(`page error: ${e.message}`));
  tab.on('console', m => { if (m.type() === 'error') tab.problems.push(`console error: ${m.text()}`); });
  return tab;
}

async function openContact(page, name) {
  await page.goto(BASE_URL + '#/contacts');
  await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
  await page.getByRole('link', { name: new RegExp(name) }).first().click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function editNotes(page, notes) {
  await field(page, 'Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
}

const facts = page => page.locator('dl.facts').innerText();
const notes = page => page.locator('section.notes').innerText();

tests.push(
  ['tabs: a stale tab combines its edit with the other tab\'s and keeps the stored history', async page => {
    await open(page);
    await addContact(page, { name: 'Ayla Tabcı', phone: '+90 532 000 00 00', notes: 'first note' });
    const b = await secondTab(page);
    await openContact(b, 'Ayla Tabcı');
    await b.getByRole('button', { name: 'Edit' }).click();
    // Tab A changes the phone and logs a purchase while B's form is open.
    await page.getByRole('button', { name: 'Edit' }).click();
    await field(page, 'Phone').fill('+90 532 111 11 11');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ayla Tabcı' }).waitFor();
    await logInteraction(page, { type: 'Purchase', summary: 'Yıllık denetim', amount: '4.321,00', currency: 'TRY', product: 'Denetim' });
    await b.getByText('This contact was changed in another tab since you opened this form.').waitFor({ timeout: 3000 });
    await editNotes(b, 'note from tab B');
    await b.getByText('Saved, together with the changes made in another tab.').waitFor();
    for (const p of [page, b]) {
      await p.reload();
      await p.getByRole('heading', { level: 1, name: 'Ayla Tabcı' }).waitFor();
      const f = await facts(p);
      assert(f.includes('+90 532 111 11 11'), `A's phone change is kept: ${f}`);
      assert((await notes(p)).includes('note from tab B'), `B's notes are kept`);
      await p.getByText(/4\.321,00|4,321\.00/).first().waitFor();
      assert(!(await p.locator('.stats').innerText()).includes('none yet'), 'the purchase is still in the history');
    }
    assert(!b.problems.length, b.problems.join('\n'));
  }],

  ['tabs: the same field changed in two tabs shows both values and a choice', async page => {
    await open(page);
    await addContact(page, { name: 'Çakışan Kişi', notes: 'base' });
    const b = await secondTab(page);
    await openContact(b, 'Çakışan Kişi');
    await b.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await editNotes(page, 'from tab A');
    await page.getByRole('heading', { level: 1, name: 'Çakışan Kişi' }).waitFor();
    await editNotes(b, 'from tab B');
    const clash = b.getByRole('alert').filter({ hasText: 'Changed in another tab' });
    await clash.waitFor();
    const text = await clash.innerText();
    assert(text.includes('from tab A') && text.includes('from tab B'), text);
    await b.screenshot({ path: new URL('./screenshots/changed-in-another-tab.png', import.meta.url).pathname, fullPage: true });
    await clash.getByRole('button', { name: 'Keep mine' }).click();
    await b.getByRole('heading', { level: 1, name: 'Çakışan Kişi' }).waitFor();
    // Tab A follows within a second, without a reload.
    await page.getByText('from tab B').waitFor({ timeout: 2000 });
  }],

  ['tabs: a contact made or deleted in one tab shows in the other without a reload; a stale edit does not bring it back', async page => {
    await open(page);
    await addContact(page, { name: 'Birinci Kişi' });
    const b = await secondTab(page);
    await b.goto(BASE_URL + '#/contacts');
    await b.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await addContact(page, { name: 'Yeni Sekme Kişisi' });
    await logInteraction(page, { type: 'Call', summary: 'Telefon görüşmesi' });
    await b.getByRole('link', { name: /Yeni Sekme Kişisi/ }).waitFor({ timeout: 2000 });
    await b.getByRole('link', { name: /Yeni Sekme Kişisi/ }).click();
    await b.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    await editNotes(b, 'edited after the delete');
    await b.getByText(/deleted in another tab/).waitFor();
    // Undo in tab A brings it back with its timeline.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('link', { name: /Yeni Sekme Kişisi/ }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Telefon görüşmesi').waitFor();
  }],

  ['tabs: an interaction form notices a change made in another tab and combines different fields', async page => {
    await open(page);
    await addContact(page, { name: 'Etkileşim Kişisi' });
    await logInteraction(page, { type: 'Call', summary: 'İlk arama' });
    const b = await secondTab(page);
    await openContact(b, 'Etkileşim Kişisi');
    await b.getByRole('link', { name: 'Edit İlk arama' }).click();
    await b.getByRole('heading', { name: 'Edit interaction' }).waitFor();
    await page.getByRole('link', { name: 'Edit İlk arama' }).click();
    await field(page, 'Details').fill('details from tab A');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('list', { name: 'Timeline' }).waitFor();
    await b.getByText('This interaction was changed in another tab since you opened this form.').waitFor({ timeout: 3000 });
    await field(b, 'Summary').fill('Arama, B sekmesinden');
    await b.getByRole('button', { name: 'Save' }).click();
    await b.getByRole('list', { name: 'Timeline' }).getByText('Arama, B sekmesinden').waitFor();
    await b.reload();
    await b.getByRole('list', { name: 'Timeline' }).getByText('details from tab A').waitFor();
  }],

  ['devices: deleted on one, edited on the other: the merge keeps the contact with its history', async (page, browser) => {
    await open(page);
    await addContact(page, { name: 'Kalan Müşteri' });
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await addContact(page, { name: 'Gezgin Müşteri', notes: 'v1' });
    await logInteraction(page, { type: 'Call', summary: 'İlk görüşme' });
    const shared = await exportBackup(page);
    const phone = await freshPage(browser);
    await open(phone);
    await chooseBackup(phone, shared);
    await phone.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await phone.getByText(/^Merged:/).waitFor();
    // Device 1 deletes; device 2 edits later.
    await openContact(page, 'Gezgin Müşteri');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    await openContact(phone, 'Gezgin Müşteri');
    await phone.getByRole('button', { name: 'Edit' }).click();
    await editNotes(phone, 'edited on the phone');
    await phone.getByRole('heading', { level: 1, name: 'Gezgin Müşteri' }).waitFor();
    const fromPhone = await exportBackup(phone);
    await chooseBackup(page, fromPhone);
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.getByText(/come back, with their history/).waitFor();
    await preview.getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await openContact(page, 'Gezgin Müşteri');
    assert((await notes(page)).includes('edited on the phone'), 'the edit is there');
    await page.getByRole('list', { name: 'Timeline' }).getByText('İlk görüşme').waitFor();
    await phone.context().close();
  }],

  ['devices: both edit the same contact; each shows the other version and Use this version settles it', async (page, browser) => {
    await open(page);
    await addContact(page, { name: 'İki Cihazlı', notes: 'ortak' });
    const shared = await exportBackup(page);
    const phone = await freshPage(browser);
    await open(phone);
    await chooseBackup(phone, shared);
    await phone.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await phone.getByText(/^Merged:/).waitFor();
    await openContact(page, 'İki Cihazlı');
    await page.getByRole('button', { name: 'Edit' }).click();
    await editNotes(page, 'laptop notu');
    await openContact(phone, 'İki Cihazlı');
    await phone.getByRole('button', { name: 'Edit' }).click();
    await editNotes(phone, 'telefon notu');
    await phone.getByRole('heading', { level: 1, name: 'İki Cihazlı' }).waitFor();
    const fromPhone = await exportBackup(phone);
    const fromLaptop = await exportBackup(page);
    await chooseBackup(page, fromPhone);
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.getByText('1 edited both here and in the file (both versions kept; one is shown, you can pick the other)').waitFor();
    await preview.getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await chooseBackup(phone, fromLaptop);
    await phone.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await phone.getByText(/^Merged:/).waitFor();
    // Both devices show the same winner and the other version.
    const shown = [];
    for (const p of [page, phone]) {
      await openContact(p, 'İki Cihazlı');
      const card = p.getByRole('region', { name: /^Also edited elsewhere on/ });
      await card.waitFor();
      const f = await notes(p);
      shown.push(f.includes('laptop notu') ? 'laptop' : 'telefon');
    }
    assertEq(shown[0], shown[1], 'the same version wins on both devices');
    await page.screenshot({ path: new URL('./screenshots/also-edited-elsewhere.png', import.meta.url).pathname, fullPage: true });
    await page.getByRole('region', { name: /^Also edited elsewhere on/ }).getByRole('button', { name: 'Use this version' }).click();
    await page.getByText('Conflict resolved').waitFor();
    assert(!(await notes(page)).includes(shown[0] === 'laptop' ? 'laptop notu' : 'telefon notu'), 'the other version is now shown');
    assertEq(await page.getByRole('region', { name: /^Also edited elsewhere on/ }).count(), 0, 'no conflict left');
    // The resolution travels: the phone takes it without a new conflict.
    const resolved = await exportBackup(page);
    await chooseBackup(phone, resolved);
    await phone.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await phone.getByText(/^Merged:/).waitFor();
    await openContact(phone, 'İki Cihazlı');
    assertEq(await phone.getByRole('region', { name: /^Also edited elsewhere on/ }).count(), 0, 'settled on the phone too');
    await phone.context().close();
  }],

  ['devices: a wrong clock decides nothing, and importing twice changes nothing', async page => {
    await open(page);
    await addContact(page, { name: 'Saat Hatası', notes: 'from the file' });
    const file = JSON.parse(await exportBackup(page));
    // The file comes from a device whose clock runs years ahead.
    file.contacts[0].updated_at = '2099-01-01T00:00:00.000Z';
    const text = JSON.stringify(file);
    await openContact(page, 'Saat Hatası');
    await page.getByRole('button', { name: 'Edit' }).click();
    await editNotes(page, 'edited here, later');
    await page.getByRole('heading', { level: 1, name: 'Saat Hatası' }).waitFor();
    for (let i = 0; i < 2; i++) {
      await chooseBackup(page, text);
      const preview = page.getByRole('region', { name: 'Import preview' });
      await preview.getByText('1 newer here (kept)').waitFor();
      await preview.getByRole('button', { name: 'Merge' }).click();
      await page.getByText(/^Merged:/).waitFor();
    }
    await openContact(page, 'Saat Hatası');
    assert((await notes(page)).includes('edited here, later'), 'the later edit stays');
  }],

  ['devices: segments saved on two devices both survive a merge', async (page, browser) => {
    await open(page);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    await search.waitFor();
    const shared = await exportBackup(page);
    const phone = await freshPage(browser);
    await open(phone);
    await chooseBackup(phone, shared);
    await phone.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await phone.getByText(/^Merged:/).waitFor();
    for (const [p, name, q] of [[page, 'Laptop segmenti', 'status:active'], [phone, 'Telefon segmenti', 'tier:A']]) {
      await p.getByRole('link', { name: 'Contacts' }).first().click();
      await p.getByRole('searchbox', { name: 'Search contacts' }).fill(q);
      await field(p, 'Segment name').fill(name);
      await p.getByRole('button', { name: 'Save segment' }).click();
      await p.getByRole('navigation', { name: 'Saved segments' }).getByText(name).waitFor();
    }
    await chooseBackup(page, await exportBackup(phone));
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    const nav = page.getByRole('navigation', { name: 'Saved segments' });
    await nav.getByText('Laptop segmenti').waitFor();
    await nav.getByText('Telefon segmenti').waitFor();
    await phone.context().close();
  }],

  ['backup: a passphrase typed differently twice writes no file', async page => {
    await open(page);
    await addContact(page, { name: 'Parola Kişisi' });
    await page.getByRole('link', { name: 'Backup' }).click();
    await page.getByLabel('Encrypt with a passphrase').check();
    await field(page, 'Passphrase').fill('uzun bir parola 1');
    await field(page, 'Confirm passphrase').fill('uzun bir parola 2');
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: 'Export backup' }).click();
    await page.getByRole('alert').getByText(/The two passphrases differ/).waitFor();
    await page.waitForTimeout(300);
    assertEq(downloads, 0, 'no file was written');
  }],

  ['a panic in the backup worker in the middle of an import writes nothing and says so; the page goes on', async page => {
    await open(page);
    await addContact(page, { name: 'Sağlam Kişi' });
    const before = await exportBackup(page);
    const file = JSON.parse(before);
    file.contacts.push({ ...file.contacts[0], id: '6f1f7d1e-0000-4000-8000-0000000000aa', display_name: 'Yarım Kalan', _rev: undefined, _revisions: undefined });
    await chooseBackup(page, JSON.stringify(file));
    // The page hands the injected failure to the worker with the write.
    await page.evaluate(() => { globalThis.__bakkalFail = 'panic:after-records'; });
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByRole('alert').filter({ hasText: 'the import stopped because of a bug' }).waitFor();
    await page.screenshot({ path: new URL('./screenshots/import-worker-crash.png', import.meta.url).pathname });
    await page.evaluate(() => { delete globalThis.__bakkalFail; });
    const after = await exportBackup(page);
    assertEq(withoutTime(after), withoutTime(before), 'nothing of the import was written');
    // The page itself never stopped: the next import goes through.
    await chooseBackup(page, JSON.stringify(file));
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged: 1 new/).waitFor();
    page.problems = page.problems.filter(p => !/injected panic|unreachable|backup worker stopped/.test(p));
  }],

  ['a backup check whose worker stops is tried once more in a fresh worker, and the import goes through', async page => {
    await open(page);
    await addContact(page, { name: 'Sağlam Kişi' });
    const file = JSON.parse(await exportBackup(page));
    file.contacts.push({ ...file.contacts[0], id: '6f1f7d1e-0000-4000-8000-0000000000bb', display_name: 'İkinci Denemede', _rev: undefined, _revisions: undefined });
    // The first worker stops during the check (taken once: the fresh worker's check passes).
    await page.evaluate(() => { globalThis.__bakkalFail = 'panic:check'; });
    await chooseBackup(page, JSON.stringify(file));
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.waitFor();
    assert(page.problems.some(p => /backup worker stopped:[\s\S]*injected panic in the check/.test(p)), `the first worker stopped: ${page.problems.join(' | ')}`);
    assertEq(await page.getByRole('alert').filter({ hasText: 'stopped' }).count(), 0, 'no refusal shown');
    await preview.getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged: 1 new/).waitFor();
    await page.evaluate(() => { location.hash = '#/contacts'; });
    await page.getByRole('link', { name: /İkinci Denemede/ }).waitFor();
    page.problems = page.problems.filter(p => !/injected panic|unreachable|backup worker stopped/.test(p));
  }],

  ['never freezes: a big backup is read, checked and written by the worker while the page answers; Cancel mid-write writes nothing', async page => {
    await open(page);
    await addContact(page, { name: 'Burada Kalan' });
    const before = await exportBackup(page);
    const file = JSON.parse(before);
    const base = file.contacts[0];
    const N = 30000;
    for (let n = 1; n <= N; n++) {
      file.contacts.push({ ...base, id: `6f1f7d1e-0000-4000-8000-${n.toString(16).padStart(12, '0')}`, display_name: `Toplu Kişi ${n}`, _rev: undefined, _revisions: undefined });
    }
    // A file on disk, chosen as a user would (a buffer handed to setInputFiles is decoded
    // by the page's own thread, a 2 s task of the harness, not of the app).
    const big = join(tmpdir(), `bakkal-big-${process.pid}.json`);
    writeFileSync(big, JSON.stringify(file));
    // The page's longest task from here on (printed: a figure, not a timed assertion).
    await page.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask' });
    });
    await chooseBackupFile(page, big);
    // While the worker reads and checks, the page answers clicks and typing.
    await page.getByLabel('Encrypt with a passphrase').check();
    await field(page, 'Passphrase').fill('yazarken içe aktarılıyor');
    assertEq(await field(page, 'Passphrase').inputValue(), 'yazarken içe aktarılıyor', 'typed during the import');
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.getByText('30,000 new', { exact: true }).waitFor();
    await preview.getByRole('button', { name: 'Merge' }).click();
    await page.getByText('Writing…').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Import cancelled: nothing was written.').waitFor();
    await page.screenshot({ path: new URL('./screenshots/import-cancelled.png', import.meta.url).pathname });
    const longest = await page.evaluate(() => window.__longest);
    console.log(`     the page's longest task while ${N.toLocaleString('en')} contacts were read, checked and written: ${Math.round(longest)} ms`);
    // The issue's bound for any flow; the page has nothing heavy to do while the worker works.
    assert(longest < 200, `the page's longest task during the import was ${Math.round(longest)} ms`);
    await page.getByLabel('Encrypt with a passphrase').uncheck();
    const after = await exportBackup(page);
    assertEq(withoutTime(after), withoutTime(before), 'a write cancelled in the middle leaves the book as it was');
    // To the end this time: every contact is in the book, without a reload.
    await chooseBackupFile(page, big);
    await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged: 30,000 new/).waitFor();
    unlinkSync(big);
    await page.getByRole('link', { name: 'Contacts' }).click();
    await field(page, 'Search contacts').fill('toplu kisi 29999');
    await page.getByRole('link', { name: 'Toplu Kişi 29999' }).waitFor();
  }],

  ['working day: one standing per contact, foreign revenue converted at my rates or shown apart, phone types guessed', async page => {
    await open(page);
    // An existing client whose purchases are not in Bakkal: a customer, not a prospect.
    await addContact(page, { name: 'Defne Muhasebe', stage: 'Customer' });
    await page.getByTestId('status').filter({ hasText: 'Customer — no purchases recorded' }).waitFor();
    await page.goto(BASE_URL + '#/contacts?q=status%3Aprospect');
    await page.getByText('No contacts match “status:prospect”.').waitFor();
    // The same name again (typed another way) is caught before it is saved.
    await page.goto(BASE_URL + '#/contacts/new');
    await field(page, 'Name').fill('DEFNE MUHASEBE');
    await page.getByRole('button', { name: 'Save' }).click();
    const dup = page.getByRole('alert').filter({ hasText: 'Defne Muhasebe already exists' });
    await dup.waitFor();
    assert(await focusLands(page, () => document.activeElement?.id === 'dup-title'), 'the warning takes the focus');
    await dup.getByRole('link', { name: 'Open it' }).click();
    await page.getByRole('heading', { level: 1, name: 'Defne Muhasebe' }).waitFor();
    await page.goto(BASE_URL + '#/contacts/new');
    await field(page, 'Name').fill('Defne Muhasebe');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'already exists' }).getByRole('button', { name: 'Save anyway' }).click();
    await page.getByRole('heading', { level: 1, name: 'Defne Muhasebe' }).waitFor();
    assert(await focusLands(page, () => document.activeElement?.tagName === 'H1'), 'after Save the focus is on the saved record');
    await page.goto(BASE_URL + '#/contacts');
    await page.getByText('2 contacts').waitFor();
    // Keyboard: ArrowDown from the search into the results, Enter opens one.
    await page.getByRole('searchbox', { name: 'Search contacts' }).press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    assert(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset') === '1'), 'on the first row');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Defne Muhasebe' }).waitFor();
    // Escape leaves a form, asking first when something was typed.
    await page.goto(BASE_URL + '#/contacts/new');
    await field(page, 'Name').press('Escape');
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await page.goto(BASE_URL + '#/contacts/new');
    await field(page, 'Name').fill('Yarım');
    await field(page, 'Name').press('Escape');
    await page.getByRole('alert').filter({ hasText: 'Discard what you typed?' }).getByRole('button', { name: 'Keep editing' }).click();
    assertEq(await field(page, 'Name').inputValue(), 'Yarım', 'still editing');
    await field(page, 'Name').press('Escape');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    // A phone number's type follows the number until chosen.
    await page.goto(BASE_URL + '#/contacts/new');
    // An organisation is not asked for a given name, a family name or a birthday.
    await page.getByRole('button', { name: 'More details' }).or(page.getByText('More details')).first().click();
    await field(page, 'Given name').waitFor();
    await page.getByRole('radio', { name: 'Organisation' }).check();
    assertEq(await page.getByLabel('Given name', { exact: true }).count() + await page.getByLabel('Birthday', { exact: true }).count(), 0, 'no person fields');
    await field(page, 'Name').fill('Northwind Traders');
    await field(page, 'Phone').fill('0212 555 00 00');
    assertEq(await field(page, 'Phone type').inputValue(), 'work', 'a Istanbul landline is work');
    await page.getByRole('button', { name: 'Add phone' }).click();
    assert(await focusLands(page, () => document.activeElement?.id === 'f-phone-1'), 'Add phone focuses the new field');
    await field(page, 'Phone 2').fill('0532 111 22 33');
    assertEq(await field(page, 'Phone 2 type').inputValue(), 'mobile', '05xx is a mobile');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Northwind Traders' }).waitFor();
    // Notices can be dismissed, and never take the focus.
    const saved = page.getByRole('status').filter({ hasText: 'Saved.' });
    await saved.waitFor();
    assert(await page.evaluate(() => !document.activeElement?.closest('.notice-area')), 'the notice did not take the focus');
    await saved.getByRole('button', { name: 'Dismiss' }).click();
    await saved.waitFor({ state: 'detached' });
    // A purchase in pounds: without a rate it is shown apart, never as zero.
    await logInteraction(page, { type: 'Purchase', channel: 'Email', summary: 'Annual audit', daysAgo: 0, amount: '256,800.00', currency: 'GBP', followUp: 0 });
    // Snooze a follow-up to next week.
    await page.goto(BASE_URL + '#/follow-ups');
    const item = page.getByRole('region', { name: 'Today' }).getByRole('listitem').filter({ hasText: 'Northwind' });
    await item.getByText('Snooze').click();
    await item.getByRole('button', { name: 'Next week' }).click();
    await page.getByText(/^Follow-up moved to \d+ \w+ \d{4}\.$/).waitFor();
    await page.getByRole('region', { name: /This week|Later/ }).getByRole('listitem').filter({ hasText: 'Northwind' }).first().waitFor();
    await page.goto(BASE_URL + '#/insights');
    await page.getByTestId('without-rate').filter({ hasText: '+ GBP 256,800.00 without a rate' }).waitFor();
    // With a rate it counts, converted, and the page says at which rates.
    await page.getByRole('link', { name: 'set an exchange rate' }).click();
    const rates = page.getByRole('region', { name: 'Exchange rates' });
    await rates.getByLabel('1 GBP in TRY').fill('43,5');
    await rates.getByRole('button', { name: 'Save exchange rates' }).click();
    await page.getByText('Exchange rates saved').waitFor();
    // A notice without Undo lasts 6 s.
    await page.waitForTimeout(6_500);
    assertEq(await page.getByText('Exchange rates saved').count(), 0, 'gone after 6 s');
    await rates.getByText(/^Set on \d+ \w+ \d{4}\.$/).waitFor();
    await rates.getByLabel('1 EUR in TRY').fill('abc');
    await rates.getByRole('button', { name: 'Save exchange rates' }).click();
    await rates.getByText('“abc” is not a rate').waitFor();
    await page.reload();
    await page.getByRole('region', { name: 'Exchange rates' }).getByLabel('1 GBP in TRY').waitFor();
    assertEq(await page.getByRole('region', { name: 'Exchange rates' }).getByLabel('1 GBP in TRY').inputValue(), '43,50', 'kept after a reload');
    await page.goto(BASE_URL + '#/insights');
    await page.getByText(/converted at your rates of/).waitFor();
    assertEq(await page.getByTestId('without-rate').count(), 0, 'nothing left without a rate');
    await page.getByText('TRY 11,170,800.00').first().waitFor();
    await page.screenshot({ path: new URL('./screenshots/insights-converted.png', import.meta.url).pathname });
  }],

  ['sample data goes in one step, leaving my own contacts, and comes back with Undo', async page => {
    await open(page);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByRole('status').filter({ hasText: /^\d+ contacts$/ }).waitFor();
    const sample = Number((await page.getByRole('status').filter({ hasText: /^\d+ contacts$/ }).innerText()).split(' ')[0]);
    await addContact(page, { name: 'Kendi Müşterim', city: 'Bursa' });
    await page.getByRole('link', { name: 'Contacts' }).first().click();
    await page.getByRole('button', { name: 'Remove sample data' }).click();
    await page.getByText(`Removed ${sample} sample contacts.`).waitFor();
    await page.getByText('1 contact', { exact: true }).waitFor();
    assertEq(await rowNames(page), ['Kendi Müşterim'], 'my own contact stays');
    assertEq(await page.getByRole('button', { name: 'Remove sample data' }).count(), 0, 'no sample data left');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText(`${sample + 1} contacts`, { exact: true }).waitFor();
    await page.reload();
    await page.getByText(`${sample + 1} contacts`, { exact: true }).waitFor();
  }],

  ['merge: two records of one client become one, keeping chosen values and every interaction; Undo; an old backup lands on the merged contact', async page => {
    await open(page);
    await addContact(page, { name: 'Şule Işık', org: 'Defne Muhasebe', email: 'sule@defne.com.tr' });
    await logInteraction(page, { type: 'Note', summary: 'Beyanname görüşmesi', daysAgo: 3, followUp: 5 });
    // The same client typed again on the phone: caught, saved, and merged next.
    await page.goto(BASE_URL + '#/contacts/new');
    await field(page, 'Name').fill('SULE ISIK');
    await field(page, 'Phone').fill('0532 111 22 33');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'already exists' }).getByRole('button', { name: 'Save and merge with Şule Işık' }).click();
    await page.getByRole('heading', { level: 1, name: 'Merge SULE ISIK into Şule Işık' }).waitFor();
    // Keep the new record instead: the old one's interaction and follow-up move to it.
    await page.getByRole('link', { name: 'Keep SULE ISIK instead' }).click();
    await page.getByRole('heading', { level: 1, name: 'Merge Şule Işık into SULE ISIK' }).waitFor();
    await page.getByText('its 1 interaction and 1 open follow-up move to SULE ISIK').waitFor();
    // A backup of the book as it is before the merge, for the end of this test.
    const before = await exportBackup(page);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Merge Şule Işık into SULE ISIK' }).waitFor();
    const name = page.getByRole('group', { name: 'Name' });
    assert(await name.getByRole('radio', { name: /SULE ISIK/ }).isChecked(), 'the kept value is proposed');
    // Search finds either spelling; the user keeps the Turkish one.
    await name.getByRole('radio', { name: /^Şule Işık/ }).check();
    assert(await page.getByRole('group', { name: 'E-mails' }).getByRole('radio', { name: /sule@defne\.com\.tr/ }).isChecked(), 'a value only the other has is proposed');
    await page.screenshot({ path: new URL('./screenshots/merge.png', import.meta.url).pathname, fullPage: true });
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Şule Işık', exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Merged Şule Işık into SULE ISIK.' }).waitFor();
    const merged = await facts(page);
    assert(merged.includes('sule@defne.com.tr') && merged.includes('0532 111 22 33'), merged);
    await page.getByRole('list', { name: 'Timeline' }).getByText('Beyanname görüşmesi').waitFor();
    await page.goto(BASE_URL + '#/contacts');
    await page.getByText('1 contact', { exact: true }).waitFor();
    await page.goto(BASE_URL + '#/follow-ups');
    await page.getByRole('link', { name: 'Şule Işık' }).first().waitFor();
    // Undo: two contacts again, the interaction back where it was.
    await page.goBack();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: 'Merge undone.' }).waitFor();
    await page.getByText('2 contacts', { exact: true }).waitFor();
    await openContact(page, 'SULE ISIK');
    await page.getByText('Nothing logged yet.', { exact: false }).waitFor();
    await openContact(page, 'Şule Işık');
    await page.getByRole('list', { name: 'Timeline' }).getByText('Beyanname görüşmesi').waitFor();
    // Merge again and reload: it stays merged.
    await page.getByRole('button', { name: 'Merge with…' }).click();
    await field(page, 'Find the other contact').fill('sule');
    await page.getByRole('button', { name: 'Merge with SULE ISIK' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Merge SULE ISIK into Şule Işık' }).waitFor();
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Merged SULE ISIK into Şule Işık.' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Şule Işık' }).waitFor();
    assert((await facts(page)).includes('0532 111 22 33'), 'the phone came along');
    await page.goto(BASE_URL + '#/contacts');
    await page.getByText('1 contact', { exact: true }).waitFor();
    // A backup made before the merge, with a call logged on the other device for SULE ISIK:
    // the call lands on the merged contact, and no second contact comes back.
    const file = JSON.parse(before);
    const gone = file.contacts.find(c => c.display_name === 'SULE ISIK');
    const call = { ...file.interactions[0], id: '6f1f7d1e-0000-4000-8000-0000000000c1', contact_id: gone.id, summary: 'Telefonla aradı', _rev: undefined, _revisions: undefined };
    file.interactions.push(call);
    await chooseBackup(page, JSON.stringify(file));
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.getByText('1 interactions, follow-ups and deals for contacts you merged go to the contact they were merged into').waitFor();
    await preview.getByRole('button', { name: 'Merge' }).click();
    await page.getByText(/^Merged:/).waitFor();
    await page.goto(BASE_URL + '#/contacts');
    await page.getByText('1 contact', { exact: true }).waitFor();
    await openContact(page, 'Şule Işık');
    await page.getByRole('list', { name: 'Timeline' }).getByText('Telefonla aradı').waitFor();
  }],

  ['bulk actions: pick rows (Shift for a range), tag, set stage, export and delete them, each undoable', async page => {
    await open(page);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await page.getByRole('status').filter({ hasText: /^\d+ contacts$/ }).waitFor();
    const list = page.getByRole('list', { name: 'Contacts' });
    const names = (await rowNames(page)).slice(0, 3);
    await list.getByRole('checkbox', { name: `Select ${names[0]}` }).click();
    await list.getByRole('checkbox', { name: `Select ${names[2]}` }).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('region', { name: 'Selected contacts' });
    await bar.getByText('3 selected').waitFor();
    assert(await list.getByRole('checkbox', { name: `Select ${names[1]}` }).isChecked(), 'the range is picked');
    // Tag them, and take it back.
    await bar.getByLabel('Tag', { exact: true }).fill('toplu');
    await bar.getByRole('button', { name: 'Add tag' }).click();
    await page.getByText('Added the tag toplu to 3 contacts.').waitFor();
    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    await search.fill('tag:toplu');
    await page.getByText('3 of', { exact: false }).first().waitFor();
    assertEq((await rowNames(page)).sort(), [...names].sort(), 'the three are tagged');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Undone for 3 contacts.').waitFor();
    await page.getByText('No contacts match “tag:toplu”.').waitFor();
    // Set their stage; export just them.
    await search.fill('');
    await bar.getByLabel('Stage', { exact: true }).selectOption({ label: 'Former customer' });
    await bar.getByRole('button', { name: 'Set stage' }).click();
    await page.getByText('Set the stage of 3 contacts to Former customer.').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), bar.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    assertEq(csv.length, 4, 'a header and the three picked');
    // Select all matching a search, then delete them, and Undo.
    await search.fill('istanbul');
    const line = await page.getByRole('status').filter({ hasText: /match “istanbul”/ }).innerText();
    const matching = Number(line.split(' ')[0]);
    await bar.getByRole('button', { name: /^Select all \d+ matching$/ }).click();
    await bar.getByRole('button', { name: 'Clear selection' }).click();
    assertEq(await bar.count(), 0, 'nothing picked, no bar');
    await list.getByRole('checkbox').first().click();
    await page.getByRole('region', { name: 'Selected contacts' }).getByRole('button', { name: /^Select all \d+ matching$/ }).click();
    await page.getByRole('region', { name: 'Selected contacts' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText(/^Removed \d+ contacts\.$/).waitFor();
    await page.getByText('No contacts match “istanbul”.').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: `${matching} of` }).first().waitFor();
  }],

  ['screens loaded when opened: Today and Contacts come without the rest; a screen whose code cannot arrive says so, and Reload brings it', async (_, browser) => {
    // Its own context without the service worker, so every fetch of the chunk is seen here.
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    try {
      const chunk = /\/(split|chunk)_[^/]*\.wasm$/;
      const fetched = [];
      page.on('request', r => { if (chunk.test(new URL(r.url()).pathname)) fetched.push(r.url()); });
      let cut = true;
      await page.route(chunk, route => cut ? route.abort('internetdisconnected') : route.continue());
      await page.goto(BASE_URL + '#/today');
      await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
      await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
      await page.getByRole('button', { name: 'Load sample data' }).click();
      await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
      const n = parseInt(await countLine(page), 10);
      assertEq(fetched.length, 0, 'Today and the contacts list did not fetch the screens\' chunk');
      // The list's exports travel in that chunk: cut, Export CSV says so and downloads nothing.
      let downloads = 0;
      page.on('download', () => downloads++);
      await page.getByRole('button', { name: 'Export CSV' }).click();
      await page.getByText('The export could not start: its part of the app did not arrive.', { exact: false }).waitFor();
      assertEq(downloads, 0, 'nothing downloaded');
      // The connection is cut: Insights cannot come, and says so without breaking the page.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'This screen could not be loaded' });
      await alert.waitFor();
      assert(fetched.length >= 1, 'the chunk was asked for');
      await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor({ state: 'detached' });
      // Back online, Reload brings the screen, with the book.
      cut = false;
      await alert.getByRole('button', { name: 'Reload' }).click();
      await page.getByRole('heading', { level: 1, name: 'Insights' }).waitFor();
      await page.goto(BASE_URL + '#/contacts');
      await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
      assertEq(parseInt(await countLine(page), 10), n, 'the book is all there');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      const asked = fetched.length;
      await page.goto(BASE_URL + '#/backup');
      await page.getByRole('heading', { level: 1, name: 'Backup' }).waitFor();
      assertEq(fetched.length, asked, 'once loaded, the chunk is not fetched again for another screen');
      // Now the export comes at once.
      await page.goto(BASE_URL + '#/contacts');
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      assert(csv.suggestedFilename().endsWith('.csv'), 'the CSV downloads');
      assertEq(errors, [], 'no page errors');
    } finally {
      await page.screenshot({ path: new URL('./screenshots/screens-loaded-when-opened.png', import.meta.url).pathname }).catch(() => {});
      await context.close();
    }
  }],
  ['no link writes data: the generator is not in the release build', async page => {
    await open(page, '#/dev/generate?n=200&i=1');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto(BASE_URL + '#/contacts');
    await page.getByRole('heading', { name: 'Welcome to Bakkal' }).waitFor();
  }],
);

tests.push(...turkishTests());
tests.push(...keepingTests());
tests.push(...offlineTests({ addContact }));
tests.push(...phoneTests());
tests.push(...everythingTests({ open, addContact, field }));
tests.push(...layoutTests({ open, addContact }));
tests.push(...syncTests({ open, addContact, field, openContact, editNotes, notes, rowNames, logInteraction, exportBackup, chooseBackup }));

const browser = await launch();
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
const failed = await runAll(only ? tests.filter(([name]) => only.test(name)) : tests, browser);
await browser.close();
await stopServers();
process.exit(failed ? 1 : 0);
