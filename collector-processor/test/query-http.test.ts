/**
 * The http query type against a real processor: requests seeded straight into http_requests (the
 * 1-minute pre-aggregate fills through its view), expected answers computed here from the rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { HttpRequestRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, queryFrames } from './helpers/query';
import { groupRows, httpRequest, minuteAgo, percentile, rowsOf, type At } from './helpers/seed-performance';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const T = minuteAgo(90);
const MIN = 60_000;
/** Whole minutes, so the 1-minute pre-aggregate covers exactly the rows the raw table does. */
const range = () => ({ project, from: T, to: T + 60 * MIN });
/** A condition that matches every seeded row but is no pre-aggregate column: forces the raw table. */
const RAW = { exclude: { urlPrefix: ['https://never.example/'] } };

const http: HttpRequestRow[] = [];

/** t-digest estimates: within 15% (or 2 ms) of the exact percentile. */
const near = (actual: unknown, expected: number) =>
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.max(2, expected * 0.15));

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  const at = (minute: number, extra: Partial<At> = {}): At => ({
    atMs: T + minute * MIN + 1234,
    project_id: project,
    browser_name: minute % 2 ? 'Firefox' : 'Chrome',
    release: minute < 30 ? '1.0.0' : '1.1.0',
    ...extra,
  });
  // GET product: 12 requests, 2× 503 and 1 network failure (status 0) count as failures, 404 does not.
  const productStatus = [200, 200, 503, 200, 0, 200, 404, 200, 200, 503, 200, 200];
  productStatus.forEach((status, i) =>
    http.push(httpRequest(at(i * 4), { status_code: status, duration_ms: 60 + i * 10 })),
  );
  [200, 500, 200, 200, 500, 200].forEach((status, i) =>
    http.push(
      httpRequest(at(i * 9 + 2), {
        method: 'POST',
        url_template: '/cart',
        http_url: 'https://api.shop.example/cart',
        status_code: status,
        duration_ms: 250 + i * 90,
      }),
    ),
  );
  for (const minute of [5, 25, 45])
    http.push(
      httpRequest(at(minute), { server_address: 'search.example', url_template: '/q', duration_ms: 40 }),
    );
  const bot = httpRequest(at(7, { is_bot: 1 }), { url_template: '/bot-only' });
  const before = httpRequest({ ...at(0), atMs: T - 5 * MIN }, { url_template: '/before-range' });
  await insertRows(p, 'http_requests', [...http, bot, before]);
});
afterAll(() => p.stop());

describe('http', () => {
  const failed = (r: HttpRequestRow) => r.status_code === 0 || r.status_code >= 500;
  const endpointKey = (r: Partial<Record<'method' | 'server_address' | 'url_template', unknown>>) =>
    `${r.method} ${r.server_address} ${r.url_template}`;
  /** Per endpoint, busiest first (computed once beforeAll has seeded the rows). */
  const expectedEndpoints = () =>
    [...groupRows(http, endpointKey).entries()]
      .map(([key, rows]) => ({
        key,
        requests: rows.length,
        error_rate: rows.filter(failed).length / rows.length,
        rows,
      }))
      .sort((a, b) => b.requests - a.requests);

  async function endpoints(extra: Record<string, unknown> = {}) {
    const [frame] = await queryFrames(p, { type: 'http', view: 'endpoints', ...range(), ...extra });
    return { source: frame!.schema.meta?.custom?.source, rows: rowsOf(frame!) };
  }

  it('answers per endpoint from the pre-aggregate: requests, error rate, latency, busiest first', async () => {
    const { source, rows } = await endpoints();
    expect(source).toBe('http_requests_1m');
    const expected = expectedEndpoints();
    expect(rows.map((r) => [endpointKey(r), r.requests, r.error_rate])).toEqual(
      expected.map((e) => [e.key, e.requests, e.error_rate]),
    );
    rows.forEach((r, i) => {
      const durations = expected[i]!.rows.map((x) => x.duration_ms);
      near(r.p50_ms, percentile(durations, 0.5));
      near(r.p95_ms, percentile(durations, 0.95));
    });
  });

  it('gives the same counts from the raw table, and leaves bots out unless asked', async () => {
    const pre = await endpoints();
    const raw = await endpoints(RAW);
    expect(raw.source).toBe('http_requests');
    expect(raw.rows.map((r) => [endpointKey(r), r.requests, r.error_rate])).toEqual(
      pre.rows.map((r) => [endpointKey(r), r.requests, r.error_rate]),
    );
    raw.rows.forEach((r, i) => near(r.p50_ms, pre.rows[i]!.p50_ms as number));
    expect(pre.rows.some((r) => r.url_template === '/bot-only')).toBe(false);
    const withBots = await endpoints({ includeBots: true });
    expect(withBots.source).toBe('http_requests');
    expect(withBots.rows.find((r) => r.url_template === '/bot-only')?.requests).toBe(1);
  });

  it('narrows to methods and URL templates, and limits the rows', async () => {
    const post = await endpoints({ methods: ['POST'] });
    expect(post.rows.map(endpointKey)).toEqual(['POST api.shop.example /cart']);
    const q = await endpoints({ urlTemplates: ['/q', '/cart'], limit: 1 });
    expect(q.rows.map(endpointKey)).toEqual(['POST api.shop.example /cart']);
  });

  it('splits each endpoint by status code with its share', async () => {
    const [frame] = await queryFrames(p, {
      type: 'http',
      view: 'status_codes',
      ...range(),
      urlTemplates: ['/products/:id'],
    });
    const product = http.filter((r) => r.url_template === '/products/:id');
    const byStatus = groupRows(product, (r) => String(r.status_code));
    const got = rowsOf(frame!).map((r) => [r.status_code, r.count, r.share]);
    expect(got).toHaveLength(byStatus.size);
    for (const [status, rows] of byStatus)
      expect(got).toContainEqual([Number(status), rows.length, rows.length / product.length]);
    expect(got[0]).toEqual([200, byStatus.get('200')!.length, byStatus.get('200')!.length / product.length]);
  });

  it('draws requests and error rate over time per group-by value, the same from both tables', async () => {
    const query = {
      type: 'http',
      view: 'timeseries',
      ...range(),
      intervalMs: 10 * MIN,
      groupBy: ['browser'],
    };
    const pre = await queryFrames(p, query);
    const raw = await queryFrames(p, { ...query, ...RAW });
    expect(pre[0]!.schema.meta?.custom?.source).toBe('http_requests_1m');
    expect(raw[0]!.schema.meta?.custom?.source).toBe('http_requests');
    for (const frames of [pre, raw]) {
      const got = frames.map((f) => {
        const c = columns(f);
        return {
          browser: f.schema.fields[1]!.labels!.browser,
          time: c.time,
          requests: c.requests,
          error_rate: c.error_rate,
        };
      });
      const want = [...groupRows(http, (r) => r.browser_name).entries()].map(([browser, rows]) => {
        const buckets = [
          ...groupRows(rows, (r) =>
            String(Math.floor((Number(r.timestamp) * 1000) / (10 * MIN)) * 10 * MIN),
          ).entries(),
        ];
        buckets.sort((a, b) => Number(a[0]) - Number(b[0]));
        return {
          browser,
          time: buckets.map(([t]) => Number(t)),
          requests: buckets.map(([, b]) => b.length),
          error_rate: buckets.map(([, b]) => b.filter(failed).length / b.length),
        };
      });
      expect(got.sort((a, b) => a.browser!.localeCompare(b.browser!))).toEqual(
        want.sort((a, b) => a.browser.localeCompare(b.browser)),
      );
    }
  });
});
