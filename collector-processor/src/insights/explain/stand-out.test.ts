/**
 * A hypothesis must stand out from the rest of its dimension (stand-out.ts), and the ranking
 * prefers the fewest segments (contribution.ts rankHypotheses), table-driven.
 */
import { rankHypotheses, type DimensionAggregates, type MetricKind } from './contribution';
import { standOut } from './stand-out';

/** One dimension from [segment, baseline x, baseline y, current x, current y] rows. */
const dim = (
  dimension: string,
  rows: Array<[string, number, number, number, number]>,
): DimensionAggregates => ({
  dimension,
  segments: rows.map(([segment, bx, by, cx, cy]) => ({
    segment,
    baseline: { x: bx, y: by },
    current: { x: cx, y: cy },
  })),
});

describe('a hypothesis must stand out from the rest of its dimension', () => {
  const cases: Array<{
    name: string;
    kind: MetricKind;
    dims: DimensionAggregates[];
    expected: Array<[dimension: string, segments: string[]]>;
  }> = [
    {
      // Unequal traffic: two countries reach 67 % of a change that is everywhere.
      name: 'a uniform rise of the share above the p75, countries of unequal traffic → nothing',
      kind: 'rate',
      dims: [
        dim('country', [
          ['US', 500, 2000, 1200, 2000],
          ['GB', 250, 1000, 600, 1000],
          ['JP', 125, 500, 300, 500],
          ['DE', 125, 500, 300, 500],
        ]),
      ],
      expected: [],
    },
    {
      // A 4× slower endpoint: every OS saturates above the old p95, from different baselines.
      name: 'a saturating slowdown from different baselines (os) → nothing',
      kind: 'rate',
      dims: [
        dim('os', [
          ['iOS', 35, 500, 480, 500],
          ['Windows', 20, 500, 475, 500],
          ['Android', 5, 200, 190, 200],
        ]),
      ],
      expected: [],
    },
    {
      name: 'a deploy error spike in every segment (count) → nothing',
      kind: 'count',
      dims: [
        dim('country', [
          ['DE', 40, 40, 400, 400],
          ['US', 30, 30, 310, 310],
          ['FR', 10, 10, 95, 95],
          ['BR', 10, 10, 105, 105],
        ]),
        dim('route', [
          ['/cart', 50, 50, 500, 500],
          ['/', 30, 30, 290, 290],
          ['/search', 10, 10, 120, 120],
        ]),
      ],
      expected: [],
    },
    {
      name: 'a handful of errors is not significant → nothing',
      kind: 'count',
      dims: [
        dim('browser', [
          ['Edge', 2, 2, 5, 5],
          ['Chrome', 60, 60, 60, 60],
          ['Safari', 40, 40, 41, 41],
        ]),
      ],
      expected: [],
    },
    {
      // Every row moved from one release to the other: the dimension is confounded with time.
      name: 'a dimension whose segments swapped entirely → nothing',
      kind: 'rate',
      dims: [
        dim('release', [
          ['2.3.0', 250, 1000, 0, 0],
          ['2.4.0', 0, 0, 800, 1000],
        ]),
      ],
      expected: [],
    },
    {
      // Errors in one browser; countries carry them by their traffic (three of them reach 67 %).
      name: 'errors in one browser: browser = Opera only, not a set of countries',
      kind: 'count',
      dims: [
        dim('country', [
          ['JP', 20, 20, 85, 85],
          ['GB', 20, 20, 80, 80],
          ['US', 20, 20, 82, 82],
          ['FR', 20, 20, 75, 75],
          ['IN', 20, 20, 78, 78],
        ]),
        dim('browser', [
          ['Opera', 10, 10, 300, 300],
          ['Chrome', 60, 60, 65, 65],
          ['Safari', 30, 30, 50, 50],
        ]),
      ],
      expected: [['browser', ['Opera']]],
    },
    {
      name: 'a new release segment slower than the old one, beside it → release',
      kind: 'rate',
      dims: [
        dim('release', [
          ['3.1.0', 0, 0, 700, 900],
          ['3.0.2', 250, 1000, 26, 100],
        ]),
      ],
      expected: [['release', ['3.1.0']]],
    },
    {
      // Both dimensions carry it; the one segment that explains it beats the pair.
      name: 'a single segment beats a set however surprising the set',
      kind: 'rate',
      dims: [
        dim('device', [
          ['tablet', 25, 100, 25, 100],
          ['mobile', 100, 400, 120, 400],
          ['desktop', 125, 500, 400, 500],
        ]),
        dim('route', [
          ['/a', 50, 200, 190, 200],
          ['/b', 50, 200, 180, 200],
          ['/c', 150, 600, 175, 600],
        ]),
      ],
      expected: [
        ['device', ['desktop']],
        ['route', ['/a', '/b']],
      ],
    },
  ];
  it.each(cases)('$name', ({ kind, dims, expected }) => {
    const ranked = rankHypotheses(kind, dims);
    expect(ranked.map((h) => [h.dimension, h.segments])).toEqual(expected);
    for (const h of ranked) {
      expect(h.lift).toBeGreaterThanOrEqual(2);
      expect(h.pValue).toBeLessThan(0.01);
      expect(h.score).toBeGreaterThan(0);
      expect(h.score).toBeLessThanOrEqual(1);
    }
  });

  it('score: explanatory power (at most 1) × the share of the change the rest did not have', () => {
    const [h] = rankHypotheses('count', [
      dim('browser', [
        ['Firefox', 10, 10, 310, 310],
        ['Chrome', 90, 90, 100, 100],
      ]),
    ]);
    const lift = 310.5 / 10.5 / (100.5 / 90.5);
    expect(h!.lift).toBeCloseTo(lift, 9);
    expect(h!.score).toBeCloseTo(Math.min(1, h!.explanatoryPower) * (1 - 1 / lift), 9);
  });
});

describe('standOut', () => {
  const side = (bx: number, by: number, cx: number, cy: number) => ({
    baseline: { x: bx, y: by },
    current: { x: cx, y: cy },
  });
  it.each<[string, 'count' | 'rate', ReturnType<typeof side>, ReturnType<typeof side>, number]>([
    // Rates: the smaller of the two lifts, in points and relative to each side's baseline.
    ['rate, the rest flat: infinite lift', 'rate', side(25, 100, 80, 100), side(75, 300, 75, 300), Infinity],
    [
      'rate, twice the rest in points, a worse baseline',
      'rate',
      side(40, 100, 60, 100),
      side(20, 100, 30, 100),
      1,
    ],
    ['rate, a drop: no lift', 'rate', side(40, 100, 30, 100), side(20, 100, 30, 100), 0],
    ['count: ratio of the two ratios', 'count', side(9.5, 10, 99.5, 100), side(19.5, 20, 39.5, 40), 5],
  ])('%s', (_name, kind, set, rest, lift) => {
    expect(standOut(kind, set, rest)!.lift).toBeCloseTo(lift, 9);
  });

  it('no rest in a window: nothing to compare with', () => {
    expect(standOut('rate', side(0, 0, 80, 100), side(25, 100, 0, 0))).toBeUndefined();
  });
});
