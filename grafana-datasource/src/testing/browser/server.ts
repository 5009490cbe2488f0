/**
 * The HTTP server the real-browser test opens, on 127.0.0.1: the harness page and bundle,
 * @grafana/ui's icons and fonts where Grafana serves them (public/), and a small fake of the
 * processor's JSON endpoints the editors call through Grafana's data proxy (GET /projects and
 * GET /projects/:id/values/:kind, with the processor's search, limit and event parameters).
 * The app plugin's screenshot runner (grafana-app/test/browser/) serves its own page script and
 * data through `ServerOptions`.
 */
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { HarnessBundle, PLUGIN_DIR } from './bundle';
import { PROJECTS, VALUES } from './samples';

export interface HarnessServer {
  url: string;
  /** Every request, as "GET /path?query", in order. */
  requests: string[];
  /** Requests answered 404: assets or endpoints the page needed and this server lacks. */
  missing: string[];
  close(): Promise<void>;
}

export interface ServerOptions {
  /** The plugin whose @grafana/ui gives the icons (default: this data source). */
  pluginDir?: string;
  title?: string;
  /** A script run before the bundle (the app sets Grafana's boot data there). */
  headScript?: string;
  /** More GET routes, asked before the built-in ones. */
  routes?: (url: URL) => Reply | undefined;
}

const page = (options: ServerOptions) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${options.title ?? 'PulseTrace editors'}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/harness.css" />
    <script>window.__grafana_public_path__ = '/public/';${options.headScript ?? ''}</script>
  </head>
  <body>
    <div id="root"></div>
    <script src="/harness.js"></script>
  </body>
</html>`;

const icons = (pluginDir: string) => path.join(pluginDir, 'node_modules/@grafana/ui/dist/public/img/icons');

/**
 * Icons Grafana serves from its own public/img/icons that @grafana/ui's npm package leaves out:
 * the loading spinner (Combobox shows it while suggestions load) gets a plain arc.
 */
const ICON_STAND_INS: Record<string, string> = {
  'unicons/spinner':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>',
};

function iconFile(pluginDir: string, subDir: string, name: string): string | Buffer | undefined {
  const file = path.join(icons(pluginDir), subDir, `${name}.svg`);
  return fs.existsSync(file) ? fs.readFileSync(file) : ICON_STAND_INS[`${subDir}/${name}`];
}

/**
 * Grafana serves its web fonts (Inter, Roboto Mono) from its own public/fonts, which no npm package
 * ships: the system's metric-compatible Liberation fonts stand in (DejaVu if those are missing).
 */
const SYSTEM_FONTS = '/usr/share/fonts/truetype';
const FONT_STAND_INS: Record<string, string[]> = {
  'inter/Inter-Regular.woff2': ['liberation/LiberationSans-Regular.ttf', 'dejavu/DejaVuSans.ttf'],
  'inter/Inter-Italic.woff2': ['liberation/LiberationSans-Italic.ttf', 'dejavu/DejaVuSans-Oblique.ttf'],
  'inter/Inter-Medium.woff2': ['liberation/LiberationSans-Bold.ttf', 'dejavu/DejaVuSans-Bold.ttf'],
  'inter/Inter-MediumItalic.woff2': ['liberation/LiberationSans-BoldItalic.ttf', 'dejavu/DejaVuSans-BoldOblique.ttf'],
  roboto: ['liberation/LiberationMono-Regular.ttf', 'dejavu/DejaVuSansMono.ttf'],
};

function fontFile(name: string): string | undefined {
  const candidates = FONT_STAND_INS[name] ?? FONT_STAND_INS[name.split('/')[0]] ?? [];
  return candidates.map((file) => path.join(SYSTEM_FONTS, file)).find((file) => fs.existsSync(file));
}

/**
 * The read route of the test data source's proxy URL (PROXY in ../grafana.ts, not imported: it
 * would load @grafana/runtime into Node for one string).
 */
const READ_API = '/api/datasources/proxy/uid/pt/read/api/v1';

export type Reply = { status: number; type: string; body: string | Buffer };

export const json = (status: number, data: unknown): Reply => ({
  status,
  type: 'application/json',
  body: JSON.stringify(data),
});

/** The processor's read API behind the data source's proxy route, as far as the editors use it. */
function processor(route: string, params: URLSearchParams): Reply | undefined {
  if (route === '/projects') {
    return json(200, { projects: PROJECTS });
  }
  const match = /^\/projects\/([^/]+)\/values\/([a-z_]+)$/.exec(route);
  if (!match) {
    return undefined;
  }
  const [, project, kind] = match;
  if (!PROJECTS.some((p) => p.id === decodeURIComponent(project))) {
    return json(404, { error: `no project ${project}` });
  }
  if (kind.startsWith('property_') && !params.get('event')) {
    return json(400, { error: `${kind} needs event` });
  }
  const search = (params.get('search') ?? '').toLowerCase();
  const limit = Number(params.get('limit') ?? 100);
  const values = (VALUES[kind === 'property_keys' ? `${kind}:${params.get('event')}` : kind] ?? [])
    .filter((v) => v.value.toLowerCase().includes(search))
    .slice(0, limit);
  return json(200, { values });
}

function answer(bundle: HarnessBundle, url: URL, options: ServerOptions): Reply | undefined {
  const route = url.pathname;
  const extra = options.routes?.(url);
  if (extra) {
    return extra;
  }
  if (route === '/') {
    return { status: 200, type: 'text/html', body: page(options) };
  }
  if (route === '/harness.js') {
    return { status: 200, type: 'text/javascript', body: bundle.js };
  }
  if (route === '/harness.css') {
    return { status: 200, type: 'text/css', body: bundle.css };
  }
  const icon = /^\/public\/build\/img\/icons\/(\w+)\/([\w-]+)\.svg$/.exec(route);
  const svg = icon ? iconFile(options.pluginDir ?? PLUGIN_DIR, icon[1], icon[2]) : undefined;
  if (svg) {
    return { status: 200, type: 'image/svg+xml', body: svg };
  }
  const font = route.startsWith('/public/fonts/') ? fontFile(route.slice('/public/fonts/'.length)) : undefined;
  if (font) {
    return { status: 200, type: 'font/ttf', body: fs.readFileSync(font) };
  }
  return route.startsWith(READ_API) ? processor(route.slice(READ_API.length), url.searchParams) : undefined;
}

export async function startHarnessServer(bundle: HarnessBundle, options: ServerOptions = {}): Promise<HarnessServer> {
  const requests: string[] = [];
  const missing: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const line = `${req.method} ${url.pathname}${url.search}`;
    requests.push(line);
    const reply = req.method === 'GET' ? answer(bundle, url, options) : undefined;
    if (!reply) {
      missing.push(line);
    }
    const { status, type, body } = reply ?? json(404, { error: `not served by the harness: ${line}` });
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    missing,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
