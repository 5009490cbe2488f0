import {
  metricChange,
  rankHypotheses,
  scoreSegments,
  surprise,
  type DimensionAggregates,
  type MetricKind,
  type SegmentAggregates,
} from './contribution';

/** One cell of route × browser traffic: x (errors, or samples above the threshold) and y (samples). */
interface Cell {
  route: string;
  browser: string;
  base: [x: number, y: number];
  cur: [x: number, y: number];
}

const ROUTES = ['/', '/product', '/checkout'];
const BROWSERS = ['Chrome', 'Firefox', 'Safari'];

/** Every route × browser cell with the same traffic, its x in each window chosen by the case. */
function grid(x: (route: string, browser: string) => [base: number, cur: number]): Cell[] {
  return ROUTES.flatMap((route) =>
    BROWSERS.map((browser) => {
      const [b, c] = x(route, browser);
      return { route, browser, base: [b, 100], cur: [c, 100] } as Cell;
    }),
  );
}

/** The per-dimension aggregates the SQL would return for these cells. */
function dimensions(cells: readonly Cell[]): DimensionAggregates[] {
  return (['route', 'browser'] as const).map((dimension) => {
    const bySegment = new Map<string, SegmentAggregates>();
    for (const c of cells) {
      const s = bySegment.get(c[dimension]) ?? {
        segment: c[dimension],
        baseline: { x: 0, y: 0 },
        current: { x: 0, y: 0 },
      };
      s.baseline.x += c.base[0];
      s.baseline.y += c.base[1];
      s.current.x += c.cur[0];
      s.current.y += c.cur[1];
      bySegment.set(c[dimension], s);
    }
    return { dimension, segments: [...bySegment.values()] };
  });
}

describe('surprise (Jensen–Shannon divergence, bits)', () => {
  it.each([
    [0.5, 0.5, 0],
    // A segment appearing from nothing: half of log2(2), Adtributor's per-segment term.
    [0, 1, 0.5],
    [1, 0, 0.5],
    [0, 0, 0],
    [0.25, 0.75, surprise(0.75, 0.25)],
  ])('S(%p, %p) = %p', (p, q, expected) => {
    expect(surprise(p, q)).toBeCloseTo(expected, 12);
  });
});

describe('rankHypotheses', () => {
  const cases: Array<{
    name: string;
    kind: MetricKind;
    cells: Cell[];
    top?: { dimension: string; segments: string[] };
  }> = [
    {
      // x = samples above the baseline p75: a quarter of each cell's samples before.
      name: "one route's LCP up → route = that route first",
      kind: 'rate',
      cells: grid((route) => [25, route === '/product' ? 80 : 25]),
      top: { dimension: 'route', segments: ['/product'] },
    },
    {
      name: 'errors in one browser → browser first',
      kind: 'count',
      cells: grid((_, browser) => [10, browser === 'Firefox' ? 70 : 10]),
      top: { dimension: 'browser', segments: ['Firefox'] },
    },
    {
      name: 'two routes slower → both, and nothing in browser',
      kind: 'rate',
      cells: grid((route) => [25, route === '/' ? 25 : 60]),
      top: { dimension: 'route', segments: ['/product', '/checkout'] },
    },
  ];
  it.each(cases)('$name', ({ kind, cells, top }) => {
    const [first, ...rest] = rankHypotheses(kind, dimensions(cells));
    expect(first).toMatchObject(top!);
    expect(first!.explanatoryPower).toBeCloseTo(1, 9);
    // Every value of the other dimension got its share of the change: all of them, no hypothesis.
    expect(rest).toEqual([]);
    expect(first!.surprise).toBeGreaterThan(0.005);
  });

  it('one route slower: its numbers are its own rate before and after', () => {
    const [first] = rankHypotheses('rate', dimensions(grid((route) => [25, route === '/product' ? 80 : 25])));
    expect(first).toMatchObject({ baseline: 0.25, current: 0.8 });
  });

  it.each<[string, MetricKind]>([
    ['rate', 'rate'],
    ['count', 'count'],
  ])('a uniform shift (%s) → no segment with a high surprise', (_, kind) => {
    const dims = dimensions(grid(() => [25, 50]));
    const scores = dims.flatMap((d) => scoreSegments(kind, d.segments));
    expect(Math.max(...scores.map((s) => s.surprise))).toBeLessThan(1e-9);
    // Every segment explains its traffic's share of the change, none stands out.
    for (const s of scores) expect(s.explanatoryPower).toBeCloseTo(1 / 3, 9);
    // It takes every route (or browser) to explain it: no hypothesis at all.
    expect(rankHypotheses(kind, dims)).toEqual([]);
  });
});

describe('scoreSegments: contributions add up to the change', () => {
  const segments: SegmentAggregates[] = [
    { segment: 'a', baseline: { x: 10, y: 100 }, current: { x: 30, y: 200 } },
    { segment: 'b', baseline: { x: 40, y: 100 }, current: { x: 20, y: 50 } },
    // Only in the baseline, and only in the current window.
    { segment: 'gone', baseline: { x: 5, y: 20 }, current: { x: 0, y: 0 } },
    { segment: 'new', baseline: { x: 0, y: 0 }, current: { x: 9, y: 10 } },
    { segment: 'other', other: true, baseline: { x: 3, y: 30 }, current: { x: 3, y: 30 } },
  ];
  it.each<MetricKind>(['rate', 'count'])('%s: Σ explanatory power = 1', (kind) => {
    const scores = scoreSegments(kind, segments);
    expect(scores.reduce((a, s) => a + s.explanatoryPower, 0)).toBeCloseTo(1, 12);
  });

  it('a segment whose rate and traffic share stayed put contributes nothing', () => {
    const steady: SegmentAggregates[] = [
      { segment: 'slow', baseline: { x: 50, y: 100 }, current: { x: 50, y: 100 } },
      { segment: 'fast', baseline: { x: 10, y: 100 }, current: { x: 40, y: 100 } },
    ];
    const [slow, fast] = scoreSegments('rate', steady);
    expect(slow!.explanatoryPower).toBeCloseTo(0, 12);
    expect(fast!.explanatoryPower).toBeCloseTo(1, 12);
  });

  it('no change: no explanatory power and no hypothesis', () => {
    const flat: DimensionAggregates = {
      dimension: 'route',
      segments: [{ segment: '/', baseline: { x: 5, y: 10 }, current: { x: 5, y: 10 } }],
    };
    expect(metricChange('rate', flat.segments).change).toBe(0);
    expect(scoreSegments('rate', flat.segments)[0]!.explanatoryPower).toBe(0);
    expect(rankHypotheses('rate', [flat])).toEqual([]);
  });

  it('a single-valued dimension (every row in one release) is no hypothesis', () => {
    const dim: DimensionAggregates = {
      dimension: 'release',
      segments: [{ segment: '1.0.0', baseline: { x: 5, y: 10 }, current: { x: 9, y: 10 } }],
    };
    expect(rankHypotheses('rate', [dim])).toEqual([]);
  });

  it('never chooses the "other" bucket', () => {
    const dim: DimensionAggregates = {
      dimension: 'route',
      segments: [
        { segment: '/', baseline: { x: 10, y: 100 }, current: { x: 10, y: 100 } },
        { segment: '(other)', other: true, baseline: { x: 10, y: 100 }, current: { x: 90, y: 100 } },
      ],
    };
    expect(rankHypotheses('rate', [dim])).toEqual([]);
  });
});
