// The search and the comparison picker in Chromium, through playwright-core,
// on the site as files (file:// URLs, as a reader who opened out/ would).
//
//   node browser.js queries NODE_MODULES PROFILE SITE TSV
//       each row of TSV (lang, query, expected, note): opens
//       SITE/<lang>/search.html?q=<query>, waits for the results and prints
//       "query <ok|miss> <line> <lang> <query> -> <top 3 paths>" (paths
//       relative to the language folder); ok when expected is among them.
//   node browser.js header NODE_MODULES PROFILE SITE LANG|START|QUERY|EXPECTED...
//       on SITE/<lang>/<start> (a code page), types QUERY into the header's
//       search box, presses Enter, clicks the first result, and prints
//       "header <ok|bad> <lang> <query> -> <landing path>".
//   node browser.js picker NODE_MODULES PROFILE SITE LANG|PAGE|A|B|EXPECTED...
//       on SITE/<lang>/<page>, the keyboard alone: Tab until the picker's
//       first select has the focus, arrow keys to code A (on a code page,
//       whose picker has one select, A is "-"), Tab to the second select,
//       arrow keys to code B, Tab to the button, Enter. Prints
//       "picker <ok|bad> <lang> <page> <A> <B> -> <landing path> (<tabs> tabs)".
// Every mode also reports what the page threw ("  page error: ...") and
// counts it as bad.
'use strict';
const path = require('path');
const fs = require('fs');
const { pathToFileURL, fileURLToPath } = require('url');

const [mode, modules, profile, site, ...rest] = process.argv.slice(2);
const { chromium } = require(path.resolve(modules, 'playwright-core'));
const SITE = path.resolve(site);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  '--allow-file-access-from-files'];

async function launch() {
  fs.rmSync(profile, { recursive: true, force: true });
  fs.mkdirSync(profile, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
  });
}

const fileURL = (lang, p) => pathToFileURL(path.join(SITE, lang, p)).href;
// A URL of the site as a path relative to the language folder (query and
// fragment dropped), or the URL itself when it is not in that folder.
function rel(lang, url) {
  try {
    const u = new URL(url);
    if (u.protocol !== 'file:') return url;
    const r = path.relative(path.join(SITE, lang), fileURLToPath(u));
    return r.startsWith('..') ? url : r.split(path.sep).join('/');
  } catch { return url; }
}

// The page's own errors (uncaught exceptions, console errors) since the last call.
function watch(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e.message || e).split('\n')[0]));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return () => errors.splice(0);
}

async function results(page) {
  await page.waitForSelector('#results:not([hidden])', { state: 'attached', timeout: 10000 });
  return page.$$eval('#results ol > li > a', (as) => as.map((a) => a.href));
}

async function queries(ctx, tsv) {
  const page = ctx.pages()[0] || await ctx.newPage();
  const errors = watch(page);
  const lines = fs.readFileSync(tsv, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const [lang, query, expected] = lines[i].split('\t');
    let got = [];
    let why = '';
    try {
      await page.goto(`${fileURL(lang, 'search.html')}?q=${encodeURIComponent(query)}`, { waitUntil: 'domcontentloaded' });
      got = (await results(page)).slice(0, 3).map((h) => rel(lang, h));
    } catch (e) {
      why = ` (${String(e.message || e).split('\n')[0]})`;
    }
    const errs = errors();
    const ok = !why && !errs.length && got.includes(expected);
    console.log(`query ${ok ? 'ok' : 'miss'} ${i + 1} ${lang} ${query} -> ${got.join(' ') || '(none)'}${why}`);
    for (const e of errs) console.log(`  page error: ${e}`);
  }
}

async function header(ctx, specs) {
  const page = ctx.pages()[0] || await ctx.newPage();
  const errors = watch(page);
  for (const spec of specs) {
    const [lang, start, query, expected] = spec.split('|');
    let landed = '';
    let why = '';
    try {
      await page.goto(fileURL(lang, start), { waitUntil: 'load' });
      await page.focus('header form[role=search] input[name=q]');
      await page.keyboard.type(query);
      await Promise.all([page.waitForURL(/\/search\.html\?q=/, { waitUntil: 'load' }), page.keyboard.press('Enter')]);
      const first = page.locator('#results ol > li:first-child > a');
      await first.waitFor({ timeout: 10000 });
      const value = await page.inputValue('#q');
      if (value !== query) why = ` (the search page's box shows "${value}")`;
      await Promise.all([page.waitForURL((u) => !/\/search\.html/.test(u.href), { waitUntil: 'load' }), first.click()]);
      landed = rel(lang, page.url());
    } catch (e) {
      why = ` (${String(e.message || e).split('\n')[0]})`;
    }
    const errs = errors();
    const ok = !why && !errs.length && landed === expected;
    console.log(`header ${ok ? 'ok' : 'bad'} ${lang} ${query} -> ${landed || '(nowhere)'}${why}`);
    for (const e of errs) console.log(`  page error: ${e}`);
  }
}

// Arrow keys until the focused select shows the option whose value is the
// code (values are "<code>-<slug>").
async function choose(page, code) {
  const { index, target } = await page.evaluate((c) => {
    const s = document.activeElement;
    const opts = [...s.options];
    return { index: s.selectedIndex, target: opts.findIndex((o) => o.value.split('-')[0] === c) };
  }, code);
  if (target < 0) throw new Error(`no option for ${code}`);
  const key = target > index ? 'ArrowDown' : 'ArrowUp';
  for (let k = 0; k < Math.abs(target - index); k++) await page.keyboard.press(key);
  const now = await page.evaluate(() => document.activeElement.value);
  if (now.split('-')[0] !== code) throw new Error(`the arrow keys chose ${now}, not ${code}`);
}

async function focusedIs(page, selector) {
  return page.evaluate((s) => document.activeElement !== null && document.activeElement.matches(s), selector);
}

async function picker(ctx, specs) {
  const page = ctx.pages()[0] || await ctx.newPage();
  const errors = watch(page);
  for (const spec of specs) {
    const [lang, start, a, b, expected] = spec.split('|');
    let landed = '';
    let why = '';
    let tabs = 0;
    try {
      await page.goto(fileURL(lang, start), { waitUntil: 'load' });
      const first = a === '-' ? 'form.picker select[name=b]' : 'form.picker select[name=a]';
      while (!(await focusedIs(page, first))) {
        if (++tabs > 1000) throw new Error('Tab never reached the picker');
        await page.keyboard.press('Tab');
      }
      if (a !== '-') {
        await choose(page, a);
        await page.keyboard.press('Tab');
        if (!(await focusedIs(page, 'form.picker select[name=b]'))) throw new Error('Tab from the first select did not reach the second');
      }
      await choose(page, b);
      await page.keyboard.press('Tab');
      if (!(await focusedIs(page, 'form.picker button[type=submit]'))) throw new Error('Tab from the select did not reach the button');
      await Promise.all([page.waitForURL((u) => u.href.split('?')[0] !== fileURL(lang, start), { waitUntil: 'load', timeout: 10000 }),
        page.keyboard.press('Enter')]);
      landed = rel(lang, page.url());
      if (!fs.existsSync(path.join(SITE, lang, landed))) why = ' (no such page)';
    } catch (e) {
      why = ` (${String(e.message || e).split('\n')[0]})`;
    }
    const errs = errors();
    const ok = !why && !errs.length && landed === expected;
    console.log(`picker ${ok ? 'ok' : 'bad'} ${lang} ${start} ${a} ${b} -> ${landed || '(nowhere)'} (${tabs} tabs)${why}`);
    for (const e of errs) console.log(`  page error: ${e}`);
  }
}

(async () => {
  const ctx = await launch();
  try {
    if (mode === 'queries') await queries(ctx, rest[0]);
    else if (mode === 'header') await header(ctx, rest);
    else if (mode === 'picker') await picker(ctx, rest);
    else throw new Error('mode: queries, header or picker');
  } finally {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => { console.error('browser.js:', e.stack || e); process.exit(2); });
