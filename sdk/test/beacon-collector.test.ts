/**
 * The SDK's beacon fallback through the compose collector: when the page goes away and keepalive
 * fetch is unavailable, sendOnUnload uses navigator.sendBeacon, which sends no headers. The
 * collector drops the `?key=` the processor would read, so the key must travel in the OTLP/JSON
 * body as each resource's `pulsetrace.project.key` (kept by the collector's resource/project-key
 * `insert`, read and removed by the processor). Real Chromium → the real otelcol with compose's
 * config.yaml and otel-collector environment → the real processor → rows; and the same beacon
 * straight to the processor, which reads `?key=` and must still drop the attribute.
 */
import type { RunningProcessor } from '../../collector-processor/src/processor';
import { SIGNAL_TABLES } from '../../collector-processor/src/store/rows';
import {
  OTELCOL_BUILD_TIMEOUT_MS,
  startOtelcol,
  type RunningOtelcol,
} from '../../collector-processor/test/helpers/otelcol';
import { createProject, startTestProcessor } from '../../collector-processor/test/helpers/processor';
import { launchBrowser, type TestBrowser } from './helpers/browsers';
import { projectRows, waitForRows, type CustomEventRow } from './helpers/clickhouse';
import { composeEnv } from './helpers/demo-shop';
import './helpers/page-globals';
import { startPageServer, type PageServer } from './helpers/servers';

jest.setTimeout(OTELCOL_BUILD_TIMEOUT_MS); // a cold collector build (cached by ensure-tools)

let processor: RunningProcessor;
let collector: RunningOtelcol;
let pages: PageServer;
let browser: TestBrowser;

beforeAll(async () => {
  processor = await startTestProcessor();
  // Compose's collector environment, minus what only makes sense inside the compose network.
  const {
    PULSETRACE_PROCESSOR_ENDPOINT: _p,
    PULSETRACE_OTELCOL_QUEUE_DIR: _q,
    ...collectorEnv
  } = composeEnv('otel-collector');
  collector = await startOtelcol({
    processorUrl: processor.url,
    extraEnv: collectorEnv,
    set: { 'processors.batch.timeout': '100ms' },
  });
  pages = await startPageServer({ endpoint: collector.url, key: '', backend: '', other: '', init: {} });
  browser = await launchBrowser('chromium');
});
afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await collector?.stop();
  await processor?.stop();
});

/** Loads app.html sending to `endpoint`, makes fetch to it fail, tracks 3 events and hides the page. */
async function beaconFrom(endpoint: string, name: string) {
  const project = await createProject(processor.url, {
    name,
    allowedOrigins: [pages.url],
    rateLimitPerSecond: 1_000_000,
  });
  // Nothing leaves before the page is hidden (one batch, on the unload path).
  pages.vars = { ...pages.vars, endpoint, key: project.ingestKey, init: { batchDelayMs: 60_000 } };
  const page = await browser.newPage();
  const diagnostics = () =>
    `--- page console ---\n${page.logs.join('\n') || '(empty)'}\n--- otelcol ---\n${collector.output().slice(-4_000)}`;
  try {
    await page.goto(`${pages.url}/app/beacon`);
    expect(await page.evaluate(() => window.ptInitResult)).toBe(true);
    // fetch to the endpoint fails (keepalive unsupported, and no ordinary POST either): the only
    // way a record can arrive is the beacon.
    await page.evaluate((endpoint) => {
      const real = window.fetch;
      window.fetch = (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url.startsWith(endpoint)) throw new TypeError('fetch to the endpoint disabled by the test');
        return real(input, init);
      };
      for (let i = 0; i < 3; i++) window.PulseTrace.track('beacon_event', { n: i });
    }, endpoint);
    await page.goto('about:blank'); // page hidden: the batch goes by sendBeacon

    const events = await waitForRows<CustomEventRow>(processor, {
      table: 'custom_events',
      projectId: project.id,
      count: 3,
      where: "name = 'beacon_event'",
      timeoutMs: 15_000,
      diagnostics,
    });
    expect(events).toHaveLength(3);
    // The key was read for routing and removed: no row of any table holds it.
    for (const table of SIGNAL_TABLES) {
      const rows = await projectRows(processor, { table, projectId: project.id });
      expect(JSON.stringify(rows)).not.toContain(project.ingestKey);
    }
  } finally {
    await page.close();
  }
}

it('a sendBeacon export on page hide reaches the processor through the collector, its key never stored', () =>
  beaconFrom(collector.url, 'beacon-collector'));

it('the same beacon straight to the processor (?key= and the attribute both): stored once, key never stored', () =>
  beaconFrom(processor.url, 'beacon-direct'));
