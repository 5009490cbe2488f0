/**
 * The SDK (sdk/dist) in real Chromium exporting through the real otelcol-pulsetrace running the
 * repo's collector-processor/otelcol/config.yaml (only ports, endpoints and the queue directory
 * substituted, as in docker compose) into the processor and embedded ClickHouse. A header the SDK
 * sends that the config's CORS `allowed_headers` lacks fails every preflight, and nothing arrives.
 *
 *   page (http://127.0.0.1:P) ── OTLP/JSON + gzip ──▶ otelcol :C ──▶ processor ──▶ ClickHouse
 */
import type { RunningProcessor } from '../../collector-processor/src/processor';
import {
  OTELCOL_BUILD_TIMEOUT_MS,
  startOtelcol,
  type RunningOtelcol,
} from '../../collector-processor/test/helpers/otelcol';
import { metricSamples } from '../../collector-processor/test/helpers/metrics';
import { createProject, startTestProcessor } from '../../collector-processor/test/helpers/processor';
import { launchBrowser, type TestBrowser } from './helpers/browsers';
import { waitForRows, type ErrorRow, type HttpRequestRow, type PageViewRow } from './helpers/clickhouse';
import { sleep } from './helpers/harness';
import './helpers/page-globals';
import { startEchoServer, startPageServer, type EchoServer, type PageServer } from './helpers/servers';

// A cold collector build takes minutes (scripts/ensure-tools.mjs caches it).
jest.setTimeout(OTELCOL_BUILD_TIMEOUT_MS);

let processor: RunningProcessor;
let collector: RunningOtelcol;
let backend: EchoServer;
let pages: PageServer;
let browser: TestBrowser;

beforeAll(async () => {
  processor = await startTestProcessor();
  collector = await startOtelcol({
    processorUrl: processor.url,
    set: { 'processors.batch.timeout': '100ms' },
  });
  backend = await startEchoServer();
  // The config's default allowed origins (http://127.0.0.1:*) cover the page server.
  pages = await startPageServer({
    endpoint: collector.url,
    key: '',
    backend: backend.url,
    other: backend.url,
    init: {},
  });
  browser = await launchBrowser('chromium');
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([pages?.close(), backend?.close()]);
  await collector?.stop();
  await processor?.stop();
});

it('page views, an error and an HTTP call from Chromium arrive through the collector', async () => {
  const project = await createProject(processor.url, {
    name: 'sdk-through-collector',
    allowedOrigins: [pages.url],
    retentionDays: 3650,
    rateLimitPerSecond: 1_000_000,
  });
  pages.vars = { ...pages.vars, key: project.ingestKey };
  const page = await browser.newPage();
  const diagnostics = () =>
    `--- page console ---\n${page.logs.join('\n') || '(empty)'}\n--- otelcol ---\n${collector.output().slice(-4_000)}`;
  try {
    await page.goto(`${pages.url}/app/checkout`);
    const started = await page.evaluate(() => window.ptInitResult);
    if (started !== true)
      throw new Error(`PulseTrace.init() → ${started} (is sdk/dist built?)\n${diagnostics()}`);
    const run = Date.now().toString(36);
    const status = await page.evaluate(async ({ api }) => (await fetch(api)).status, {
      api: `${backend.url}/api/items/${run}`,
    });
    expect(status).toBe(200);
    await page.click('#boom'); // throws TypeError('boom from click') in a click handler
    await sleep(100);
    await page.evaluate(() => window.PulseTrace.flush());

    const q = { projectId: project.id, diagnostics, timeoutMs: 30_000 };
    const views = await waitForRows<PageViewRow>(processor, { ...q, table: 'page_views', count: 1 });
    expect(new URL(views[0].url).pathname).toBe('/app/checkout');
    const errors = await waitForRows<ErrorRow>(processor, { ...q, table: 'errors', count: 1 });
    expect(errors[0]).toMatchObject({ exception_type: 'TypeError', exception_message: 'boom from click' });
    const calls = await waitForRows<HttpRequestRow>(processor, {
      ...q,
      table: 'http_requests',
      count: 1,
      where: 'position(http_url, {run:String}) > 0',
      params: { run },
    });
    expect(calls[0]).toMatchObject({ method: 'GET', status_code: 200 });
    // Everything the SDK sent became rows: nothing counted as unmapped or rejected.
    expect(await metricSamples(processor.url, 'pulsetrace_ingest_records_unmapped_total')).toEqual({});
    expect(await metricSamples(processor.url, 'pulsetrace_ingest_rejected_total')).toEqual({});
    // The key travelled as the resource attribute the collector set, and is never stored.
    expect(JSON.stringify(views[0])).not.toContain(project.ingestKey);
  } finally {
    await page.close();
  }
});
