/**
 * Loopback HTTP servers for the browser tests: the page server (demo pages from sdk/test/pages
 * and the SDK's dist files) and small JSON "backends" on other origins that record the requests
 * they get, so tests can check which ones carried `traceparent`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const PAGES_DIR = path.resolve(__dirname, '../pages');
export const DIST_DIR = path.resolve(__dirname, '../../dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css',
};

/** Virtual page paths: anything under /app/ is app.html (SPA routes, query strings, hashes). */
const PAGE_ROUTES: Array<[prefix: string, file: string]> = [
  ['/app/', 'app.html'],
  ['/loader/', 'loader.html'],
  ['/blank/', 'blank.html'],
  ['/bundle/', 'bundle.html'],
];

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function closer(server: http.Server) {
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/** One request as a backend saw it (preflights included). */
export interface BackendRequest {
  method: string;
  path: string;
  origin: string;
  traceparent?: string;
  /** On a preflight: the headers the browser asked to send. */
  requestedHeaders?: string;
}

export interface EchoServer extends RunningServer {
  requests: BackendRequest[];
}

/**
 * A JSON API on its own origin. CORS allows any origin and whatever headers the preflight asks
 * for, so a wrongly propagated `traceparent` is received and visible rather than failing the call.
 * `GET|POST /api/status/<code>` answers <code>; anything else 200 (201 for POST) with
 * `{ traceparent, method, path }`.
 */
export async function startEchoServer(): Promise<EchoServer> {
  const requests: BackendRequest[] = [];
  const { server, url } = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      const header = (name: string) => {
        const v = req.headers[name];
        return typeof v === 'string' ? v : undefined;
      };
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        origin: header('origin') ?? '',
        traceparent: header('traceparent'),
        requestedHeaders: header('access-control-request-headers'),
      });
      const cors = {
        'access-control-allow-origin': header('origin') ?? '*',
        'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
        'access-control-allow-headers': header('access-control-request-headers') ?? 'content-type',
        'access-control-max-age': '0',
        'cache-control': 'no-store',
      };
      if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
      const m = /^\/api\/status\/(\d{3})/.exec(req.url ?? '');
      const status = m ? Number(m[1]) : req.method === 'POST' ? 201 : 200;
      res
        .writeHead(status, { ...cors, 'content-type': 'application/json' })
        .end(
          JSON.stringify({ traceparent: header('traceparent') ?? null, method: req.method, path: req.url }),
        );
    });
  });
  return { url, requests, close: closer(server) };
}

export interface PageVars {
  /** What the SDK sends to (the recording proxy in front of the processor). */
  endpoint: string;
  key: string;
  backend: string;
  other: string;
  /** Extra PulseTraceConfig for PulseTrace.init on app.html (JSON only: no RegExp, no functions). */
  init: Record<string, unknown>;
  /** bundle.html: the script URL of the bundled app it loads. */
  bundle?: string;
}

export interface PageServer extends RunningServer {
  /** Settings the next page loads see (tests run in series, so one mutable set is enough). */
  vars: PageVars;
  /** Same-origin JSON API requests (`/api/...`), as on the echo servers. */
  requests: BackendRequest[];
  /** Extra static directories by URL prefix (e.g. built bundles under /bundles/). */
  mounts: Record<string, string>;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Serves sdk/test/pages (HTML templated with `{{PT_TEST}}`, `{{ENDPOINT}}`, `{{KEY}}`), the SDK
 * build under /dist/ (`?delay=ms` holds the response back, for the loader test) and a same-origin
 * echo API under /api/.
 */
export async function startPageServer(vars: PageVars): Promise<PageServer> {
  const requests: BackendRequest[] = [];
  const state: PageServer = { url: '', vars, requests, mounts: {}, close: async () => {} };
  const { server, url } = await listen(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, type: string, body: string | Buffer) =>
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    try {
      const page = PAGE_ROUTES.find(([prefix]) => u.pathname.startsWith(prefix));
      if (page) {
        const v = state.vars;
        const json = JSON.stringify({ ...v, pageOrigin: state.url }).replace(/</g, '\\u003c');
        const html = fs
          .readFileSync(path.join(PAGES_DIR, page[1]), 'utf8')
          .replaceAll('{{PT_TEST}}', json)
          .replaceAll('{{ENDPOINT}}', escapeAttr(v.endpoint))
          .replaceAll('{{KEY}}', escapeAttr(v.key))
          .replaceAll('{{BUNDLE}}', escapeAttr(v.bundle ?? ''));
        return send(200, TYPES['.html'], html);
      }
      if (u.pathname.startsWith('/api/')) {
        req.resume();
        const traceparent = req.headers.traceparent;
        requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          origin: String(req.headers.origin ?? ''),
          traceparent: typeof traceparent === 'string' ? traceparent : undefined,
        });
        return send(200, 'application/json', JSON.stringify({ traceparent: traceparent ?? null }));
      }
      const roots: Record<string, string> = { '/dist/': DIST_DIR, '/pages/': PAGES_DIR, ...state.mounts };
      const prefix = Object.keys(roots).find((p) => u.pathname.startsWith(p));
      const [dir, rel] = prefix ? [roots[prefix], u.pathname.slice(prefix.length)] : [undefined, ''];
      const file = dir && path.resolve(dir, rel);
      if (!file || !file.startsWith(dir + path.sep) || !fs.existsSync(file)) {
        return send(404, 'text/plain', `not found: ${u.pathname}`);
      }
      const delay = Number(u.searchParams.get('delay') ?? 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      return send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
    } catch (err) {
      return send(500, 'text/plain', String(err));
    }
  });
  state.url = url;
  state.close = closer(server);
  return state;
}
