#!/usr/bin/env node
// Captures real `error.stack` texts from Debian's Chromium and Firefox ESR for the same small app,
// served as two releases (same source, different content hashes) unminified and minified (terser,
// with source maps saved in minified-builds.json), into browser-stacks.json. The grouping tests parse these with the processor's own parseFrames, so
// "Chrome and Firefox group together" is checked against what the engines really print.
//
// Usage (from the repo root): node collector-processor/src/fingerprint/testdata/capture-stacks.mjs
// Needs /usr/bin/chromium and /usr/bin/firefox-esr (or CHROMIUM / FIREFOX); downloads nothing.
// Loopback URLs are rewritten to https://shop.example so the fixture does not depend on the port.
/* global window, URL */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { minify } from 'terser';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const ORIGIN = 'https://shop.example';

/** The app: a class method, an arrow in map, a function expression, async/await, an event listener. */
const APP = `
class CartService {
  constructor(items) {
    this.items = items;
  }
  total() {
    return this.items.map((item) => item.product.price * item.qty).reduce((a, b) => a + b, 0);
  }
}
function computeTotal(cart) {
  return new CartService(cart.items).total();
}
const renderCart = function (cart) {
  return 'Total: ' + computeTotal(cart);
};
async function loadCart(api) {
  const cart = await api.fetchCart();
  return renderCart(cart);
}
function parseOrder(text) {
  return JSON.parse(text);
}
function checkout(order) {
  if (!order.user) throw new Error('Order ' + order.id + ' for ' + order.email + ' not found');
}
function countdown(n) {
  return n <= 0 ? missingHelper() : countdown(n - 1);
}
function descend(depth) {
  return descend(depth + 1) + 1;
}
const handlers = {
  onClick(event) {
    return renderCart(event.detail);
  },
};
window.scenarios = {
  typeError() {
    return renderCart({ items: [{ qty: 1 }] });
  },
  async asyncTypeError() {
    return loadCart({ fetchCart: async () => ({ items: [{ qty: 2 }] }) });
  },
  eventHandler() {
    const button = document.createElement('button');
    let caught;
    button.addEventListener('cart', (e) => {
      try {
        handlers.onClick(e);
      } catch (err) {
        caught = err;
      }
    });
    button.dispatchEvent(new CustomEvent('cart', { detail: { items: [{ qty: 3 }] } }));
    throw caught;
  },
  syntaxError() {
    return parseOrder('{"id": 42,');
  },
  customError1234() {
    return checkout({ id: 1234, email: 'bob@example.com' });
  },
  customError5678() {
    return checkout({ id: 5678, email: 'alice@example.org' });
  },
  referenceError() {
    return countdown(3);
  },
  notAFunction() {
    const api = {};
    return api.fetchCart();
  },
  async awaitedTypeError() {
    const refresh = async function refreshCart() {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return renderCart({ items: [{ qty: 4 }] });
    };
    await refresh();
  },
  stackOverflow() {
    return descend(0);
  },
  async dynamicImport() {
    return import('/assets/Settings-DyQ2hn3k.js');
  },
};
`;

/** Release 2 adds code at the top, so the minifier hands out different short names. */
const APP_V2 = `function featureFlag(name) { return window.localStorage.getItem('ff:' + name) === '1'; }
window.featureFlag = featureFlag;
${APP}`;

/** Terser as a production build runs it, with a source map (sources embedded) next to the file. */
async function minified(source, path) {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const out = await minify(
    { 'src/cart.js': source },
    { mangle: { toplevel: true }, compress: false, sourceMap: { url: `${file}.map`, includeSources: true } },
  );
  return { path, code: out.code, map: out.map };
}

const BUILDS = {
  'unminified-1.4.2': { path: '/assets/cart-3f9a2b1c.js', code: APP },
  'unminified-1.5.0': { path: '/assets/cart-9d8e7f6a.js', code: APP_V2 },
  'minified-1.4.2': await minified(APP, '/assets/index-DyQ2hn3k.js'),
  'minified-1.5.0': await minified(APP_V2, '/assets/index-BxKq7fPa.js'),
};

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const build = Object.values(BUILDS).find((b) => b.path === url.pathname);
  if (build) {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(build.code);
  } else if (url.pathname === '/') {
    const src = url.searchParams.get('src');
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><script src="${src}"></script>`);
  } else {
    res.writeHead(404).end('not found');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

/** Runs every scenario in the page and returns what the thrown error says about itself. */
async function runScenarios(evaluate) {
  return evaluate(async () => {
    const out = {};
    for (const [name, run] of Object.entries(window.scenarios)) {
      try {
        await run();
        out[name] = null;
      } catch (e) {
        out[name] = { name: e.name, message: e.message, stack: e.stack };
      }
    }
    return out;
  });
}

/** page.evaluate's own frames (Playwright's UtilityScript, Puppeteer's pptr: scripts) are not the app's. */
const HARNESS_FRAME = /pptr:|UtilityScript|eval at evaluate|at async <anonymous>:\d/;

function rewrite(errors) {
  const out = JSON.parse(JSON.stringify(errors).replaceAll(base, ORIGIN));
  for (const e of Object.values(out)) {
    if (e?.stack)
      e.stack = e.stack
        .split('\n')
        .filter((line) => !HARNESS_FRAME.test(line))
        .join('\n');
  }
  return out;
}
const result = { capturedWith: {}, stacks: {} };

const version = (bin) => execFileSync(bin, ['--version']).toString().trim();
result.capturedWith.chromium = version(CHROMIUM);
result.capturedWith.firefox = version(FIREFOX);

const chrome = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
result.stacks.chromium = {};
for (const [build, { path }] of Object.entries(BUILDS)) {
  const page = await chrome.newPage();
  await page.goto(`${base}/?src=${encodeURIComponent(path)}`);
  result.stacks.chromium[build] = rewrite(await runScenarios((fn) => page.evaluate(fn)));
  await page.close();
}
await chrome.close();

const firefox = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
result.stacks.firefox = {};
for (const [build, { path }] of Object.entries(BUILDS)) {
  const page = await firefox.newPage();
  await page.goto(`${base}/?src=${encodeURIComponent(path)}`, { waitUntil: 'load' });
  result.stacks.firefox[build] = rewrite(await runScenarios((fn) => page.evaluate(fn)));
  await page.close();
}
await firefox.close();
server.close();

await writeFile(join(here, 'browser-stacks.json'), JSON.stringify(result, null, 2) + '\n');
// The minified files and their maps, by release, for tests that upload them.
const uploads = {};
for (const [build, { path, code, map }] of Object.entries(BUILDS)) {
  if (!map) continue;
  uploads[build.split('-')[1]] = { [path.slice(1)]: code, [`${path.slice(1)}.map`]: map };
}
await writeFile(join(here, 'minified-builds.json'), JSON.stringify(uploads, null, 2) + '\n');
console.log('wrote browser-stacks.json, minified-builds.json');
