/**
 * Contribution analysis on a real processor (issue #16, "Explain"): rows seeded straight into the
 * signal tables, where one route's LCP got 2 s slower in the current window, and errors rose in
 * one browser only. The top hypothesis must name that route / browser, the per-segment aggregates
 * must be the counts this test computes from its own seed, and each hypothesis's PulseTrace
 * queries, posted to /api/v1/query, must answer the hypothesis's numbers.
 */
import { explainChange, type Explanation } from '../src/insights/explain/explain';
import type { Window } from '../src/insights/explain/segments-sql';
import type { RunningProcessor } from '../src/processor';
import type { ErrorRow, WebVitalRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, queryFrames } from './helpers/query';
import { errorEvent, minuteAgo, msOf, percentile, webVital } from './helpers/seed-performance';

jest.setTimeout(60_000);

const ROUTES = ['/', '/product', '/checkout'];
const BROWSERS = ['Chrome', 'Firefox', 'Safari'];
const COUNTRIES = ['DE', 'FR'];
/** Minute-aligned, so the pre-aggregate a reproducing query may read covers the same rows. */
const BASELINE: Window = { from: minuteAgo(120), to: minuteAgo(60) };
const CURRENT: Window = { from: minuteAgo(60), to: minuteAgo(0) };
const WINDOWS = [BASELINE, CURRENT];

let p: RunningProcessor;

/** 150 samples per window over 50 minutes, spread over routes × browsers × countries. */
function cells(project: string, w: Window) {
  return Array.from({ length: 150 }, (_, i) => ({
    atMs: w.from + i * 20_000,
    project_id: project,
    route: ROUTES[i % 3]!,
    browser_name: BROWSERS[Math.floor(i / 3) % 3]!,
    country: COUNTRIES[Math.floor(i / 9) % 2]!,
  }));
}

const inWindow = (row: { timestamp: string }, w: Window) =>
  msOf(row.timestamp) >= w.from && msOf(row.timestamp) < w.to;

/**
 * Each hypothesis's two queries through the API: its field in the answer's first row, or for an
 * attribution key in the row of its value.
 */
async function assertReproduced(e: Explanation) {
  expect(e.hypotheses.length).toBeGreaterThan(0);
  for (const h of e.hypotheses)
    for (const which of ['baseline', 'current'] as const) {
      const [frame] = await queryFrames(p, h.queries[which]);
      const c = columns(frame!);
      const i = h.row ? c.attribution!.indexOf(h.row.attribution) : 0;
      expect(i).toBeGreaterThanOrEqual(0);
      expect(Number(c[h.field]![i])).toBeCloseTo(h[which], 9);
    }
}

beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(() => p?.stop());

describe('one route got slower', () => {
  let vitals: WebVitalRow[];
  let project: string;
  let e: Explanation;

  beforeAll(async () => {
    project = (await createProject(p.url)).id;
    vitals = WINDOWS.flatMap((w) =>
      cells(project, w).map((c, i) =>
        webVital(c, {
          name: 'LCP',
          value: 1500 + ((i * 53) % 1000) + (w === CURRENT && c.route === '/product' ? 2000 : 0),
          // The heavier hero image is /product's LCP element: attribution.target says the same.
          attribution: { target: c.route === '/product' ? 'img.hero' : 'h1.title' },
        }),
      ),
    );
    await insertRows(p, 'web_vitals', vitals);
    e = await explainChange(p.store.client, {
      project,
      metric: { type: 'web_vital', metric: 'LCP' },
      baseline: BASELINE,
      current: CURRENT,
    });
  });

  it('ranks route = /product first, with its LCP element as surprising', () => {
    expect(e.hypotheses[0]).toMatchObject({ dimension: 'route', segments: ['/product'], field: 'p75' });
    expect(e.hypotheses[0]!.explanatoryPower).toBeGreaterThan(0.9);
    // Same rows, same scores; the stored dimension comes first on a tie.
    expect(e.hypotheses[1]).toMatchObject({
      dimension: 'attribution.target',
      segments: ['img.hero'],
      surprise: e.hypotheses[0]!.surprise,
      row: { attribution: 'img.hero' },
    });
    // Browser explains the change too (each browser has its share of /product) but is no surprise.
    for (const h of e.hypotheses.slice(2)) expect(h.surprise).toBeLessThan(e.hypotheses[0]!.surprise / 10);
  });

  it('threshold and per-segment counts are those of the seed', () => {
    const baselineValues = vitals.filter((r) => inWindow(r, BASELINE)).map((r) => r.value);
    expect(e.threshold!).toBeCloseTo(percentile(baselineValues, 0.75), -1);
    const expected = ROUTES.map((route) => {
      const of = (w: Window) => vitals.filter((r) => r.route === route && inWindow(r, w));
      const above = (w: Window) => of(w).filter((r) => r.value > e.threshold!).length;
      return {
        segment: route,
        other: false,
        baseline: { x: above(BASELINE), y: of(BASELINE).length },
        current: { x: above(CURRENT), y: of(CURRENT).length },
      };
    });
    const route = e.dimensions.find((d) => d.dimension === 'route')!;
    const bySegment = (a: { segment: string }, b: { segment: string }) => a.segment.localeCompare(b.segment);
    expect([...route.segments].sort(bySegment)).toEqual(expected.sort(bySegment));
    expect(expected.find((s) => s.segment === '/product')!.current.x).toBe(50);
  });

  it("reports /product's own p75 before and after", () => {
    const product = (w: Window) =>
      vitals.filter((r) => r.route === '/product' && inWindow(r, w)).map((r) => r.value);
    const [top] = e.hypotheses;
    // t-digest, as the web_vitals query: within 2 % of the exact percentile.
    expect(Math.abs(top!.baseline / percentile(product(BASELINE), 0.75) - 1)).toBeLessThan(0.02);
    expect(Math.abs(top!.current / percentile(product(CURRENT), 0.75) - 1)).toBeLessThan(0.02);
    // Its evidence: distribution-free intervals from the 50 samples each window holds, covering
    // the exact p75, and a significant shift.
    for (const [which, w] of [
      ['baseline', BASELINE],
      ['current', CURRENT],
    ] as const) {
      const s = top!.stats![which];
      expect(s.samples).toBe(50);
      expect(s.low).toBeLessThanOrEqual(percentile(product(w), 0.75));
      expect(s.high).toBeGreaterThanOrEqual(percentile(product(w), 0.75));
    }
    expect(top!.stats!.change).toMatchObject({ significant: true });
    expect(top!.stats!.change.low).toBeGreaterThan(1000);
  });

  it("each hypothesis's queries answer its numbers through POST /api/v1/query", async () => {
    expect(e.hypotheses[0]!.queries.current).toMatchObject({
      type: 'web_vitals',
      project,
      metric: 'LCP',
      view: 'table',
      filters: { route: ['/product'] },
      from: CURRENT.from,
      to: CURRENT.to,
    });
    await assertReproduced(e);
  });

  it('keeps the top K segments per dimension and sums the rest into "other"', async () => {
    const small = await explainChange(p.store.client, {
      project,
      metric: { type: 'web_vital', metric: 'LCP' },
      baseline: BASELINE,
      current: CURRENT,
      topK: 1,
    });
    const route = small.dimensions.find((d) => d.dimension === 'route')!;
    expect(route.segments.map((s) => [s.segment, s.other])).toEqual([
      ['/product', false],
      ['', true],
    ]);
    expect(route.segments[1]!.baseline.y + route.segments[0]!.baseline.y).toBe(150);
  });
});

describe('errors in one browser', () => {
  let errors: ErrorRow[];
  let e: Explanation;

  beforeAll(async () => {
    const project = (await createProject(p.url)).id;
    // 10 errors per browser in the baseline; Firefox 40 in the current window.
    errors = WINDOWS.flatMap((w) =>
      cells(project, w)
        .filter((c, i) => i % 5 === 0 || (w === CURRENT && c.browser_name === 'Firefox' && i % 5 !== 4))
        .map((c) => errorEvent(c)),
    );
    await insertRows(p, 'errors', errors);
    e = await explainChange(p.store.client, {
      project,
      metric: { type: 'errors' },
      baseline: BASELINE,
      current: CURRENT,
    });
  });

  it('ranks browser = Firefox first, with the seed counts', () => {
    const count = (w: Window) => errors.filter((r) => r.browser_name === 'Firefox' && inWindow(r, w)).length;
    expect(e.hypotheses[0]).toMatchObject({
      dimension: 'browser',
      segments: ['Firefox'],
      field: 'errors',
      baseline: count(BASELINE),
      current: count(CURRENT),
    });
    expect(count(CURRENT)).toBeGreaterThan(3 * count(BASELINE));
    // Poisson intervals on both counts; the rise is significant.
    const { stats } = e.hypotheses[0]!;
    expect(stats!.baseline.low).toBeLessThan(count(BASELINE));
    expect(stats!.current.high).toBeGreaterThan(count(CURRENT));
    expect(stats!.change).toMatchObject({ estimate: count(CURRENT) - count(BASELINE), significant: true });
  });

  it("each hypothesis's queries answer its numbers through POST /api/v1/query", async () => {
    await assertReproduced(e);
  });
});
