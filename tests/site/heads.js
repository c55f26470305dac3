// The <head> of every HTML page of a rendered site, and what the SPEC asks
// of every page: node heads.js SITE DEFAULT_TAG TAG...
//
// Each page: <html lang> of its folder's language (the chooser: one of the
// built ones), dir="rtl" for right-to-left languages and "ltr" otherwise, a
// non-empty <title> and meta description, one canonical link to the page
// itself (a redirect page: to its target, a real page), an hreflang
// alternate for every built language plus x-default, each naming the same
// page in that language and existing on disk, a language switcher with every
// language on every page but the chooser and redirects, no <script>, and no
// link that leaves the site's folder or starts at "/" (the site must work
// from any folder and from file://).
//
// Prints "heads <folder> <pages> <problems>" per folder, then the first
// problems of each folder, indented, and exits 0.
'use strict';
const fs = require('fs');
const path = require('path');

const [site, defaultTag, ...tags] = process.argv.slice(2);
const root = path.resolve(site);
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);
const folderOf = (tag) => tag.toLowerCase();
const folders = new Map(tags.map((t) => [folderOf(t), t]));

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
function attrs(tag) {
  const a = {};
  for (const m of tag.matchAll(/([a-zA-Z][\w:-]*)\s*=\s*"([^"]*)"/g)) a[m[1].toLowerCase()] = decode(m[2]);
  return a;
}
function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.html')) yield p;
  }
}
// search.html's one inline script (it marks a search in the address before
// the first paint), exactly as the template has it: any other is refused.
const SEARCHING = (fs.readFileSync(path.join(__dirname, '../../templates/search.html'), 'utf8')
  .match(/^<script>[^<]*<\/script>$/m) || ['\0'])[0];
const isExternal = (href) => /^[a-z][a-z0-9+.-]*:/i.test(href);

const stats = new Map();
for (const file of walk(root)) {
  const rel = path.relative(root, file);
  const folder = rel.includes(path.sep) ? rel.split(path.sep)[0] : '(root)';
  const st = stats.get(folder) || { pages: 0, problems: 0, shown: [] };
  stats.set(folder, st);
  st.pages++;
  const bad = (msg) => { st.problems++; if (st.shown.length < 8) st.shown.push(`${rel}: ${msg}`); };

  const html = fs.readFileSync(file, 'utf8');
  const headEnd = html.indexOf('</head>');
  if (!/^<!DOCTYPE html>/i.test(html)) bad('no <!DOCTYPE html>');
  if (headEnd < 0) { bad('no </head>'); continue; }
  const head = html.slice(0, headEnd);
  const body = html.slice(headEnd);
  // The page a host shows for a missing address: served anywhere, so its
  // links start at the site's root, and it has no canonical or alternates.
  if (path.basename(file) === '404.html') {
    if (!/<meta\s+name="robots"\s+content="noindex"/i.test(head)) bad('404.html is not noindex');
    continue;
  }
  const redirect = /<meta\s+name="robots"\s+content="[^"]*noindex/i.test(head);
  const chooser = folder === '(root)';
  if (!chooser && !folders.has(folder)) { bad(`folder ${folder} is not a built language`); continue; }

  const htmlTag = head.match(/<html\b[^>]*>/i);
  const ha = htmlTag ? attrs(htmlTag[0]) : {};
  const want = chooser ? ha.lang : folders.get(folder);
  if (!ha.lang) bad('no <html lang>');
  else if (chooser ? !tags.includes(ha.lang) : ha.lang !== want) bad(`<html lang="${ha.lang}">, expected "${want}"`);
  const wantDir = RTL.has(String(want).split('-')[0]) ? 'rtl' : 'ltr';
  if (ha.dir !== wantDir) bad(`<html dir="${ha.dir}">, expected "${wantDir}"`);

  const title = head.match(/<title\b[^>]*>([^<]*)<\/title>/);
  if (!title || !title[1].trim()) bad('no <title>');
  const metas = [...head.matchAll(/<meta\b[^>]*>/gi)].map((m) => attrs(m[0]));
  const desc = metas.filter((m) => m.name === 'description');
  if (desc.length !== 1 || !desc[0].content || !desc[0].content.trim()) bad(`${desc.length} meta descriptions (want one, not empty)`);
  if (!metas.some((m) => m.charset && m.charset.toLowerCase() === 'utf-8')) bad('no <meta charset="utf-8">');

  const links = [...head.matchAll(/<link\b[^>]*>/gi)].map((m) => attrs(m[0]));
  const resolve = (href) => path.resolve(path.dirname(file), href.split('#')[0]);
  const exists = (p) => { try { return fs.statSync(p).isFile(); } catch { return false; } };

  // Where this page's canonical and alternates must point.
  let target = file;
  if (redirect) {
    const refresh = metas.find((m) => (m['http-equiv'] || '').toLowerCase() === 'refresh');
    const url = refresh && (refresh.content.match(/url=(.*)$/i) || [])[1];
    if (!url) bad('redirect page without meta refresh');
    else {
      target = resolve(url.trim());
      if (!exists(target)) bad(`redirect target ${url} does not exist`);
      else if (/name="robots"\s+content="[^"]*noindex/.test(fs.readFileSync(target, 'utf8').slice(0, 4000))) bad(`redirect target ${url} is itself a redirect`);
    }
  }
  const inFolder = (f, tagFolder) => chooser ? path.join(root, tagFolder, 'index.html')
    : path.join(root, tagFolder, path.relative(path.join(root, folder), f));

  const canon = links.filter((l) => (l.rel || '').split(/\s+/).includes('canonical'));
  if (canon.length !== 1) bad(`${canon.length} canonical links`);
  else if (!isExternal(canon[0].href) && resolve(canon[0].href) !== target) bad(`canonical ${canon[0].href} is not ${path.relative(root, target)}`);

  const alts = links.filter((l) => (l.rel || '').split(/\s+/).includes('alternate') && l.hreflang);
  const seen = new Map();
  for (const l of alts) {
    if (seen.has(l.hreflang)) bad(`hreflang ${l.hreflang} twice`);
    seen.set(l.hreflang, l.href);
  }
  for (const t of [...tags, 'x-default']) {
    const href = seen.get(t);
    if (href === undefined) { bad(`no hreflang alternate ${t}`); continue; }
    if (isExternal(href)) continue;
    const got = resolve(href);
    const expect = t === 'x-default'
      ? (chooser ? path.join(root, 'index.html') : inFolder(target, folderOf(defaultTag)))
      : (chooser ? path.join(root, folderOf(t), 'index.html') : inFolder(target, folderOf(t)));
    if (got !== expect) bad(`hreflang ${t} -> ${href}, expected ${path.relative(root, expect)}`);
    else if (!exists(got)) bad(`hreflang ${t} -> ${href} does not exist`);
  }
  for (const t of seen.keys()) if (t !== 'x-default' && !tags.includes(t)) bad(`hreflang ${t} is not a built language`);

  if (!chooser && !redirect) {
    const sw = body.match(/<details class="langs">([\s\S]*?)<\/details>/);
    if (!sw) bad('no language switcher');
    else {
      const langsIn = [...sw[1].matchAll(/<a\b[^>]*>/g)].map((m) => attrs(m[0]).hreflang);
      for (const t of tags) if (!langsIn.includes(t)) bad(`language switcher lacks ${t}`);
    }
  }
  // versus's own scripts only: the search and picker script, a search
  // page's index, JSON-LD data.
  const rest = html.replace(/<script src="[^"]*(assets\/search\.js|search-index\.js)" defer><\/script>/g, '')
    .replace(/<script type="application\/ld\+json">[^<]*<\/script>/g, '')
    .split(SEARCHING).join('');
  if (/<script\b/i.test(rest)) bad('has a <script> of its own');
  for (const m of html.matchAll(/\b(?:href|src|action)="([^"]*)"/g)) {
    const href = decode(m[1]);
    if (href.startsWith('/')) bad(`root-relative link ${href}`);
    else if (/^(javascript|file|data):/i.test(href)) bad(`${href.split(':')[0]}: link ${href}`);
    else if (!isExternal(href) && !href.startsWith('#') && !resolve(href).startsWith(root + path.sep)) bad(`link ${href} leaves the site`);
  }
}

const sorted = [...stats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
for (const [folder, st] of sorted) console.log(`heads ${folder} ${st.pages} ${st.problems}`);
for (const [, st] of sorted) for (const p of st.shown) console.log('  ' + p);
