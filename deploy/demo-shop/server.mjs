#!/usr/bin/env node
/* global URL, setTimeout */
// The demo shop's web server (no dependencies): the built files (build.mjs), the pages' loader
// tag values filled from the environment, and a small JSON API whose /api/slow is the "slow fetch".
//   DEMO_SHOP_DIR          built files (default ./dist beside this file)
//   HOST / PORT            listen address (default 0.0.0.0:8080; PORT=0 picks a free port)
//   PULSETRACE_ENDPOINT    where browsers send data: the collector (default http://localhost:4318)
//   PULSETRACE_KEY         the project's ingest key, or PULSETRACE_KEY_FILE: a file holding it, read
//                          on every page load (compose's demo-setup service writes it after start)
//   PULSETRACE_RELEASE, PULSETRACE_ENVIRONMENT
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.env.DEMO_SHOP_DIR ?? path.join(here, 'dist'));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};
const PRODUCTS = [
  { id: 'mug', name: 'Tracing mug', price: 12.5 },
  { id: 'tee', name: 'Span T-shirt', price: 24 },
  { id: 'hoodie', name: 'Collector hoodie', price: 49.9 },
];

function ingestKey() {
  if (process.env.PULSETRACE_KEY) return process.env.PULSETRACE_KEY;
  const file = process.env.PULSETRACE_KEY_FILE;
  try {
    return file ? fs.readFileSync(file, 'utf8').trim() : '';
  } catch {
    return ''; // not written yet: the page still works, its exports are refused until it is
  }
}

const attr = (s) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
function fillPage(html) {
  const values = {
    PULSETRACE_ENDPOINT: process.env.PULSETRACE_ENDPOINT || 'http://localhost:4318',
    PULSETRACE_KEY: ingestKey(),
    PULSETRACE_RELEASE: process.env.PULSETRACE_RELEASE || 'demo-shop@live',
    PULSETRACE_ENVIRONMENT: process.env.PULSETRACE_ENVIRONMENT || 'production',
  };
  return html.replace(/%(PULSETRACE_\w+)%/g, (m, name) => (name in values ? attr(values[name]) : m));
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function serveFile(res, pathname) {
  // SPA routes (/product/…) are the product list page.
  const rel = pathname === '/' || pathname.startsWith('/product/') ? '/index.html' : pathname;
  const file = path.join(root, path.normalize(rel));
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile())
    return send(res, 404, 'text/plain', `not found: ${pathname}\n`);
  const ext = path.extname(file);
  const body = fs.readFileSync(file);
  send(res, 200, TYPES[ext] ?? 'application/octet-stream', ext === '.html' ? fillPage(String(body)) : body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://shop');
  if (url.pathname === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
  if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', ''); // no 404 in the console
  if (url.pathname === '/api/products')
    return send(res, 200, 'application/json', JSON.stringify({ products: PRODUCTS }));
  if (url.pathname === '/api/slow') {
    const ms = Math.min(Math.max(Number(url.searchParams.get('ms')) || 1500, 0), 10_000);
    const body = JSON.stringify({ options: ['standard', 'express'], delayedMs: ms });
    setTimeout(() => send(res, 200, 'application/json', body), ms);
    return;
  }
  serveFile(res, url.pathname);
});

if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`no built shop in ${root}: run \`node deploy/demo-shop/build.mjs\` first`);
  process.exit(1);
}
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '0.0.0.0', () => {
  const { address, port } = server.address();
  console.log(`demo shop on http://${address}:${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
