/**
 * The compose path a browser takes, with compose's own pieces: the demo shop (deploy/demo-shop,
 * built by its build.mjs and served by its server.mjs, the SDK loader from sdk/dist as the README
 * tags it) on http://localhost:<port> in real Chromium → the real otelcol running the exact
 * config.yaml compose mounts with the otel-collector service's environment from
 * docker-compose.yml (only the processor URL, listen ports and queue dir are local) → the real
 * processor → rows in ClickHouse. Any header, origin or path the collector's CORS refuses fails the
 * browser's preflight and nothing arrives: this is the test for the collector's CORS. The project,
 * the shop's key file, its release and source maps and the seeded history come from compose's own
 * demo-setup (deploy/demo-shop/setup.mjs with the real `pulsetrace` CLI), at a small seed scale.
 * Faro's OTLP transport takes the same collector path (its key in x-api-key); Faro's native
 * transport goes to the processor's /collect (compose publishes it on :4319), checked at the end.
 */
import type { RunningProcessor } from '../../collector-processor/src/processor';
import { metricSamples } from '../../collector-processor/test/helpers/metrics';
import {
  OTELCOL_BUILD_TIMEOUT_MS,
  startOtelcol,
  type RunningOtelcol,
} from '../../collector-processor/test/helpers/otelcol';
import { ADMIN_TOKEN, startTestProcessor } from '../../collector-processor/test/helpers/processor';
import { launchBrowser, type TestBrowser, type TestPage } from './helpers/browsers';
import { waitForRows, type CustomEventRow, type ErrorRow, type HttpRequestRow } from './helpers/clickhouse';
import { composeEnv, injectDebugIds, runDemoSetup, startDemoShop, type DemoShop } from './helpers/demo-shop';
import { sleep } from './helpers/harness';
import type { PageViewRow, WebVitalRow } from './helpers/clickhouse';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureBody, loadFixtures } from '../../collector-processor/test/helpers/fixtures';

jest.setTimeout(OTELCOL_BUILD_TIMEOUT_MS); // a cold collector build (cached by ensure-tools)

const RELEASE = 'demo-shop@stack-test';
let processor: RunningProcessor;
let collector: RunningOtelcol;
let shop: DemoShop;
let browser: TestBrowser;
let project: { id: string; ingestKey: string };
let keyFile: string;
let rejectedBefore: Record<string, number> = {};
const WRITE_TOKEN = 'test-write-token';

beforeAll(async () => {
  processor = await startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE_TOKEN });
  // Compose's collector environment, minus what only makes sense inside the compose network.
  const { PULSETRACE_PROCESSOR_ENDPOINT, PULSETRACE_OTELCOL_QUEUE_DIR, ...collectorEnv } =
    composeEnv('otel-collector');
  expect([PULSETRACE_PROCESSOR_ENDPOINT, PULSETRACE_OTELCOL_QUEUE_DIR]).toEqual([
    'http://pulsetrace-processor:4318',
    '/var/lib/otelcol/queue',
  ]);
  collector = await startOtelcol({
    processorUrl: processor.url,
    extraEnv: collectorEnv,
    set: { 'processors.batch.timeout': '100ms' }, // rows within the test's wait, not a second later
  });
  // The shop reads its key from a file the setup service writes after it started, as in compose.
  keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-shop-key-')), 'ingest-key');
  const shopEnv = composeEnv('demo-shop');
  expect(new URL(shopEnv.PULSETRACE_ENDPOINT).port).toBe('4318'); // the collector's published port
  shop = await startDemoShop({
    ...shopEnv,
    PULSETRACE_ENDPOINT: collector.url.replace('127.0.0.1', 'localhost'),
    PULSETRACE_KEY_FILE: keyFile,
    PULSETRACE_RELEASE: RELEASE,
  });
  // As compose builds and starts it: Debug IDs at image build, then demo-setup creates the project,
  // writes the key file, uploads the maps and seeds (one day at a small scale here, for speed).
  await injectDebugIds(path.join(shop.dir, 'assets'));
  await runDemoSetup({
    PULSETRACE_URL: processor.url,
    PULSETRACE_ADMIN_TOKEN: ADMIN_TOKEN,
    PULSETRACE_WRITE_TOKEN: WRITE_TOKEN,
    PULSETRACE_KEY_FILE: keyFile,
    PULSETRACE_RELEASE: RELEASE,
    DEMO_SHOP_ORIGIN: shop.url, // for Faro's native transport, which skips the collector
    DEMO_SHOP_ASSETS: path.join(shop.dir, 'assets'),
    DEMO_SEED_SCALE: '0.05',
    DEMO_SEED_DAYS: '1',
  });
  const res = await fetch(`${processor.url}/api/v1/projects`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const { projects } = (await res.json()) as { projects: Array<typeof project & { name: string }> };
  project = projects.find((p) => p.name === 'demo-shop')!;
  expect(fs.readFileSync(keyFile, 'utf8')).toBe(project.ingestKey);
  await processor.drained();
  rejectedBefore = await metricSamples(processor.url, 'pulsetrace_ingest_rejected_total');
  browser = await launchBrowser('chromium');
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await collector?.stop();
  await processor?.stop();
  if (keyFile) fs.rmSync(path.dirname(keyFile), { recursive: true, force: true });
});

const diagnosticsOf = (page: TestPage) => () =>
  `--- page console ---\n${page.logs.join('\n') || '(empty)'}\n--- shop ---\n${shop.output()}` +
  `\n--- otelcol ---\n${collector.output().slice(-4_000)}`;

it('the demo shop in Chromium exports through the compose collector: page views, errors, a slow fetch, a vital', async () => {
  const page = await browser.newPage();
  // Only the shop's rows: demo-setup's seeded history is in the same project, other releases.
  const q = {
    projectId: project.id,
    diagnostics: diagnosticsOf(page),
    timeoutMs: 30_000,
    params: { release: RELEASE },
  };
  const mine = (where?: string) => `release = {release:String}${where ? ` AND ${where}` : ''}`;
  try {
    await page.goto(`${shop.url}/`);
    await page.waitFor(() => document.querySelectorAll('#products button').length === 3);
    await page.click('#products button[data-id="tee"]'); // custom event add_to_cart
    await page.click('#products a[data-spa]'); // client-side navigation to /product/mug
    await page.goto(`${shop.url}/checkout.html`);
    await page.click('#slow'); // GET /api/slow, held 1.5 s by the server
    await page.waitFor(() => document.getElementById('status')?.textContent?.startsWith('shipping'));
    await page.click('#crash'); // uncaught Error from a click handler
    await page.click('#pay'); // TypeError in the minified bundle
    await sleep(1_500); // web-vitals reports INP from requestIdleCallback
    await page.goto('about:blank'); // page hidden: LCP, CLS, INP are reported, with keepalive

    const views = await waitForRows<PageViewRow>(processor, {
      ...q,
      table: 'page_views',
      count: 3,
      where: mine(),
    });
    expect(views.map((v) => new URL(v.url).pathname).sort()).toEqual(
      expect.arrayContaining(['/', '/checkout.html', '/product/mug']),
    );
    expect(views.every((v) => v.release === RELEASE && v.environment === 'production')).toBe(true);
    // The ingest key travels as a header (and a resource attribute inside the collector): never stored.
    expect(JSON.stringify(views)).not.toContain(project.ingestKey);
    const errors = await waitForRows<ErrorRow>(processor, { ...q, table: 'errors', count: 2, where: mine() });
    expect(errors.map((e) => [e.exception_type, e.exception_message]).sort()).toEqual([
      ['Error', 'Demo shop: payment widget crashed (card token missing)'],
      ['TypeError', expect.stringMatching(/trim/)],
    ]);
    // Both thrown in the minified bundle, mapped back to the shop's source through its uploaded maps.
    for (const e of errors as Array<ErrorRow & Record<string, unknown>>) {
      expect(e.symbolication).toBe('mapped');
      expect((e['frames.filename'] as string[])[0]).toMatch(/src\/checkout\.js$/);
    }
    const [slow] = await waitForRows<HttpRequestRow>(processor, {
      ...q,
      table: 'http_requests',
      count: 1,
      where: mine("position(http_url, '/api/slow') > 0"),
    });
    expect(slow).toMatchObject({ method: 'GET', status_code: 200 });
    expect(slow.duration_ms).toBeGreaterThanOrEqual(1_400);
    const [added] = await waitForRows<CustomEventRow>(processor, {
      ...q,
      table: 'custom_events',
      count: 1,
      where: mine("name = 'add_to_cart'"),
    });
    expect(JSON.stringify(added.properties_num)).toContain('24');
    const vitals = await waitForRows<WebVitalRow>(processor, {
      ...q,
      table: 'web_vitals',
      count: 3,
      where: mine(),
    });
    expect(vitals.map((v) => v.name)).toEqual(expect.arrayContaining(['FCP', 'LCP', 'TTFB']));
    // Nothing the browser sent was refused or left unmapped on the way.
    expect(await metricSamples(processor.url, 'pulsetrace_ingest_rejected_total')).toEqual(rejectedBefore);
    expect(await metricSamples(processor.url, 'pulsetrace_ingest_records_unmapped_total')).toEqual({});
  } finally {
    await page.close();
  }
});

/** A real capture of Faro's OTLP transport (logs with two exceptions; fixtures/otlp/faro). */
const faroOtlpLogs = () => {
  const fixture = loadFixtures().find((f) => f.source === 'faro' && /02-logs/.test(f.file));
  if (!fixture) throw new Error('fixture faro/web-sdk-otlp-02-logs.json is missing');
  return fixtureBody(fixture).toString('utf8');
};

it("Faro from the shop's origin: OTLP transport through the collector, native transport to the processor", async () => {
  const page = await browser.newPage();
  const q = { projectId: project.id, diagnostics: diagnosticsOf(page), timeoutMs: 30_000 };
  try {
    await page.goto(`${shop.url}/checkout.html`);
    // Exactly the requests Faro's transports make (header names and options from their fetch calls).
    const statuses = await page.evaluate(
      async ({ collectorUrl, processorUrl, key, logs }) => {
        const otlp = await fetch(`${collectorUrl}/v1/logs`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'x-api-key': key },
          body: logs,
          keepalive: logs.length <= 60_000,
        });
        const now = new Date().toISOString();
        const native = await fetch(`${processorUrl}/collect`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'x-api-key': key,
            'x-faro-session-id': 'FtBh2XkcpZ',
          },
          body: JSON.stringify({
            meta: {
              sdk: { name: 'faro-web', version: '2.12.1' },
              session: { id: 'FtBh2XkcpZ' },
              page: { url: location.href },
            },
            exceptions: [{ type: 'Error', value: 'Faro native from the demo shop', timestamp: now }],
          }),
        });
        return [otlp.status, native.status];
      },
      {
        collectorUrl: collector.url.replace('127.0.0.1', 'localhost'),
        processorUrl: processor.url.replace('127.0.0.1', 'localhost'),
        key: project.ingestKey,
        logs: faroOtlpLogs(),
      },
    );
    expect(statuses).toEqual([200, 202]);
    const where = "session_id = 'FtBh2XkcpZ' AND exception_message IN {m:Array(String)}";
    const errors = await waitForRows<ErrorRow>(processor, {
      ...q,
      table: 'errors',
      count: 2,
      where,
      params: { m: ['Checkout failed', 'Faro native from the demo shop'] },
    });
    expect(errors.map((e) => e.exception_message).sort()).toEqual([
      'Checkout failed',
      'Faro native from the demo shop',
    ]);
  } finally {
    await page.close();
  }
});

it("demo-setup seeded history beside the shop's live data (other releases, same project)", async () => {
  const seeded = await waitForRows<PageViewRow>(processor, {
    table: 'page_views',
    projectId: project.id,
    count: 1,
    where: 'release != {release:String}',
    params: { release: RELEASE },
  });
  expect(new Set(seeded.map((v) => v.release)).size).toBeGreaterThanOrEqual(2);
});
