// Helpers for the browser tests: Debian's chromium driven by playwright-core (no browser is ever
// downloaded), against the instance ./laoxiao test started (BASE_URL and the rest as in
// tests/http/lib.mjs, whose database helpers these tests reuse).
//
//   CHROMIUM   the browser to drive (default /usr/bin/chromium, Debian's package)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { BASE, VAR, ADMIN_PASSWORD } from '../http/lib.mjs';

export * from '../http/lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1366, height: 768 };
export const SIZES = { phone: PHONE, desktop: DESKTOP };
export const SCREENSHOTS = path.join(VAR, 'screenshots');

// env without libfaketime's variables (and the preload that brings it in).
function withoutFakeClock(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')));
}

// One browser per test file, started before its tests and closed after them.
let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Containers often run as root with a small /dev/shm. Chinese as the browser's own language
    // (chromium-l10n): dates read 年/月/日 as on the users' phones.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'],
    // The browser keeps the real clock when the suite runs on another one (LAOXIAO_FAKETIME):
    // libfaketime inside Chromium stalls its rendering (screenshots and page loads time out); every
    // date a page shows or a form starts with comes from the server, whose clock the tests share.
    env: { ...withoutFakeClock(process.env), LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN' },
  });
});
after(async () => {
  if (browser) await browser.close();
});

// A fresh browser profile (its own cookies): size PHONE (a phone: touch, the page's viewport
// honoured) or DESKTOP, js false for JavaScript off.
export async function newContext({ size = PHONE, js = true } = {}) {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: size,
    javaScriptEnabled: js,
    locale: 'zh-CN',
    isMobile: size.width < 600,
    hasTouch: size.width < 600,
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(20000);
  return context;
}

// The three ways every journey is walked: on a phone, with JavaScript off (phone size), and by
// keyboard alone at the desktop size.
export const WAYS = [
  { name: '手机', size: PHONE, js: true, keyboard: false },
  { name: '无脚本', size: PHONE, js: false, keyboard: false },
  { name: '键盘', size: DESKTOP, js: true, keyboard: true },
];

// A user acting on a page either with the pointer or by keyboard alone. The keyboard way reaches
// every control with Tab from where the focus is (so a control Tab cannot reach fails), types with
// the keys, picks options with the arrow keys and presses Space or Enter.
export class Actor {
  constructor(page, keyboard) {
    this.page = page;
    this.keyboard = keyboard;
  }

  // Moves the focus to the element of selector with Tab (forward, then back), at most `limit` presses.
  async tabTo(selector, limit = 150) {
    const { page } = this;
    const target = page.locator(selector).first();
    await target.waitFor({ state: 'attached' });
    const handle = await target.elementHandle();
    const focused = () => page.evaluate((el) => document.activeElement === el, handle);
    for (let i = 0; i < limit; i++) {
      if (await focused()) return;
      await page.keyboard.press('Tab');
    }
    for (let i = 0; i < limit; i++) {
      if (await focused()) return;
      await page.keyboard.press('Shift+Tab');
    }
    assert.fail(`${selector} cannot be reached with Tab on ${page.url()}`);
  }

  async fill(selector, text) {
    if (!this.keyboard) {
      await this.page.fill(selector, text);
      return;
    }
    await this.tabTo(selector);
    const type = await this.page.locator(selector).first().getAttribute('type');
    if (type === 'date' || type === 'time') {
      // Typed segment by segment (年 月 日; 时 分), as a person does in Chromium's date fields.
      const parts = type === 'date' ? text.split('-') : [text.replace(':', '')];
      for (const [i, part] of parts.entries()) {
        if (i > 0) await this.page.keyboard.press('ArrowRight');
        await this.page.keyboard.type(part);
      }
      assert.equal(await this.page.inputValue(selector), text, `${selector}: typed ${text}`);
      return;
    }
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    if (text !== '') await this.page.keyboard.insertText(text);
  }

  // Picks the option whose value is value (a select element).
  async select(selector, value) {
    value = String(value);
    if (!this.keyboard) {
      await this.page.selectOption(selector, value);
      return;
    }
    await this.tabTo(selector);
    const el = this.page.locator(selector).first();
    const values = await el.evaluate((s) => [...s.options].map((o) => o.value));
    const want = values.indexOf(value);
    assert.ok(want >= 0, `${selector} has no option ${value}`);
    await this.page.keyboard.press('Home');
    for (let i = 0; i < values.length && (await el.inputValue()) !== value; i++) {
      await this.page.keyboard.press('ArrowDown');
    }
    assert.equal(await el.inputValue(), value, `${selector}: the arrow keys reach option ${value}`);
  }

  // Ticks (or unticks) a checkbox or radio button.
  async check(selector, on = true) {
    const el = this.page.locator(selector).first();
    if (!this.keyboard) {
      if (on) await el.check();
      else await el.uncheck();
      return;
    }
    if ((await el.isChecked()) === on) return;
    if (await el.getAttribute('type') === 'radio') {
      // Tab reaches a group of radio buttons once; the arrow keys move the choice within it.
      const group = `input[type=radio][name="${await el.getAttribute('name')}"]`;
      const checked = await this.page.locator(`${group}:checked`).count() > 0;
      await this.tabTo(checked ? `${group}:checked` : group);
      if (!checked) await this.page.keyboard.press('Space');
      for (let i = 0; i < 20 && !(await el.isChecked()); i++) await this.page.keyboard.press('ArrowDown');
      assert.ok(await el.isChecked(), `${selector}: the arrow keys reach it`);
      return;
    }
    await this.tabTo(selector);
    await this.page.keyboard.press('Space');
    assert.equal(await el.isChecked(), on, `${selector}: Space ticks it`);
  }

  // Follows a link or presses a button, and waits for the page it loads.
  async press(selector) {
    const nav = this.page.waitForNavigation({ waitUntil: 'load' });
    if (this.keyboard) {
      await this.tabTo(selector);
      await this.page.keyboard.press('Enter');
    } else {
      await this.page.locator(selector).first().click();
    }
    await nav;
  }
}

// Signs in through /login (the page must be open on it, or it is opened).
export async function signIn(actor, username, password = ADMIN_PASSWORD) {
  const { page } = actor;
  if (!new URL(page.url(), BASE).pathname.startsWith('/login')) await page.goto('/login');
  await actor.fill('#username', username);
  await actor.fill('#password', password);
  await actor.press('form.stack button[type=submit]');
  assert.ok(!page.url().includes('/login'), `signed in as ${username} (${page.url()})`);
}

// The text of the element of selector, whitespace folded.
export async function textOf(page, selector) {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}

// The message shown beside a field (its .error inside the field's box), or ''.
export async function fieldMessage(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return '';
    const box = el.closest('.field, fieldset, td, tr');
    const msg = box && box.querySelector('.error');
    return msg ? msg.textContent.trim() : '';
  }, id);
}

// ---------------------------------------------------------------------------------------------
// The checks every page passes (10-pages.test.mjs)
// ---------------------------------------------------------------------------------------------

// Words a user may read though written in Latin letters: file formats, units and the like.
const LATIN_ALLOWED = ['CSV', 'PDF', 'A4', 'ID', 'Ctrl'];

// Runs in the page: every problem found by the layout and wording checks, as Chinese-free
// English sentences for the test report. opts.minFont is the smallest text size allowed (px),
// opts.formFont the smallest inside the page's forms.
function pageProblems(opts) {
  const problems = [];
  const allowed = new Set(opts.latin);
  // A word of Latin letters. Letters run together with digits or underscores are a code or a user
  // name (QS20260001, station1, liuhe_zhan), after a dot a file's extension (.txt).
  const WORD = /(?<![A-Za-z0-9_.])[A-Za-z]{2,}(?![A-Za-z0-9_])/g;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 20);
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).replace(/ /g, '.')}` : ''}> "${text}"`;
  };

  if (document.documentElement.lang !== 'zh-CN') problems.push(`html lang is "${document.documentElement.lang}"`);
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    problems.push(`scrolls sideways: ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }

  // Text size: every element that holds visible text of its own.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = new Map();
  const latin = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.trim();
    if (!text) continue;
    const el = n.parentElement;
    if (!el || !visible(el) || el.closest('script, style, option')) continue;
    // A chart's labels scale with its picture (its figures are in the page's text as well).
    const size = el.closest('svg') ? Infinity : parseFloat(getComputedStyle(el).fontSize);
    const least = el.closest('main form') ? opts.formFont : opts.minFont;
    if (size < least && !small.has(el)) small.set(el, `${size} px (under ${least})`);
    for (const w of text.match(WORD) || []) {
      // A service's note is what the operator typed, whatever its letters; a user name is marked
      // translate="no" (a name, not a word).
      if (!allowed.has(w) && !el.closest('td[data-label="备注"], [translate="no"]')) latin.add(w);
    }
  }
  for (const [el, size] of [...small].slice(0, 5)) {
    problems.push(`text ${size}: ${describe(el)}`);
  }
  if (small.size > 5) problems.push(`… and ${small.size - 5} more elements with small text`);
  // What a user reads besides the text: the title, button labels, placeholders, option labels.
  const extra = [document.title];
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) extra.push(el.placeholder);
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) extra.push(el.value);
  for (const el of document.querySelectorAll('option')) extra.push(el.label);
  for (const el of document.querySelectorAll('[aria-label], [title]')) {
    extra.push(el.getAttribute('aria-label') || '', el.getAttribute('title') || '');
  }
  for (const t of extra) for (const w of t.match(WORD) || []) if (!allowed.has(w)) latin.add(w);
  if (latin.size) problems.push(`English a user reads: ${[...latin].slice(0, 12).join(', ')}`);

  // Tap targets: every control, and every link that is not a word inside a sentence.
  const inSentence = (a) => {
    const parent = a.parentElement;
    if (!parent) return false;
    for (const n of parent.childNodes) {
      if (n === a) continue;
      if (n.nodeType === Node.TEXT_NODE && /[^\s·|，、。：:（）()]/.test(n.nodeValue)) return true;
      if (n.nodeType === Node.ELEMENT_NODE && !n.matches('a, button, form, br, input[type=hidden]')
          && getComputedStyle(n).display.startsWith('inline') && n.textContent.trim()) return true;
    }
    return false;
  };
  const targets = [];
  for (const el of document.querySelectorAll('a[href], button, select, textarea, summary, input:not([type=hidden])')) {
    if (!visible(el)) continue;
    let box = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) box = el.closest('label') || el;
    if (el.matches('a') && inSentence(el)) continue;
    const r = box.getBoundingClientRect();
    if (r.width < 44 - 0.5 || r.height < 44 - 0.5) targets.push(`${describe(box)} ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  for (const t of targets.slice(0, 6)) problems.push(`tap target under 44×44 px: ${t}`);
  if (targets.length > 6) problems.push(`… and ${targets.length - 6} more small tap targets`);

  // Labels.
  for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea')) {
    const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby') || el.title;
    if (!named) problems.push(`input without a label: ${describe(el)} name=${el.name}`);
  }
  return problems;
}

// Whether the focused element shows that it has the focus (an outline, a ring or a changed colour).
function focusShown() {
  const el = document.activeElement;
  if (!el || el === document.body) return { ok: true, what: 'body' };
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const ring = s.boxShadow && s.boxShadow !== 'none';
  const r = el.getBoundingClientRect();
  return { ok: outline || ring, what: `<${el.tagName.toLowerCase()}> "${(el.innerText || el.name || '').trim().slice(0, 16)}"`, visible: r.width > 0 && r.height > 0 };
}

// Tabs through the page (up to `limit` stops) and lists the stops that show no focus.
export async function focusProblems(page, limit = 40) {
  const problems = [];
  await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(focusShown);
    if (f.what === 'body') break;
    if (!f.ok) problems.push(`no visible focus on ${f.what}`);
  }
  return [...new Set(problems)];
}

// axe-core's serious and critical violations on the page, as sentences. axe is evaluated from its
// file (the site's Content-Security-Policy forbids injected script tags, as it should).
export async function axeProblems(page) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.impact} ${v.id} (${v.help}): ${v.nodes.join(' | ')}`);
}

// Every check of one page already open: returns the problems (an empty list when it passes).
export async function checkPage(page, { minFont = 16, formFont = minFont } = {}) {
  const problems = await page.evaluate(pageProblems, { minFont, formFont, latin: LATIN_ALLOWED });
  problems.push(...await focusProblems(page));
  problems.push(...await axeProblems(page));
  return problems;
}

// Saves a full-page screenshot as var/screenshots/NAME-SIZE.png.
export async function screenshot(page, name, sizeName) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}-${sizeName}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
