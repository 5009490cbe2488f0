/**
 * Explanations of HTTP changes (issue #16, "Explain") on a real processor with rows seeded straight
 * into http_requests: one endpoint slows down; the same endpoint slows in one country only (the
 * metric scoped to that endpoint); a third-party payment server starts failing. The top hypothesis
 * must name the injected cause; each hypothesis's numbers must be what its reproducing queries
 * answer through POST /api/v1/query, within intervals that cover them.
 */
import { explainChange, type Explanation } from '../src/insights/explain/explain';
import type { RunningProcessor } from '../src/processor';
import { assertReproduced, BASELINE, CURRENT, significant, ticks, WINDOWS } from './helpers/explain';
import { createProject, startTestProcessor } from './helpers/processor';
import { insertRows } from './helpers/query';
import { httpRequest } from './helpers/seed-performance';

jest.setTimeout(60_000);

const COUNTRIES = ['DE', 'BR', 'US'];

let p: RunningProcessor;
beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(() => p?.stop());

const ENDPOINTS = [
  { method: 'GET', url_template: '/api/cart' },
  { method: 'GET', url_template: '/api/products' },
  { method: 'POST', url_template: '/api/orders' },
];
/** 100 requests per endpoint and window; GET /api/cart slows to ~1.4 s in the current window where `slow`. */
function apiRequests(project: string, slow: (country: string) => boolean) {
  return WINDOWS.flatMap((w) =>
    ticks(w, 300).map(({ i, atMs }) => {
      const endpoint = ENDPOINTS[i % 3]!;
      const country = COUNTRIES[Math.floor(i / 3) % 3]!;
      const slower = w === CURRENT && endpoint.url_template === '/api/cart' && slow(country);
      return httpRequest(
        { atMs, project_id: project, country },
        {
          ...endpoint,
          server_address: 'api.shop.example',
          duration_ms: (slower ? 1400 : 150) + ((i * 37) % 60),
        },
      );
    }),
  );
}

describe('one endpoint slows down (GET /api/cart p95 200 ms → 1.5 s)', () => {
  let e: Explanation;

  beforeAll(async () => {
    const project = (await createProject(p.url)).id;
    const rows = apiRequests(project, () => true);
    await insertRows(p, 'http_requests', rows);
    e = await explainChange(p.store.client, {
      project,
      metric: { type: 'http', measure: 'p95' },
      baseline: BASELINE,
      current: CURRENT,
    });
  });

  it('ranks endpoint = GET /api/cart first, its p95 from ~200 ms to ~1.5 s, significant', () => {
    expect(e.hypotheses[0]).toMatchObject({
      dimension: 'endpoint',
      segments: ['GET api.shop.example/api/cart'],
      field: 'p95_ms',
      metric: 'http.p95',
      row: { method: 'GET', server_address: 'api.shop.example', url_template: '/api/cart' },
    });
    expect(e.hypotheses[0]!.baseline).toBeGreaterThan(190);
    expect(e.hypotheses[0]!.baseline).toBeLessThan(215);
    expect(e.hypotheses[0]!.current).toBeGreaterThan(1440);
    expect(e.hypotheses[0]!.current).toBeLessThan(1465);
    expect(e.hypotheses[0]!.stats!.current.samples).toBe(100);
    // Mood's test at the pooled p95 has little power at 100 vs 100 (p ≈ 0.001 here); the
    // interval of the shift is far from 0.
    significant(e.hypotheses[0]!, 0.01);
    expect(e.hypotheses[0]!.stats!.change.low).toBeGreaterThan(1000);
  });

  it("each hypothesis's queries answer its numbers through POST /api/v1/query", async () => {
    expect(e.hypotheses[0]!.queries.current).toMatchObject({
      type: 'http',
      view: 'endpoints',
      methods: ['GET'],
      urlTemplates: ['/api/cart'],
    });
    await assertReproduced(p, e);
  });
});

describe('one endpoint, slower in one country (metric scoped to the endpoint)', () => {
  let e: Explanation;

  beforeAll(async () => {
    const project = (await createProject(p.url)).id;
    await insertRows(
      p,
      'http_requests',
      apiRequests(project, (country) => country === 'BR'),
    );
    e = await explainChange(p.store.client, {
      project,
      metric: { type: 'http', measure: 'p95', endpoint: 'GET api.shop.example/api/cart' },
      baseline: BASELINE,
      current: CURRENT,
    });
  });

  it("ranks country = BR first, read from the endpoint's row", () => {
    expect(e.hypotheses[0]).toMatchObject({
      dimension: 'country',
      segments: ['BR'],
      row: { method: 'GET', server_address: 'api.shop.example', url_template: '/api/cart' },
    });
    expect(e.hypotheses[0]!.queries.current).toMatchObject({
      filters: { country: ['BR'] },
      methods: ['GET'],
    });
    expect(e.hypotheses[0]!.current).toBeGreaterThan(1400);
    expect(e.hypotheses.map((h) => h.dimension)).not.toContain('endpoint');
  });

  it("each hypothesis's queries answer its numbers through POST /api/v1/query", async () => {
    await assertReproduced(p, e);
  });
});

describe('a third-party server starts failing (error rate)', () => {
  let e: Explanation;

  beforeAll(async () => {
    const project = (await createProject(p.url)).id;
    const rows = WINDOWS.flatMap((w) =>
      ticks(w, 300).map(({ i, atMs }) => {
        const thirdParty = i % 3 === 0;
        const failing = thirdParty && w === CURRENT && i % 2 === 0;
        return httpRequest(
          // Failing calls (i = 6k) spread over every country like the rest: no country explains them.
          { atMs, project_id: project, country: COUNTRIES[Math.floor(i / 6) % 3]! },
          {
            method: 'POST',
            // Two endpoints on the payment provider, so no single endpoint explains the change.
            url_template: thirdParty
              ? i % 4 < 2
                ? '/v1/charge'
                : '/v1/verify'
              : `/api/${['a', 'b'][i % 2]}`,
            server_address: thirdParty ? 'pay.thirdparty.example' : 'api.shop.example',
            status_code: failing ? 503 : !thirdParty && i % 50 === 1 ? 500 : 200,
          },
        );
      }),
    );
    await insertRows(p, 'http_requests', rows);
    e = await explainChange(p.store.client, {
      project,
      metric: { type: 'http', measure: 'error_rate' },
      baseline: BASELINE,
      current: CURRENT,
    });
  });

  it('ranks server = pay.thirdparty.example first, with Wilson intervals', () => {
    expect(e.hypotheses[0]).toMatchObject({
      dimension: 'server',
      segments: ['pay.thirdparty.example'],
      field: 'error_rate',
      current: 0.5,
    });
    significant(e.hypotheses[0]!);
    // Neither of its two endpoints explains two thirds of the change alone. Two of the three
    // countries do (a uniform rise), but with no surprise.
    expect(e.hypotheses.map((h) => h.dimension)).not.toContain('endpoint');
    for (const h of e.hypotheses.slice(1)) expect(h.surprise).toBeLessThan(e.hypotheses[0]!.surprise / 10);
  });

  it("each hypothesis's queries answer its numbers through POST /api/v1/query", async () => {
    await assertReproduced(p, e);
  });
});
