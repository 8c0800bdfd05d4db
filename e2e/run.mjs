// End-to-end tests: the release build served on 127.0.0.1, driven in headless Chromium the
// way a person would. Elements are found by role and accessible name.
import { readFileSync } from 'node:fs';
import { BASE_URL, launch, runAll, assert, assertEq, freshPage } from './harness.mjs';

const corpus = name => readFileSync(new URL(`../tests/corpus/${name}`, import.meta.url), 'utf8');

async function open(page, hash = '#/contacts') {
  await page.goto(BASE_URL + hash);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

const field = (page, label) => page.getByLabel(label, { exact: true });

async function addContact(page, { name, org, email, phone, city, tags, stage, notes }) {
  await page.getByRole('button', { name: 'New contact' }).first().click();
  await field(page, 'Name').fill(name);
  if (org) await field(page, 'Organisation').fill(org);
  if (email) await field(page, 'Email').fill(email);
  if (phone) await field(page, 'Phone').fill(phone);
  if (city) await field(page, 'City').fill(city);
  if (tags) await field(page, 'Tags').fill(tags);
  if (stage) await field(page, 'Stage').selectOption({ label: stage });
  if (notes) await field(page, 'Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function countLine(page) {
  return page.getByRole('status').filter({ hasText: /contact/ }).first().innerText();
}

function rowNames(page) {
  return page.getByRole('list', { name: 'Contacts' }).locator('li .name').allInnerTexts();
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

    // Delete, then Undo after more than 10 seconds.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
    await search.fill('');
    assertEq(await rowNames(page), ['Işık Demir', 'Şule Yılmaz'], 'deleted contact is gone');
    await page.waitForTimeout(10_500);
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

const browser = await launch();
const failed = await runAll(tests, browser);
await browser.close();
process.exit(failed ? 1 : 0);
