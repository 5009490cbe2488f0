/**
 * Every query the Performance page's scene runs (pages/performance/queries.ts), through the data
 * source's request builder against the seeded processor: each answers non-empty frames of the
 * shape its panel reads, and the numbers match the seeded rows (seed-performance.ts).
 */
import type { DataFrameJSON } from '../../collector-processor/src/query/types';
import {
  attributionPanels,
  distributionQuery,
  httpEndpointsQuery,
  httpOverTimeQuery,
  httpStatusQuery,
  longTasksQuery,
  performanceQueries,
  resourcesQuery,
  TREND_REF,
  vitalOverTimeQuery,
  vitalsByRouteQueries,
} from '../src/pages/performance/queries';
import { AppProcessor, columnsOf, runPanelQuery, shapeOf, startAppProcessor } from './helpers/processor';
import {
  performanceLongTasks,
  performanceResources,
  performanceVitals,
  PERF_PROJECT,
  SAMPLES_PER_ROUTE,
  VITAL_ROUTES,
} from './helpers/seed-performance';

jest.setTimeout(120_000);
let app: AppProcessor;
beforeAll(async () => {
  app = await startAppProcessor();
});
afterAll(() => app?.stop());

/** The page's own variables: LCP on all routes unless a test says otherwise. */
const PAGE_VARS = { project: PERF_PROJECT, vital: 'LCP', route: '*' };
const run = (query: Parameters<typeof runPanelQuery>[1], vars: Record<string, string> = {}) =>
  runPanelQuery(app, query, { vars: { ...PAGE_VARS, ...vars } });

/** The exact quantile (numpy's linear interpolation) and the t-digest tolerance of two sample gaps. */
function exactQuantile(values: number[], level: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * level;
  const lo = Math.floor(pos);
  const value = sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
  let gap = 0;
  for (let i = 1; i < sorted.length; i++) {
    gap = Math.max(gap, sorted[i]! - sorted[i - 1]!);
  }
  return { value, tolerance: 2 * gap };
}

const seeded = (route: string, name: string) =>
  performanceVitals('', app.now).filter((r) => r.route === route && r.name === name);

const nonEmpty = (frames: DataFrameJSON[]) => frames.filter((f) => shapeOf(f).rows > 0);

it('runs every query of the page, each answering at least one non-empty frame', async () => {
  for (const query of performanceQueries()) {
    const frames = await run(query);
    expect([query.refId, nonEmpty(frames).length > 0]).toEqual([query.refId, true]);
  }
});

describe('vitals by route', () => {
  it('answers p75, p95 and samples per route for each vital, with the seed’s p75 on /checkout', async () => {
    for (const query of vitalsByRouteQueries().filter((q) => q.refId !== TREND_REF)) {
      const [frame] = await run(query);
      expect(shapeOf(frame!).fields.slice(0, 4)).toEqual(['route', 'p75', 'p95', 'samples']);
      const c = columnsOf(frame!);
      for (const { route } of VITAL_ROUTES) {
        const i = c.route!.indexOf(route);
        const rows = seeded(route, query.refId);
        expect([query.refId, route, c.samples![i]]).toEqual([query.refId, route, SAMPLES_PER_ROUTE]);
        const p75 = exactQuantile(
          rows.map((r) => r.value),
          0.75
        );
        expect(Math.abs((c.p75![i] as number) - p75.value)).toBeLessThanOrEqual(p75.tolerance);
      }
    }
  });

  it('gives the chosen vital’s p75 over time as one series per route', async () => {
    const trend = vitalsByRouteQueries().find((q) => q.refId === TREND_REF)!;
    const frames = nonEmpty(await run(trend, { vital: 'INP' }));
    const routes = frames.map((f) => f.schema.fields.find((x) => x.name === 'p75')?.labels?.route);
    expect(routes).toEqual(expect.arrayContaining(['/checkout', '/search', '/products/:id']));
    expect(frames[0]!.schema.fields[0]!.type).toBe('time');
  });
});

describe('the chosen vital on the chosen route', () => {
  it('has the distribution in 250 ms LCP buckets, summing to the route’s samples', async () => {
    const [frame] = await run(distributionQuery(), { route: '/checkout' });
    const c = columnsOf(frame!);
    expect(shapeOf(frame!).fields).toEqual(['bucket', 'from', 'to', 'samples', 'share']);
    expect((c.samples as number[]).reduce((a, b) => a + b, 0)).toBe(SAMPLES_PER_ROUTE);
    expect(c.from!.slice(0, 3)).toEqual([0, 250, 500]);
    // /checkout's LCP starts at 3000 ms: nothing below.
    expect((c.samples as number[]).slice(0, 12).every((n) => n === 0)).toBe(true);
  });

  it('follows $vital: INP buckets are 25 ms wide', async () => {
    const [frame] = await run(distributionQuery(), { vital: 'INP', route: '/search' });
    expect(columnsOf(frame!).to!.slice(0, 2)).toEqual([25, 50]);
  });

  it('has p75 and p95 over time', async () => {
    const frames = nonEmpty(await run(vitalOverTimeQuery(), { route: '/checkout' }));
    expect(shapeOf(frames[0]!).fields.slice(0, 3)).toEqual(['time', 'p75', 'p95']);
  });
});

describe('attribution breakdowns', () => {
  const panel = (refId: string) => attributionPanels().find((p) => p.refId === refId)!.query;

  it.each<[string, string, Record<string, number>]>([
    ['lcpElement', '/checkout', { 'div.order-summary': 10, 'img.payment-logos': 10 }],
    ['lcpResource', '/checkout', { '': 10, 'https://cdn.shop.example/img/payment-logos.png': 10 }],
    ['inpTarget', '/products/:id', { 'button#add-to-cart': 10, 'select#size': 10 }],
    ['clsSource', '/products/:id', { 'div.reviews': 10, 'div.recommendations': 10 }],
  ])('%s on %s counts the samples of each attribution value', async (refId, route, expected) => {
    const [frame] = await run(panel(refId), { route });
    const c = columnsOf(frame!);
    expect(Object.fromEntries(c.attribution!.map((v, i) => [v, c.samples![i]]))).toEqual(expected);
    expect(shapeOf(frame!).fields).toEqual([
      'attribution',
      'p75',
      'samples',
      'good_share',
      'needs_improvement_share',
      'poor_share',
      'share',
    ]);
  });

  it('breaks INP into its three phases, in the seeded proportions', async () => {
    const [frame] = await run(panel('inpPhases'), { route: '/checkout' });
    const c = columnsOf(frame!);
    expect(c.phase).toEqual(['inputDelay', 'processingDuration', 'presentationDelay']);
    expect(c.samples).toEqual([20, 20, 20]);
    expect(c.share![1]).toBeCloseTo(0.6, 2);
  });

  it('breaks LCP into its four sub-parts', async () => {
    const [frame] = await run(panel('lcpPhases'), { route: '/search' });
    expect(columnsOf(frame!).phase).toEqual([
      'timeToFirstByte',
      'resourceLoadDelay',
      'resourceLoadDuration',
      'elementRenderDelay',
    ]);
  });
});

describe('HTTP, long tasks, resources', () => {
  it('lists endpoints with requests, error rate and p95', async () => {
    const [frame] = await run(httpEndpointsQuery());
    const c = columnsOf(frame!);
    expect(shapeOf(frame!).fields).toEqual(
      expect.arrayContaining(['method', 'url_template', 'requests', 'error_rate', 'p95_ms'])
    );
    const orders = c.url_template!.indexOf('/orders');
    expect(c.requests![orders]).toBe(10);
    expect(c.error_rate![orders]).toBeCloseTo(4 / 10, 9); // i % 12 === 0 of i % 4 === 0: 0, 12, 24, 36
  });

  it('counts responses by status code, and requests over time', async () => {
    const [frame] = await run(httpStatusQuery());
    expect(columnsOf(frame!).status_code).toEqual(expect.arrayContaining([200, 201, 404, 500]));
    const series = nonEmpty(await run(httpOverTimeQuery()));
    expect(shapeOf(series[0]!).fields).toEqual(['time', 'requests', 'error_rate', 'p50_ms', 'p95_ms']);
  });

  it('ranks scripts by main-thread blocking, the payment SDK first', async () => {
    const [frame] = await run(longTasksQuery());
    const c = columnsOf(frame!);
    expect(c.script_url![0]).toBe('https://widgets.pay.example/sdk.js');
    const sdk = performanceLongTasks('', app.now).filter((r) => r.script_url === c.script_url![0]);
    expect(c.count![0]).toBe(sdk.length);
    expect(c.total_blocking_ms![0]).toBe(sdk.reduce((s, r) => s + r.blocking_duration_ms, 0));
  });

  it('lists resources by URL with their transfer sizes', async () => {
    const [frame] = await run(resourcesQuery());
    const c = columnsOf(frame!);
    const image = c.resource_url!.indexOf('https://cdn.shop.example/img/product-42.webp');
    const seededImage = performanceResources('', app.now).find((r) => r.resource_type === 'img')!;
    expect(c.avg_transfer_size![image]).toBe(seededImage.transfer_size);
    expect(Math.max(...(c.avg_transfer_size as number[]))).toBe(seededImage.transfer_size);
  });
});
