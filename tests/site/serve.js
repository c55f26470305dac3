// A tiny static file server for the site tests: node serve.js ROOT PORTFILE [--host]
// Listens on 127.0.0.1 at a free port, writes the port to PORTFILE, serves
// ROOT read-only (GET and HEAD), and stops on SIGTERM or SIGINT.
// --host serves as the README's Hosting section asks of a host (what
// Lighthouse measures): gzip for text when the browser accepts it,
// Cache-Control (assets/ an hour, pages revalidated), ROOT/404.html with
// status 404 for a missing page.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(process.argv[2]);
const portFile = process.argv[3];
const host = process.argv[4] === '--host';
const gzipped = new Map();
const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.md': 'text/markdown; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }); res.end(); return;
  }
  let rel;
  try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); }
  catch { res.writeHead(400); res.end(); return; }
  let file = path.join(root, rel);
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403); res.end(); return;
  }
  fs.stat(file, (err, st) => {
    if (!err && st.isDirectory()) { file = path.join(file, 'index.html'); }
    fs.readFile(file, (err2, data) => {
      let status = 200;
      if (err2 && host) {
        file = path.join(root, '404.html'); status = 404;
        try { data = fs.readFileSync(file); err2 = null; } catch (e) { err2 = e; }
      }
      if (err2) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found\n'); return; }
      const type = types[path.extname(file)] || 'application/octet-stream';
      const head = { 'Content-Type': type };
      if (host) {
        head['Cache-Control'] = rel.startsWith('/assets/') ? 'public, max-age=3600' : 'no-cache';
        if (/^text\/|xml|svg/.test(type)) {
          head.Vary = 'Accept-Encoding';
          if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
            if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(data, { level: 9 }));
            data = gzipped.get(file);
            head['Content-Encoding'] = 'gzip';
          }
        }
      }
      head['Content-Length'] = data.length;
      res.writeHead(status, head);
      res.end(req.method === 'HEAD' ? undefined : data);
    });
  });
});

server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(portFile + '.tmp', String(server.address().port));
  fs.renameSync(portFile + '.tmp', portFile);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
