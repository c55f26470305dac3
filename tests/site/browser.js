// The browser checks of the site tests, in Chromium through playwright-core.
//
//   node browser.js axe   NODE_MODULES PROFILE BASE_URL PATH...
//       axe-core (WCAG 2.0/2.1 A and AA) on each page, once as loaded and
//       once with every <details> (the language switcher) open. Prints
//       "axe <violations> <path>" per page, then one line per violation, and
//       what axe could not decide ("needs review"), which is not counted.
//   node browser.js shots NODE_MODULES PROFILE BASE_URL OUTDIR NAME=PATH[@OPTS]...
//       a full-page screenshot OUTDIR/NAME.png per argument; OPTS is a
//       comma-separated list of w:<width>, dark, print, open (every <details>
//       open: the language list). Prints
//       "shot <ok|bad> NAME <notes>": bad when the page scrolls sideways,
//       when an element pokes out of the viewport, or when the emulated
//       colour scheme or media did not apply. A tall page is also cut into
//       tiles, OUTDIR/tiles/NAME-K.png, to look at in full size.
'use strict';
const path = require('path');
const fs = require('fs');

const [mode, modules, profile, base, ...rest] = process.argv.slice(2);
const need = (name) => require(path.resolve(modules, name));
const { chromium } = need('playwright-core');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

async function launch() {
  fs.rmSync(profile, { recursive: true, force: true });
  fs.mkdirSync(profile, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
  });
}

// Opens url and stays there: a redirect page's meta refresh is not followed
// (its own document is what is checked and photographed).
async function visit(page, url) {
  if (!page.__stay) {
    page.__stay = { allowed: null };
    await page.route('**/*', (route) => {
      const req = route.request();
      if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
        if (page.__stay.allowed === null) { page.__stay.allowed = req.url(); return route.continue(); }
        return route.abort('aborted');
      }
      return route.continue();
    });
  }
  page.__stay.allowed = null;
  const resp = await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => true));
  return resp;
}

// axe on one page: the number of violations, printed with their nodes.
async function axeOne(page, source, p) {
  const url = new URL(p, base).href;
  const resp = await visit(page, url);
  if (!resp || !resp.ok()) {
    console.log(`axe 1 ${p}`);
    console.log(`  load failed: ${url} (${resp ? resp.status() : 'no response'})`);
    return 1;
  }
  await page.evaluate(source);
  const run = () => page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations', 'incomplete'],
  }));
  const found = new Map();
  const unsure = new Map(); // what axe could not decide (shown, not counted)
  const add = (r, state) => {
    for (const v of r.incomplete) {
      for (const n of v.nodes) {
        const why = (n.any[0] || n.all[0] || n.none[0] || {}).message || '';
        unsure.set(v.id + ' ' + n.target.join(' '), `${v.id}: ${n.target.join(' ')}: ${why}`);
      }
    }
    for (const v of r.violations) {
      for (const n of v.nodes) {
        const key = v.id + ' ' + n.target.join(' ');
        if (!found.has(key)) found.set(key, `  ${v.id} (${v.impact}, ${state}): ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`);
      }
    }
  };
  add(await run(), 'details closed');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  add(await run(), 'details open');
  console.log(`axe ${found.size} ${p}`);
  for (const line of found.values()) console.log(line);
  for (const line of unsure.values()) console.log(`  (needs review, not counted) ${line}`);
  return found.size;
}

async function axe(ctx, paths) {
  const source = fs.readFileSync(path.join(modules, 'axe-core', 'axe.min.js'), 'utf8');
  const page = ctx.pages()[0] || await ctx.newPage();
  for (const p of paths) {
    try {
      await axeOne(page, source, p);
    } catch (e) {
      console.log(`axe 1 ${p}`);
      console.log(`  error: ${String(e.message || e).split('\n')[0]}`);
    }
  }
}

// What the page looks like in the browser: sideways scrolling, elements
// sticking out of the viewport (unless a scrolling box clips them), the
// background colour, the emulated media, the direction.
function measure() {
  const de = document.documentElement;
  const vw = de.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.position === 'absolute' || cs.position === 'fixed') continue;
    let clipped = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(a).overflowX)) { clipped = true; break; }
    }
    if (clipped) continue;
    if (r.right > vw + 1 || r.left < -1) {
      out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className : ''} [${Math.round(r.left)},${Math.round(r.right)}]`);
    }
  }
  return {
    scroll: de.scrollWidth, client: vw, height: de.scrollHeight, out: out.slice(0, 5),
    bg: getComputedStyle(document.body).backgroundColor,
    dark: matchMedia('(prefers-color-scheme: dark)').matches,
    print: matchMedia('print').matches,
    dir: getComputedStyle(de).direction,
  };
}

async function shotOne(page, outdir, spec) {
  // The first '=' ends the name and the last '@' starts the options: a
  // path may carry a query (search.html?q=550).
  const name = spec.slice(0, spec.indexOf('=')), target = spec.slice(spec.indexOf('=') + 1);
  const at = target.lastIndexOf('@');
  const [p, opts] = at < 0 ? [target, ''] : [target.slice(0, at), target.slice(at + 1)];
  const o = Object.fromEntries(opts.split(',').filter(Boolean).map((kv) => {
    const [k, v] = kv.split(':'); return [k, v === undefined ? true : v];
  }));
  const width = Number(o.w || 1280);
  await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
  await page.emulateMedia({ colorScheme: o.dark ? 'dark' : 'light', media: o.print ? 'print' : 'screen' });
  const notes = [];
  const resp = await visit(page, new URL(p, base).href);
  if (!resp || !resp.ok()) notes.push('load failed');
  if (o.open) {
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    // The open language list: no entry may spill out of its box or overlap the next.
    const spill = await page.evaluate(() => {
      const out = [];
      for (const ul of document.querySelectorAll('details ul')) {
        const box = ul.getBoundingClientRect();
        const as = [...ul.querySelectorAll('a')];
        for (const a of as) {
          const r = a.getBoundingClientRect();
          if (a.scrollWidth > a.clientWidth + 1 || r.left < box.left - 1 || r.right > box.right + 1) out.push(a.textContent);
        }
      }
      return out;
    });
    if (spill.length) notes.push('language list entries spill: ' + spill.join(', '));
  }
  const m = await page.evaluate(measure);
  if (m.scroll > m.client + 1) notes.push(`scrolls sideways (${m.scroll} > ${m.client})`);
  if (m.out.length) notes.push('overflowing: ' + m.out.join('; '));
  if (o.dark) {
    const rgb = (m.bg.match(/\d+/g) || []).map(Number);
    if (!m.dark || rgb.length < 3 || rgb[0] + rgb[1] + rgb[2] > 3 * 80) notes.push(`dark mode not applied (background ${m.bg})`);
  }
  if (o.print && !m.print) notes.push('print media not applied');
  const file = path.join(outdir, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  if (!fs.existsSync(file) || fs.statSync(file).size < 1000) notes.push('no screenshot');
  // Tall pages also in tiles (OUTDIR/tiles/NAME-K.png), readable at full size.
  const tile = width < 600 ? 1100 : 1300;
  if (m.height > tile * 1.5) {
    fs.mkdirSync(path.join(outdir, 'tiles'), { recursive: true });
    for (let k = 0, y = 0; y < m.height; k++, y += tile) {
      await page.screenshot({ path: path.join(outdir, 'tiles', `${name}-${k + 1}.png`), fullPage: true,
        clip: { x: 0, y, width, height: Math.min(tile, m.height - y) } });
    }
  }
  console.log(`shot ${notes.length ? 'bad' : 'ok'} ${name} dir=${m.dir} ${notes.join(' | ')}`.trimEnd());
}

async function shots(ctx, outdir, specs) {
  fs.mkdirSync(outdir, { recursive: true });
  const page = ctx.pages()[0] || await ctx.newPage();
  for (const spec of specs) {
    try {
      await shotOne(page, outdir, spec);
    } catch (e) {
      console.log(`shot bad ${spec.split('=')[0]} error: ${String(e.message || e).split('\n')[0]}`);
    }
  }
}

(async () => {
  const ctx = await launch();
  try {
    if (mode === 'axe') await axe(ctx, rest);
    else if (mode === 'shots') await shots(ctx, rest[0], rest.slice(1));
    else throw new Error('mode: axe or shots');
  } finally {
    await ctx.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => { console.error('browser.js:', e.stack || e); process.exit(2); });
