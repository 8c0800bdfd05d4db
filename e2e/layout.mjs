// Layout and accessibility over every page with the sample book, at phone and desktop
// widths, light and dark: no two visible pieces of text overlap, nothing is wider than the
// screen, no word is broken inside, and axe-core finds no WCAG 2.2 A/AA violation.
import { readFileSync } from 'node:fs';
import { BASE_URL, assert } from './harness.mjs';

const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const SHOTS = new URL('./screenshots/layout/', import.meta.url).pathname;
export const WIDTHS = [360, 390, 1280, 1920];
export const SCHEMES = ['light', 'dark'];

// Runs in the page: what a person would see as broken.
export function layoutProblems() {
  const W = document.documentElement.clientWidth;
  const out = [];
  const name = el => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    return `${el.tagName.toLowerCase()}${id}${cls}`;
  };
  const scrolls = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll'].includes(s.overflowX)) return true;
    }
    return false;
  };
  if (document.documentElement.scrollWidth > W + 1) out.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${W} px screen`);
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > W + 1 && !scrolls(el) && getComputedStyle(el).position !== 'fixed') {
      out.push(`${name(el)} reaches ${Math.round(r.right)} px on a ${W} px screen`);
      break;
    }
  }
  // Every visible text box, cut to the boxes of the ancestors that clip it.
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const el = node.parentElement;
    // (Under an open dialog the page is inert: covered, not overlapping.)
    if (!el || el.closest('.sr-only, .skip, script, style, svg, option, [inert]')) continue;
    // The content of a closed <details> is not shown (Chromium still gives it boxes).
    const shut = el.closest('details:not([open])');
    if (shut && !el.closest('summary')) continue;
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible' || el.getClientRects().length === 0) continue;
    let clip = { left: -1e9, top: -1e9, right: 1e9, bottom: 1e9 };
    let hidden = false;
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (+cs.opacity === 0) hidden = true;
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
        const r = a.getBoundingClientRect();
        clip = { left: Math.max(clip.left, r.left), top: Math.max(clip.top, r.top), right: Math.min(clip.right, r.right), bottom: Math.min(clip.bottom, r.bottom) };
      }
    }
    if (hidden) continue;
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      const b = { left: Math.max(r.left, clip.left), top: Math.max(r.top, clip.top), right: Math.min(r.right, clip.right), bottom: Math.min(r.bottom, clip.bottom) };
      if (b.right - b.left > 1 && b.bottom - b.top > 1) boxes.push({ b, node, text: node.data.trim().slice(0, 40) });
    }
    // A word broken inside: its letters on more than one line.
    for (const m of node.data.matchAll(/[^\s\-\/–—·,]{2,}/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top / 4)));
      if (tops.size > 1) out.push(`the word "${m[0].slice(0, 30)}" is broken inside (${name(el)})`);
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.node === b.node) continue;
      const w = Math.min(a.b.right, b.b.right) - Math.max(a.b.left, b.b.left);
      const h = Math.min(a.b.bottom, b.b.bottom) - Math.max(a.b.top, b.b.top);
      if (w > 3 && h > 3) out.push(`"${a.text}" overlaps "${b.text}" (${Math.round(w)}×${Math.round(h)} px)`);
    }
  }
  // Tap targets of at least 44 × 44 px on a phone-sized screen. A control inside a label
  // counts the label's box (a tap on it works the control); links inside running text are
  // exempt, as WCAG 2.5.5 allows.
  if (W < 600) {
    // A table that fits only by scrolling sideways in its box hides columns on a phone.
    for (const box of document.querySelectorAll('.table-scroll')) {
      if (box.scrollWidth > box.clientWidth + 1) out.push(`a table needs ${box.scrollWidth} px in a ${box.clientWidth} px box (${name(box.querySelector('table') ?? box)})`);
    }
    for (const el of document.body.querySelectorAll('a[href], button, select, input, textarea, summary')) {
      if (el.closest('.skip, .sr-only, [inert]') || el.type === 'hidden') continue;
      const r = el.getBoundingClientRect();
      if (!r.width || getComputedStyle(el).visibility !== 'visible') continue;
      if (el.tagName === 'A' && !el.classList.contains('button') && getComputedStyle(el).display === 'inline') continue;
      const label = el.closest('label')?.getBoundingClientRect();
      const w = Math.max(r.width, label?.width ?? 0), h = Math.max(r.height, label?.height ?? 0);
      if (w < 43.5 || h < 43.5) out.push(`${name(el)} "${(el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 24)}" is a ${Math.round(w)}×${Math.round(h)} px target`);
    }
  }
  return [...new Set(out)].slice(0, 12);
}

export async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const v = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
    });
    return r.violations.map(x => `${x.id}: ${x.help} — ${x.nodes.slice(0, 3).map(n => n.target.join(' ') + (n.any[0]?.message ? ` (${n.any[0].message})` : '')).join('; ')}`);
  });
  return v;
}

export function layoutTests({ open, addContact }) {
  return [
    ['layout and accessibility: every page at 360, 390, 1280 and 1920 px, light and dark, with the sample book, and again in Turkish', async page => {
      await open(page, '#/contacts');
      await page.getByRole('button', { name: 'Load sample data' }).click();
      await page.getByRole('status').filter({ hasText: /\d+ contacts/ }).first().waitFor();
      // A row with a long name, a long firm and every badge, first in the list.
      await addContact(page, {
        name: 'Abdurrahman Şükrüoğlu-Karamanlıoğulları Büyükçekmeceli Danışmanlık',
        org: 'Anadolu Yakası Mali Müşavirlik ve Bağımsız Denetim Hizmetleri Limited Şirketi',
        city: 'Kahramanmaraş', stage: 'Former customer', tags: 'vip, uzun-etiket-adı',
      });
      await page.goto(BASE_URL + '#/contacts');
      await page.getByRole('list', { name: 'Contacts' }).locator('li a').first().click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      const contact = new URL(page.url()).hash;
      await page.goto(BASE_URL + '#/contacts');
      await page.getByRole('list', { name: 'Contacts' }).locator('li a').nth(1).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      const other = new URL(page.url()).hash.split('/').pop();
      const pages = [
        ['today', '#/'], ['contacts', '#/contacts'], ['contact', contact], ['new-contact', '#/contacts/new'],
        ['log-interaction', `${contact}/log`], ['follow-ups', '#/follow-ups'], ['activity', '#/activity'],
        ['insights', '#/insights'], ['deals', '#/deals'], ['backup', '#/backup'], ['settings', '#/settings'],
        ['merge', `${contact}/merge?with=${other}`], ['merge-choose', `${contact}/merge`],
      ];
      const problems = [];
      const check = async (label, hash, where, shot) => {
        await page.goto(BASE_URL + hash);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.waitForTimeout(150);
        for (const p of await axeProblems(page)) problems.push(`${where}: ${p}`);
        // The whole page at once (it scrolls inside .scroller), so nothing below the
        // fold escapes the check.
        await page.evaluate(() => {
          for (const el of [document.body, document.querySelector('.scroller')]) {
            el.style.setProperty('height', 'auto', 'important');
            el.style.setProperty('overflow', 'visible', 'important');
          }
        });
        for (const p of await page.evaluate(layoutProblems)) problems.push(`${where}: ${p}`);
        await page.screenshot({ path: shot, fullPage: page.viewportSize().width < 500 });
        await page.evaluate(() => {
          for (const el of [document.body, document.querySelector('.scroller')]) el.removeAttribute('style');
        });
      };
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: width < 500 ? 780 : 900 });
          for (const [label, hash] of pages) {
            await check(label, hash, `${label} ${width} px ${scheme}`, `${SHOTS}${label}-${width}-${scheme}.png`);
          }
        }
      }
      // On a phone the navigation is behind Menu: opened, it shows the same links, fits,
      // and going to a page closes it.
      for (const width of [360, 390]) {
        await page.setViewportSize({ width, height: 780 });
        await page.goto(BASE_URL + '#/contacts');
        const nav = page.getByRole('navigation', { name: 'Main' });
        await nav.waitFor({ state: 'hidden' });
        const menu = page.getByRole('button', { name: 'Menu' });
        await menu.click();
        await nav.getByRole('link', { name: 'Insights' }).waitFor();
        if ((await menu.getAttribute('aria-expanded')) !== 'true') problems.push(`menu ${width} px: aria-expanded is not true when open`);
        for (const p of await page.evaluate(layoutProblems)) problems.push(`menu ${width} px: ${p}`);
        for (const p of await axeProblems(page)) problems.push(`menu ${width} px: ${p}`);
        await page.screenshot({ path: `${SHOTS}menu-open-${width}.png` });
        await nav.getByRole('link', { name: 'Insights' }).click();
        await page.getByRole('heading', { level: 1, name: 'Insights' }).waitFor();
        await nav.waitFor({ state: 'hidden' });
      }
      // Turkish words run longer: every page again under Türkçe, at phone and desktop widths.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(BASE_URL + '#/settings');
      await page.getByLabel('Language', { exact: true }).selectOption('tr');
      await page.getByRole('heading', { level: 1, name: 'Ayarlar' }).waitFor();
      for (const width of [360, 390, 1280]) {
        await page.setViewportSize({ width, height: width < 500 ? 780 : 900 });
        for (const [label, hash] of pages) {
          await check(label, hash, `tr ${label} ${width} px`, `${SHOTS}tr-${label}-${width}.png`);
        }
      }
      assert(problems.length === 0, `${problems.length} problems:\n${problems.slice(0, 60).join('\n')}`);
    }],
  ];
}
